// The native watcher: one background thread per host compares the watched
// ranges of every watched block with snapshots of them, and queues what
// changed for JavaScript. Its cost follows what windows show, never the block
// size: per block it reads only the union of the watched ranges (set by the
// caller), compares 256 bytes at a time (a byte scan only inside chunks that
// differ) and merges changed bytes fewer than 16 bytes apart.
//
// It sleeps between polls: woken at once by a write through this library in
// any process (wake.h), and polling for foreign writers every `fastest` while
// changes arrive, backing off by doubling to `slowest` while none do, and to
// `idle` (one frame) once none has come for `idleAfter` (shm_limits.h). A
// block given a slow interval (setSlowPoll: no window shows it) is polled
// only that often and no writer wakes the thread for it. It never waits for a
// block's lock: a block whose lock is busy is skipped this poll.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "shared_block.h"
#include "shm_limits.h"
#include "wake.h"

namespace shm {

struct ByteInterval {
  std::uint64_t start;
  std::uint64_t end;  // exclusive
};

struct ByteChange {
  std::uint64_t offset;
  std::vector<std::uint8_t> bytes;   // after the change
  std::vector<std::uint8_t> before;  // the snapshot's bytes it replaced (for the change history)
};

// What one poll found in one block.
struct ChangeBatch {
  std::string name;
  std::vector<ByteChange> changes;
  bool closed = false;             // the watched block was closed (reported once)
  bool shrunk = false;             // another process shrank the block (reported once per new size)
  std::uint64_t newSize = 0;       // its size then (shrunk only)
  // The monitor's findings (WatcherTiming::monitor): the name no longer leads
  // to the watched object (reported once per object), and polls skipped the
  // block because its lock was held (reported once per monitor interval).
  bool unlinked = false;
  bool busy = false;
  double detectedAtMs = 0;         // steady clock, milliseconds
  // A "changed since" batch: the queue was full (shm_limits.h), so the polls
  // from coalescedSinceMs to detectedAtMs were merged into one batch whose
  // `before` is the bytes as they were when coalescing began and `bytes` as
  // they are now; the states in between are not known.
  bool coalesced = false;
  double coalescedSinceMs = 0;
  std::uint64_t coalescedPolls = 0;  // polls that found a change and were merged
};

struct WatcherTiming {
  std::chrono::microseconds fastest{kWatcherFastestPollUs};
  std::chrono::microseconds slowest{kWatcherSlowestPollUs};
  // The interval once nothing changed for `idleAfter` (at least `slowest`).
  std::chrono::microseconds idle{kWatcherIdlePollUs};
  std::chrono::milliseconds idleAfter{kWatcherIdleAfterMs};
  // The interval while changes keep coming for `sustainedAfter` (writers do not wake it then).
  std::chrono::microseconds sustained{kWatcherSustainedPollUs};
  std::chrono::milliseconds sustainedAfter{kWatcherSustainedAfterMs};
  // The monitor: this often the thread, which wakes anyway, looks at each
  // block for what a poll cannot see (its name unlinked or taken by another
  // object, a shrink outside the watched ranges, a busy lock) and queues a
  // batch only when it finds one, so JavaScript keeps no timer for it. Every
  // `monitorHidden` for a block on the slow poll (hidden windows). Zero: off.
  std::chrono::microseconds monitor{0};
  std::chrono::microseconds monitorHidden{0};
};

struct WatcherStats {
  std::uint64_t polls = 0;           // polls by the thread
  std::uint64_t wokenByWriters = 0;  // sleeps ended by a counter bump
  std::uint64_t skippedBusy = 0;     // blocks skipped because their lock was busy
  std::uint64_t coalescedPolls = 0;  // polls whose changes went into a "changed since" batch (queue full)
  std::uint64_t queuedBytes = 0;     // change bytes queued now (at most about kMaxQueuedChangeBytes)
};

// The watcher's merge rule: two changed bytes with fewer than kMergeGap
// unchanged bytes between them belong to one run (reported with the bytes
// between), so a record rewritten field by field is one change, not many.
// 15 unchanged bytes between merge, 16 do not (tests/native/watcher.test.ts
// tries both). The same number as ranges.ts's changedRuns, which the
// TypeScript side checks on its own.
constexpr std::size_t kMergeGap = 16;
constexpr bool mergesAcrossGap(std::size_t unchangedBetween) { return unchangedBetween < kMergeGap; }

// The changed runs between two equal-length byte arrays, relative to their
// start, merged by mergesAcrossGap; compared kCompareChunk bytes at a time.
constexpr std::size_t kCompareChunk = 256;
std::vector<ByteInterval> changedRuns(const std::uint8_t* before, const std::uint8_t* after, std::size_t length);

// Milliseconds on the steady clock (CLOCK_MONOTONIC), as detectedAtMs.
double steadyNowMs();

class BlockWatcher {
 public:
  // `notify` runs on the watcher thread when the queue becomes non-empty
  // (urgent false: the caller may take it within a frame), and once more, urgent,
  // if the queue then reaches 1/kWatcherUrgentQueueDivisor of a cap before
  // take() (take it now, or its changes will be coalesced). It must only
  // signal (the caller then calls take() on its own thread).
  BlockWatcher(std::function<void(bool urgent)> notify, WatcherTiming timing);
  ~BlockWatcher();
  BlockWatcher(const BlockWatcher&) = delete;
  BlockWatcher& operator=(const BlockWatcher&) = delete;

  // Sets the intervals watched in block `name` (sorted, disjoint; empty:
  // stop watching it). First queues the changes found against the current
  // snapshots, so a caller that takes them before updating its clients
  // delivers them to the clients that watched until now. Snapshot bytes of
  // the old intervals are kept (the next poll reports any difference to
  // them); new parts are read now. Returns the snapshot's bytes of `answer`
  // (inside one of the intervals; empty otherwise): what a new watcher is
  // shown, measured against the same snapshot as the changes that follow.
  std::vector<std::uint8_t> setRanges(const std::string& name, std::shared_ptr<SharedBlock> block,
                                      std::vector<ByteInterval> intervals, ByteInterval answer);
  // Polls block `name` at most once every `interval` (zero: the adaptive
  // poll again), and no longer sleeps on its writers' counter meanwhile: its
  // windows are hidden and only the History needs its changes. Returns
  // whether `name` is watched (the interval is forgotten with its ranges).
  bool setSlowPoll(const std::string& name, std::chrono::microseconds interval);
  // Differences inside `quiet` (sorted, disjoint) of block `name` update its
  // snapshot but are not queued, and so signal nothing: whole-block history
  // leaves out the rows the fast watcher records, which a busy writer may
  // change 1,000 times a second. Returns whether `name` is watched (the quiet
  // ranges are forgotten with its ranges).
  bool setQuiet(const std::string& name, std::vector<ByteInterval> quiet);
  // Polls every watched block now, on the calling thread.
  void pollNow();
  // The batches queued since the last take(), oldest first. With `holdSignal`,
  // notify() for changes found from now on waits until that long after this
  // take (the caller's pace: one take a frame, one wake of its thread per
  // take, no timer of its own); without it, a hold set before stays.
  std::vector<ChangeBatch> take(std::optional<std::chrono::microseconds> holdSignal = std::nullopt);
  // Why a writer of this library does not wake this watcher for block
  // `name`, which it then polls; empty when one does.
  std::string pollReason(const std::string& name);
  std::uint64_t watchedBytes();
  WatcherStats stats();
  // Ends and joins the thread; no notify() after it returns. Idempotent.
  void stop();

 private:
  struct Snapshot {
    ByteInterval range;
    std::vector<std::uint8_t> bytes;
  };
  struct Entry {
    std::shared_ptr<SharedBlock> block;
    std::shared_ptr<BlockLock> lock;  // its counter is what the thread sleeps on
    std::shared_ptr<SleeperWake> sleeper;  // this watcher's registration with the block's writers
    std::vector<Snapshot> snapshots;
    std::vector<ByteInterval> quiet;  // setQuiet: changes inside are not queued
    bool closedReported = false;
    bool shrunkReported = false;
    std::uint64_t shrunkTo = 0;  // once shrunk: ranges past it are no longer read
    std::uint64_t queuedBytes = 0;  // of this block's batches in queued_
    // While the queue is full: the snapshots as they were when coalescing
    // began (the `before` of the "changed since" batch), and what it merged.
    bool coalescing = false;
    std::vector<Snapshot> coalesceBase;
    double coalescingSinceMs = 0;
    double lastCoalescedMs = 0;  // the last poll that found a change while coalescing
    std::uint64_t coalescedPolls = 0;
    // setSlowPoll: polled at most this often (zero: every poll), and when it last was.
    std::chrono::microseconds slowPoll{0};
    std::chrono::steady_clock::time_point lastPolled{};
    // The monitor: when it last looked, what it reported, and the polls that
    // found the block busy (against the count at its last look).
    std::chrono::steady_clock::time_point lastMonitored{};
    bool unlinkedReported = false;
    std::uint64_t skippedBusy = 0;
    std::uint64_t skippedBusyMonitored = 0;
  };

  void run();
  // Called with mutex_ held. Polls the adaptive blocks and the slow ones that
  // are due; returns whether an adaptive one changed or was busy.
  bool pollDue(std::chrono::steady_clock::time_point now);
  // Called with mutex_ held: the monitor's look at each block that is due.
  void monitorDue(std::chrono::steady_clock::time_point now);
  void monitorEntry(const std::string& name, Entry& entry);
  // How long the thread may sleep: `adaptive` while an adaptive block is
  // watched, else until the next slow block is due; nothing when none is.
  std::optional<std::chrono::microseconds> sleepFor(std::chrono::microseconds adaptive,
                                                    std::chrono::steady_clock::time_point now) const;
  // Called with mutex_ held.
  bool pollAll();
  // Returns whether the block changed (queued, or merged into a coalesced batch).
  bool pollEntry(const std::string& name, Entry& entry);
  void queue(ChangeBatch batch, Entry& entry);
  bool queueFull(const Entry& entry) const;
  // Queues the entry's "changed since" batch, if it is coalescing, and ends coalescing.
  void flushCoalesced(const std::string& name, Entry& entry);
  void signalJavaScript(const Entry& entry);
  // Called with mutex_ held: the held signal is due, so it is sent.
  void releaseHeldSignal(std::chrono::steady_clock::time_point now);
  // Whether the queue holds 1/kWatcherUrgentQueueDivisor of one of its caps.
  bool queueFilling(const Entry& entry) const;
  void noteShrunk(Entry& entry, ChangeBatch& batch);
  void reportShrunk(Entry& entry, ChangeBatch& batch, std::uint64_t size);
  // Called with mutex_ held, on the thread: refills sleepCounters_ and returns it.
  std::vector<CounterWait>& countersToSleepOn();
  std::vector<std::uint8_t> freshBytes(const Entry& entry, ByteInterval interval);

  std::function<void(bool urgent)> notify_;
  WatcherTiming timing_;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::vector<ChangeBatch> queued_;
  std::uint64_t queuedBytes_ = 0;  // change bytes in queued_ (see batchCost)
  bool notified_ = false;  // notify() ran and take() has not yet
  bool urgentNotified_ = false;  // notify(true) ran and take() has not yet
  // take(holdSignal): no notify() before holdUntil_; heldSignal_ once one waits for it.
  std::chrono::steady_clock::time_point holdUntil_{};
  bool heldSignal_ = false;
  bool stopping_ = false;
  std::vector<std::uint8_t> scratch_;
  std::vector<CounterWait> sleepCounters_;  // the thread's only: what it sleeps on (countersToSleepOn)
  WatcherStats stats_;
  WatcherSleep sleep_;
  std::thread thread_;
};

}  // namespace shm
