#include "watcher.h"

#include "shm_error.h"

#include <algorithm>
#include <cstring>

#include "shm_limits.h"

#include "wake.h"

namespace shm {

std::vector<ByteInterval> changedRuns(const std::uint8_t* before, const std::uint8_t* after, std::size_t length) {
  std::vector<ByteInterval> runs;
  for (std::size_t chunk = 0; chunk < length; chunk += kCompareChunk) {
    const std::size_t end = std::min(chunk + kCompareChunk, length);
    if (std::memcmp(before + chunk, after + chunk, end - chunk) == 0) continue;
    for (std::size_t i = chunk; i < end; ++i) {
      if (before[i] == after[i]) continue;
      if (!runs.empty() && mergesAcrossGap(i - runs.back().end)) runs.back().end = i + 1;
      else runs.push_back({i, i + 1});
    }
  }
  return runs;
}

double steadyNowMs() {
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  return std::chrono::duration<double, std::milli>(now).count();
}

namespace {

// A writer holds the lock for well under a microsecond, and one that just
// woke us may still hold it: try a few times over ~200 µs before skipping the
// block for this poll. A lock held longer (a stuck or slow process) costs a
// poll no more than that, and never a wait.
SharedBlock::WatchRead readWithShortDeadline(SharedBlock& block, std::uint64_t offset, std::size_t length,
                                             std::uint8_t* out) {
  constexpr int kAttempts = 8;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    SharedBlock::WatchRead read = SharedBlock::WatchRead::Busy;
    try {
      read = block.readForWatcher(offset, length, out, SharedBlock::IfBusy::Skip);
    } catch (const Error& error) {
      // A prefault past the end of a block that shrank: as the copy's own fault.
      read = error.code() == ErrorCode::Truncated ? SharedBlock::WatchRead::Shrunk : SharedBlock::WatchRead::Busy;
    } catch (const std::exception&) {
      // A lock error, or a range with no memory behind it (ErrorCode::Fault): as busy, try again later.
      read = SharedBlock::WatchRead::Busy;
    }
    if (read != SharedBlock::WatchRead::Busy) return read;
    if (attempt + 1 < kAttempts) std::this_thread::sleep_for(std::chrono::microseconds(25));
  }
  return SharedBlock::WatchRead::Busy;
}

}  // namespace

BlockWatcher::BlockWatcher(std::function<void(bool urgent)> notify, WatcherTiming timing)
    : notify_(std::move(notify)), timing_(timing) {
  if (timing_.fastest > timing_.slowest) timing_.fastest = timing_.slowest;
  if (timing_.idle < timing_.slowest) timing_.idle = timing_.slowest;
  thread_ = std::thread([this] { run(); });
}

BlockWatcher::~BlockWatcher() { stop(); }

void BlockWatcher::stop() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  sleep_.interrupt();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  std::lock_guard<std::mutex> guard(mutex_);
  entries_.clear();  // drops the blocks and companions this watcher kept
  queued_.clear();
  queuedBytes_ = 0;
}

void BlockWatcher::run() {
  nameWatcherThread();
  using Clock = std::chrono::steady_clock;
  std::chrono::microseconds interval = timing_.fastest;
  Clock::time_point lastActive = Clock::now();  // the last poll that found a change or a busy block
  // Sustained: the last window of `sustainedAfter` found a change in at least
  // half the polls a `sustained` interval would make. Counted per window, not
  // per gap, so a writer whose timer slips now and then stays sustained.
  Clock::time_point windowStart = lastActive;
  std::uint64_t windowChanges = 0;
  bool sustained = false;
  const bool canSustain = timing_.sustained > timing_.fastest;
  const std::uint64_t sustainedChanges = canSustain ? timing_.sustainedAfter / (timing_.sustained * 2) : 0;
  std::unique_lock<std::mutex> guard(mutex_);
  while (!stopping_) {
    const std::uint32_t interruptions = sleep_.interruptions();
    // The counters are read before the poll: a write after it ends the sleep at once.
    std::vector<CounterWait>& counters = countersToSleepOn();
    const Clock::time_point now = Clock::now();
    if (canSustain && now - windowStart >= timing_.sustainedAfter) {
      sustained = windowChanges >= sustainedChanges;
      windowStart = now;
      windowChanges = 0;
    }
    // A skipped block is looked at again soon, as are blocks that just changed.
    if (pollDue(now)) {
      ++windowChanges;
      interval = sustained ? timing_.sustained : timing_.fastest;
      lastActive = now;
    } else if (now - lastActive >= timing_.idleAfter) {
      interval = timing_.idle;  // quiet for a while: one look a frame
    } else {
      interval = std::min(interval * 2, timing_.slowest);
    }
    ++stats_.polls;
    monitorDue(now);
    if (sustained) counters.clear();  // a writer that keeps writing: one look per interval, not one per write
    releaseHeldSignal(Clock::now());
    std::optional<std::chrono::microseconds> timeout = sleepFor(interval, Clock::now());
    if (heldSignal_) {  // wake when the held signal is due, not a poll later
      const auto due = std::max(std::chrono::duration_cast<std::chrono::microseconds>(holdUntil_ - Clock::now()),
                                std::chrono::microseconds(0));
      timeout = timeout ? std::min(*timeout, due) : due;
    }
    guard.unlock();
    const bool byWriter = sleep_.sleep(interruptions, counters, timeout);
    counters.clear();  // may unmap a companion whose block was closed meanwhile
    guard.lock();
    if (byWriter) ++stats_.wokenByWriters;
  }
}

bool BlockWatcher::pollDue(std::chrono::steady_clock::time_point now) {
  bool active = false;
  for (auto& [name, entry] : entries_) {
    if (entry.slowPoll.count() > 0) {
      if (now - entry.lastPolled < entry.slowPoll) continue;
      entry.lastPolled = now;
      pollEntry(name, entry);  // its changes do not speed up the others' poll
      continue;
    }
    const std::uint64_t skippedBefore = stats_.skippedBusy;
    const bool changed = pollEntry(name, entry);
    active = changed || stats_.skippedBusy != skippedBefore || active;
  }
  return active;
}

void BlockWatcher::monitorDue(std::chrono::steady_clock::time_point now) {
  if (timing_.monitor.count() == 0) return;
  for (auto& [name, entry] : entries_) {
    const auto every = entry.slowPoll.count() > 0 ? std::max(timing_.monitor, timing_.monitorHidden) : timing_.monitor;
    if (now - entry.lastMonitored < every) continue;
    entry.lastMonitored = now;
    monitorEntry(name, entry);
  }
}

// What the JavaScript side's half-second timer did before (fstat and lstat on
// its main thread, a wake of it twice a second): done here, where the thread
// is awake anyway, and JavaScript hears only of a finding.
void BlockWatcher::monitorEntry(const std::string& name, Entry& entry) {
  const std::optional<SharedBlock::Standing> standing = entry.block->standingForWatcher();
  if (!standing) return;  // closed: the poll reports it
  ChangeBatch batch;
  if (!standing->linked && !entry.unlinkedReported) {
    entry.unlinkedReported = true;
    batch.unlinked = true;
  }
  const std::uint64_t known = entry.shrunkReported ? entry.shrunkTo : entry.block->size();
  if (standing->size < known) reportShrunk(entry, batch, standing->size);  // each smaller size once
  if (entry.skippedBusy != entry.skippedBusyMonitored) {
    entry.skippedBusyMonitored = entry.skippedBusy;
    batch.busy = true;
  }
  if (!batch.unlinked && !batch.shrunk && !batch.busy) return;
  batch.name = name;
  batch.detectedAtMs = steadyNowMs();
  queue(std::move(batch), entry);
}

std::optional<std::chrono::microseconds> BlockWatcher::sleepFor(std::chrono::microseconds adaptive,
                                                               std::chrono::steady_clock::time_point now) const {
  std::optional<std::chrono::microseconds> timeout;
  for (const auto& [name, entry] : entries_) {
    std::chrono::microseconds wait = adaptive;
    if (entry.slowPoll.count() > 0) {
      const auto due = std::chrono::duration_cast<std::chrono::microseconds>(entry.lastPolled + entry.slowPoll - now);
      wait = std::max(due, std::chrono::microseconds(0));
    }
    if (!timeout || wait < *timeout) timeout = wait;
  }
  return timeout;
}

bool BlockWatcher::setSlowPoll(const std::string& name, std::chrono::microseconds interval) {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    const auto found = entries_.find(name);
    if (found == entries_.end()) return false;
    Entry& entry = found->second;
    // Just becoming slow: its last poll was the adaptive one, a moment ago.
    if (entry.slowPoll.count() == 0 && interval.count() > 0) entry.lastPolled = std::chrono::steady_clock::now();
    entry.slowPoll = interval;
  }
  sleep_.interrupt();  // the thread sleeps on other counters, or for another time; made fast: polled at once
  return true;
}

std::vector<CounterWait>& BlockWatcher::countersToSleepOn() {
  std::vector<CounterWait>& counters = sleepCounters_;  // kept: no allocation at each wake
  counters.clear();
  for (auto& [name, entry] : entries_) {
    if (!entry.sleeper || entry.slowPoll.count() > 0) continue;  // slow: its writers do not wake us
    const CounterWake& wake = entry.sleeper->wake;
    if (wake.word == nullptr || wake.asleep == nullptr) continue;  // polled (entry.sleeper->pollReason)
    counters.push_back({wake, wake.word->load(std::memory_order_acquire), entry.lock, entry.sleeper});
  }
  return counters;
}

bool BlockWatcher::pollAll() {
  bool changed = false;
  for (auto& [name, entry] : entries_) changed = pollEntry(name, entry) || changed;
  return changed;
}

namespace {
// The parts of `run` (relative to `base`) outside the sorted, disjoint absolute
// intervals `quiet`, relative to `base` again.
std::vector<ByteInterval> outsideQuiet(ByteInterval run, std::uint64_t base, const std::vector<ByteInterval>& quiet) {
  std::vector<ByteInterval> parts;
  std::uint64_t start = base + run.start;
  const std::uint64_t end = base + run.end;
  for (const ByteInterval& q : quiet) {
    if (q.end <= start) continue;
    if (q.start >= end) break;
    if (q.start > start) parts.push_back({start - base, q.start - base});
    start = std::max(start, q.end);
    if (start >= end) return parts;
  }
  if (start < end) parts.push_back({start - base, end - base});
  return parts;
}
}  // namespace

bool BlockWatcher::pollEntry(const std::string& name, Entry& entry) {
  if (!entry.coalescing && queueFull(entry)) {
    // JavaScript has not taken the queue for a while: from here this block's
    // changes are merged into one "changed since" batch, measured against a
    // copy of the snapshots as they are now.
    entry.coalescing = true;
    entry.coalesceBase = entry.snapshots;
    entry.coalescingSinceMs = steadyNowMs();
    entry.coalescedPolls = 0;
  }
  ChangeBatch batch;  // named only when queued: most polls of an idle block queue nothing
  bool changed = false;
  for (Snapshot& snapshot : entry.snapshots) {
    if (snapshot.range.end > entry.block->size()) continue;  // the name was reopened smaller
    // Past the end it shrank to: what is left of the range (a whole small block's one range) is still read.
    const std::uint64_t end = entry.shrunkReported ? std::min(snapshot.range.end, entry.shrunkTo) : snapshot.range.end;
    if (end <= snapshot.range.start) continue;
    const std::size_t length = static_cast<std::size_t>(end - snapshot.range.start);
    scratch_.resize(length);
    const SharedBlock::WatchRead read = readWithShortDeadline(*entry.block, snapshot.range.start, length, scratch_.data());
    if (read == SharedBlock::WatchRead::Busy) {
      ++stats_.skippedBusy;
      ++entry.skippedBusy;
      break;  // never wait for a lock; the rest of this block waits for the next poll
    }
    if (read == SharedBlock::WatchRead::Closed) {
      if (!entry.closedReported) batch.closed = true;
      entry.closedReported = true;
      break;
    }
    if (read == SharedBlock::WatchRead::Shrunk) {
      noteShrunk(entry, batch);
      continue;
    }
    if (entry.coalescing) {
      changed = changed || std::memcmp(snapshot.bytes.data(), scratch_.data(), length) != 0;
    } else {
      for (const ByteInterval& differs : changedRuns(snapshot.bytes.data(), scratch_.data(), length)) {
        for (const ByteInterval& run : outsideQuiet(differs, snapshot.range.start, entry.quiet)) {
          const auto from = static_cast<std::ptrdiff_t>(run.start);
          const auto to = static_cast<std::ptrdiff_t>(run.end);
          batch.changes.push_back({snapshot.range.start + run.start,
                                   std::vector<std::uint8_t>(scratch_.begin() + from, scratch_.begin() + to),
                                   std::vector<std::uint8_t>(snapshot.bytes.begin() + from, snapshot.bytes.begin() + to)});
        }
      }
    }
    if (length == snapshot.bytes.size()) {
      snapshot.bytes.swap(scratch_);  // the new bytes become the snapshot; scratch_ is reused
    } else {
      std::memcpy(snapshot.bytes.data(), scratch_.data(), length);  // a range cut by a shrink keeps its length
    }
  }
  if (entry.coalescing && changed) {
    entry.lastCoalescedMs = steadyNowMs();
    ++entry.coalescedPolls;
    ++stats_.coalescedPolls;
    signalJavaScript(entry);  // take() queues the merged batch
  }
  if (batch.closed) flushCoalesced(name, entry);  // the block's last changes come before its close
  changed = changed || !batch.changes.empty();
  if (batch.changes.empty() && !batch.closed && !batch.shrunk) return changed;
  batch.name = name;
  batch.detectedAtMs = steadyNowMs();
  queue(std::move(batch), entry);
  return changed;
}

// Another process shrank the block past a watched range: reported once, and
// the ranges past its new end are no longer read (each read would fault).
void BlockWatcher::noteShrunk(Entry& entry, ChangeBatch& batch) {
  if (entry.shrunkReported) return;
  reportShrunk(entry, batch, entry.block->currentSize());
}

// From here the ranges past `size` are no longer read, and the batch says so.
void BlockWatcher::reportShrunk(Entry& entry, ChangeBatch& batch, std::uint64_t size) {
  entry.shrunkReported = true;
  entry.shrunkTo = size;
  batch.shrunk = true;
  batch.newSize = size;
}

namespace {
// What a queued batch costs, counted against the caps: its bytes and a fixed
// amount for each change's and the batch's own bookkeeping.
constexpr std::uint64_t kQueuedItemCost = 64;

std::uint64_t batchCost(const ChangeBatch& batch) {
  std::uint64_t cost = kQueuedItemCost + batch.name.size();
  for (const ByteChange& change : batch.changes) cost += kQueuedItemCost + change.bytes.size() + change.before.size();
  return cost;
}
}  // namespace

bool BlockWatcher::queueFull(const Entry& entry) const {
  return queuedBytes_ >= kMaxQueuedChangeBytes || entry.queuedBytes >= kMaxQueuedChangeBytesPerBlock ||
         queued_.size() >= kMaxQueuedBatches;
}

void BlockWatcher::queue(ChangeBatch batch, Entry& entry) {
  const std::uint64_t cost = batchCost(batch);
  queuedBytes_ += cost;
  entry.queuedBytes += cost;
  queued_.push_back(std::move(batch));
  signalJavaScript(entry);
}

bool BlockWatcher::queueFilling(const Entry& entry) const {
  return queuedBytes_ >= kMaxQueuedChangeBytes / kWatcherUrgentQueueDivisor ||
         entry.queuedBytes >= kMaxQueuedChangeBytesPerBlock / kWatcherUrgentQueueDivisor ||
         queued_.size() >= kMaxQueuedBatches / kWatcherUrgentQueueDivisor;
}

// JavaScript takes the queue at its own pace (at most once a frame while
// changes come): one signal when the queue becomes non-empty, and one more,
// urgent, if it fills up meanwhile, so that pacing never costs a coalesced span.
void BlockWatcher::signalJavaScript(const Entry& entry) {
  if (stopping_) return;
  if (!notified_) {
    // Held (take(holdSignal)) unless the queue is filling: the thread sends it when due.
    if (std::chrono::steady_clock::now() < holdUntil_ && !queueFilling(entry)) {
      if (heldSignal_) return;
      heldSignal_ = true;
      // Found by pollNow() on another thread: the watcher thread's sleep must end by then.
      if (std::this_thread::get_id() != thread_.get_id()) sleep_.interrupt();
      return;
    }
    heldSignal_ = false;
    notified_ = true;
    notify_(false);
  } else if (!urgentNotified_ && queueFilling(entry)) {
    urgentNotified_ = true;
    notify_(true);
  }
}

void BlockWatcher::flushCoalesced(const std::string& name, Entry& entry) {
  if (!entry.coalescing) return;
  ChangeBatch batch;
  batch.name = name;
  batch.coalesced = true;
  batch.coalescedSinceMs = entry.coalescingSinceMs;
  batch.coalescedPolls = entry.coalescedPolls;
  // When the last merged change was seen: later polls found none, so `bytes` are as that poll read them.
  batch.detectedAtMs = entry.coalescedPolls > 0 ? entry.lastCoalescedMs : steadyNowMs();
  // setRanges flushes before it changes the intervals, so base and snapshots cover the same ranges.
  const std::size_t count = std::min(entry.coalesceBase.size(), entry.snapshots.size());
  for (std::size_t i = 0; i < count; ++i) {
    const Snapshot& base = entry.coalesceBase[i];
    const Snapshot& now = entry.snapshots[i];
    if (base.bytes.size() != now.bytes.size()) continue;
    for (const ByteInterval& run : changedRuns(base.bytes.data(), now.bytes.data(), now.bytes.size())) {
      const auto from = static_cast<std::ptrdiff_t>(run.start);
      const auto to = static_cast<std::ptrdiff_t>(run.end);
      batch.changes.push_back({now.range.start + run.start,
                               std::vector<std::uint8_t>(now.bytes.begin() + from, now.bytes.begin() + to),
                               std::vector<std::uint8_t>(base.bytes.begin() + from, base.bytes.begin() + to)});
    }
  }
  entry.coalescing = false;
  std::vector<Snapshot>().swap(entry.coalesceBase);
  entry.coalescedPolls = 0;
  // Past the cap on purpose: at most one such batch per block, as large as what is watched.
  if (!batch.changes.empty() || batch.coalescedPolls > 0) queue(std::move(batch), entry);
}

std::vector<std::uint8_t> BlockWatcher::freshBytes(const Entry& entry, ByteInterval interval) {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(interval.end - interval.start), 0);
  if (interval.end > entry.block->size()) return bytes;  // past the end: the next polls skip it
  try {
    const auto read =
        entry.block->readForWatcher(interval.start, bytes.size(), bytes.data(), SharedBlock::IfBusy::ReadWithoutLock);
    if (read == SharedBlock::WatchRead::Shrunk) std::fill(bytes.begin(), bytes.end(), 0);  // the next poll reports it
  } catch (const std::exception&) {
    // Zeros: the next poll reports the real bytes as changes.
  }
  return bytes;
}

std::vector<std::uint8_t> BlockWatcher::setRanges(const std::string& name, std::shared_ptr<SharedBlock> block,
                                                  std::vector<ByteInterval> intervals, ByteInterval answer) {
  std::vector<std::uint8_t> shown;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    auto found = entries_.find(name);
    if (found != entries_.end()) {
      pollEntry(name, found->second);  // pending changes go to the old watchers
      flushCoalesced(name, found->second);
    }
    if (intervals.empty()) {
      if (found != entries_.end()) entries_.erase(found);
    } else {
      Entry& entry = entries_[name];
      if (entry.block != block) {
        entry.block = std::move(block);
        entry.lock = entry.block->lockForWatcher();
        // This watcher's own registration with the block's writers (a slot and an event on Windows).
        entry.sleeper = entry.lock ? entry.lock->registerSleeper() : nullptr;
        entry.closedReported = false;
        entry.shrunkReported = false;
        entry.unlinkedReported = false;
      }
      std::vector<Snapshot> snapshots;
      for (const ByteInterval& interval : intervals) {
        Snapshot snapshot{interval, freshBytes(entry, interval)};
        // Keep what the watchers saw where the old snapshots overlap: no change is lost.
        for (const Snapshot& old : entry.snapshots) {
          const std::uint64_t start = std::max(old.range.start, interval.start);
          const std::uint64_t end = std::min(old.range.end, interval.end);
          if (end <= start) continue;
          std::memcpy(snapshot.bytes.data() + (start - interval.start), old.bytes.data() + (start - old.range.start),
                      static_cast<std::size_t>(end - start));
        }
        if (answer.start >= interval.start && answer.end <= interval.end && answer.end > answer.start) {
          const auto from = snapshot.bytes.begin() + static_cast<std::ptrdiff_t>(answer.start - interval.start);
          shown.assign(from, from + static_cast<std::ptrdiff_t>(answer.end - answer.start));
        }
        snapshots.push_back(std::move(snapshot));
      }
      entry.snapshots = std::move(snapshots);
    }
  }
  sleep_.interrupt();  // the thread sleeps on other counters, or not at all
  return shown;
}

bool BlockWatcher::setQuiet(const std::string& name, std::vector<ByteInterval> quiet) {
  std::lock_guard<std::mutex> guard(mutex_);
  const auto found = entries_.find(name);
  if (found == entries_.end()) return false;
  found->second.quiet = std::move(quiet);
  return true;
}

void BlockWatcher::pollNow() {
  std::lock_guard<std::mutex> guard(mutex_);
  pollAll();
}

void BlockWatcher::releaseHeldSignal(std::chrono::steady_clock::time_point now) {
  if (!heldSignal_ || now < holdUntil_ || stopping_) return;
  heldSignal_ = false;
  if (notified_) return;
  notified_ = true;
  notify_(false);
}

std::vector<ChangeBatch> BlockWatcher::take(std::optional<std::chrono::microseconds> holdSignal) {
  std::lock_guard<std::mutex> guard(mutex_);
  notified_ = false;
  urgentNotified_ = false;
  heldSignal_ = false;  // what it held is taken now
  if (holdSignal) holdUntil_ = std::chrono::steady_clock::now() + *holdSignal;
  for (auto& [name, entry] : entries_) flushCoalesced(name, entry);
  std::vector<ChangeBatch> batches;
  batches.swap(queued_);
  queuedBytes_ = 0;
  for (auto& [name, entry] : entries_) entry.queuedBytes = 0;
  return batches;
}

std::string BlockWatcher::pollReason(const std::string& name) {
  std::lock_guard<std::mutex> guard(mutex_);
  const auto found = entries_.find(name);
  if (found == entries_.end()) return "the block is not watched";
  if (!found->second.sleeper) return "the block was opened read-only: no writer of this library counts its writes";
  return found->second.sleeper->pollReason;
}

std::uint64_t BlockWatcher::watchedBytes() {
  std::lock_guard<std::mutex> guard(mutex_);
  std::uint64_t total = 0;
  for (const auto& [name, entry] : entries_) {
    for (const Snapshot& snapshot : entry.snapshots) total += snapshot.range.end - snapshot.range.start;
  }
  return total;
}

WatcherStats BlockWatcher::stats() {
  std::lock_guard<std::mutex> guard(mutex_);
  WatcherStats stats = stats_;
  stats.queuedBytes = queuedBytes_;
  return stats;
}

}  // namespace shm
