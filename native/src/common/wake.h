// How the watcher thread sleeps between polls, and how a writer of this
// library wakes it at once. Three implementations, one per file:
// linux/wake_futex.cc (futexes, one sleep on several words with
// futex_waitv), windows/wake_windows.cc (WaitForMultipleObjects on the
// companions' named events) and darwin/wake_portable.cc (a condition
// variable, so the watcher is woken by its own process's settings changes
// and otherwise polls). The #ifs left below are in inline code a write runs
// (wakeCounterSleepers) and in the class's members: a header has no
// platform file to move them to without a call on every write.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "backend.h"

namespace shm {

// A full barrier: on x86-64 a locked instruction on the stack (as Linux's
// smp_mb) costs less than mfence.
inline void fullFence() {
#if defined(__x86_64__) && defined(__GNUC__)
  __asm__ __volatile__("lock; orl $0, (%%rsp)" ::: "memory", "cc");
#else
  std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

// wakeCounterSleepers found a watcher's flag set: clears it and, when this
// writer is the one that cleared it, wakes every sleeper (FUTEX_WAKE on
// Linux; on Windows SetEvent on the event of each watcher whose bit it
// cleared). A sleeper sets the flag again before its next sleep, so the
// writes in between cost no system call.
void wakeFlaggedSleepers(const CounterWake& wake);

// Names the calling thread "shm-watcher" where the platform shows thread
// names (Linux: /proc/<pid>/task/<tid>/comm), so that its CPU shows apart
// from the host's own (the benchmark splits the idle host's cost this way).
void nameWatcherThread();

// Called by a writer after it bumped a block's write counter and released the
// block's lock (SharedBlock::wakeWatchers says why after): wakes the
// watchers sleeping on it. Costs a fence and a load, plus a system call only
// when a watcher went to sleep on that counter since the last wake. Inline:
// every write runs it, and nearly every one ends at the load.
#if defined(__linux__) || defined(_WIN32)
inline void wakeCounterSleepers(const CounterWake& wake) {
  if (wake.asleep == nullptr) return;  // a read-only block, or no way to sleep on this one
  // Pairs with the fence in WatcherSleep::sleep(): either this load sees the
  // flag, or the sleeper sees the new counter and does not sleep.
  fullFence();
  if (wake.asleep->load(std::memory_order_relaxed) != 0) wakeFlaggedSleepers(wake);
}
#else
inline void wakeCounterSleepers(const CounterWake&) {}  // the watcher polls (wake_portable.cc)
#endif

// One counter a watcher sleeps on: its word as seen before the poll (a bump
// since then ends the sleep at once). `owner` keeps the companion mapped
// and `sleeper` the watcher's registration (its slot and event on Windows)
// while the watcher sleeps, even if the block is closed meanwhile.
struct CounterWait {
  CounterWake wake;
  std::uint32_t seen;
  std::shared_ptr<BlockLock> owner;
  std::shared_ptr<SleeperWake> sleeper;
};

// The watcher thread's sleep. interrupt() comes from the JavaScript thread
// (ranges changed, stop); the counters from writers in any process.
class WatcherSleep {
 public:
#if defined(_WIN32)
  WatcherSleep();  // makes the interrupt event
  ~WatcherSleep();
  WatcherSleep(const WatcherSleep&) = delete;
  WatcherSleep& operator=(const WatcherSleep&) = delete;
#endif
  // Read before a poll; pass to sleep() so an interrupt in between is not lost.
  std::uint32_t interruptions() const { return interruptions_.load(std::memory_order_acquire); }
  void interrupt();
  // Returns when interrupted since `seen`, when a counter moved from its seen
  // value, or after `timeout` (never, when there is none). Returns true when
  // a counter (a writer of this library) ended the sleep.
  bool sleep(std::uint32_t seen, const std::vector<CounterWait>& counters,
             std::optional<std::chrono::microseconds> timeout);

 private:
  std::atomic<std::uint32_t> interruptions_{0};  // a private futex word on Linux
  std::mutex mutex_;                             // the portable sleep's
  std::condition_variable changed_;
#if defined(_WIN32)
  void* interruptEvent_ = nullptr;  // a HANDLE: auto-reset, set by interrupt()
#endif
};

}  // namespace shm
