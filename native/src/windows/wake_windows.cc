// Windows: each watcher thread registers with each block it watches
// (BlockLock::registerSleeper, backend_windows.cc): a slot in the block's
// watcher table "<name>.lock.slots" and an auto-reset named event of its own.
// Before it sleeps it sets its slot's bit in the table's `asleep` word; a
// writer of this library, after bumping the block's write counter, finds the
// word non-zero, clears it and sets the event of every watcher whose bit it
// cleared. The watcher thread sleeps with WaitForMultipleObjects on its own
// interrupt event and its events of the blocks it watches, with the poll
// timeout.
//
// No missed wake: a watcher sets its bit, then (after a full fence) looks at
// the counters once more and does not sleep if one moved since its poll. A
// bump after that look is followed by the writer's fence and load of the
// word, which finds the bit set (or a writer that cleared it first sets the
// event after the bit was set), so the watcher's event is set after its look
// and ends its wait. The event is auto-reset and no one else waits on it, so
// no other watcher can consume or reset that signal. (Until this version the
// block had one manual-reset event that every watcher process waited on and
// reset: one watcher's ResetEvent could fall between a writer's SetEvent and
// another watcher's wait, which then saw the write a poll late.) A stale
// signal (set by a write the watcher had already seen) costs one poll.
//
// A watcher that could not register (all kWakeSlots slots taken by live
// watchers, a table of another layout, a name the system refuses) is not
// woken: it finds that block's writes by polling (SleeperWake::pollReason).
#include <windows.h>

#include <algorithm>
#include <cstdlib>

#include "shm_limits.h"
#include "wake.h"

namespace shm {

namespace {

// Without an interrupt event (its creation failed) the watcher wakes at least
// this often, so that stop() is never kept waiting for a whole poll interval.
constexpr DWORD kWithoutInterruptEventMs = 10;

// The poll timeout in whole milliseconds, rounded up: 500 µs must not become
// a zero timeout (a busy loop).
DWORD waitMilliseconds(std::optional<std::chrono::microseconds> timeout) {
  if (!timeout) return INFINITE;
  const long long ms = (timeout->count() + 999) / 1000;
  return static_cast<DWORD>(std::min<long long>(std::max<long long>(ms, 0), INFINITE - 1));
}

// TEST ONLY (kWakeGapEnvVar): 0 unless a test asks for a gap.
DWORD testGapBeforeWaitMs() {
  static const DWORD gap = [] {
    const char* text = std::getenv(kWakeGapEnvVar);
    const unsigned long ms = text == nullptr ? 0 : std::strtoul(text, nullptr, 10);
    return static_cast<DWORD>(ms < kMaxWakeGapMs ? ms : kMaxWakeGapMs);
  }();
  return gap;
}

bool anyCounterMoved(const std::vector<CounterWait>& counters) {
  for (const CounterWait& counter : counters) {
    if (counter.wake.word->load(std::memory_order_acquire) != counter.seen) return true;
  }
  return false;
}

}  // namespace

void nameWatcherThread() {}  // the benchmark reads thread names on Linux only

void wakeFlaggedSleepers(const CounterWake& wake) {
  if (wake.lock == nullptr) return;
  // The writer that clears a watcher's bit sets that watcher's event.
  const std::uint32_t bits = wake.asleep->exchange(0, std::memory_order_acq_rel);
  if (bits != 0) wake.lock->wakeSleepers(bits);
}

WatcherSleep::WatcherSleep() : interruptEvent_(CreateEventW(nullptr, FALSE, FALSE, nullptr)) {}

WatcherSleep::~WatcherSleep() {
  if (interruptEvent_ != nullptr) CloseHandle(static_cast<HANDLE>(interruptEvent_));
}

void WatcherSleep::interrupt() {
  interruptions_.fetch_add(1, std::memory_order_acq_rel);
  if (interruptEvent_ != nullptr) SetEvent(static_cast<HANDLE>(interruptEvent_));
}

bool WatcherSleep::sleep(std::uint32_t seen, const std::vector<CounterWait>& counters,
                         std::optional<std::chrono::microseconds> timeout) {
  // The interrupt event is auto-reset: an interrupt already counted in `seen`
  // may leave it set, which costs one extra poll.
  HANDLE handles[MAXIMUM_WAIT_OBJECTS];
  DWORD count = 0;
  if (interruptEvent_ != nullptr) handles[count++] = static_cast<HANDLE>(interruptEvent_);
  // One wait takes at most MAXIMUM_WAIT_OBJECTS (64) handles: the interrupt
  // event and 63 blocks' events. The blocks beyond them get no wake (this
  // watcher's bit is not set, so it costs their writers no system call):
  // their writes, like foreign ones, are found by the poll at the timeout.
  for (const CounterWait& counter : counters) {
    if (count == MAXIMUM_WAIT_OBJECTS) break;
    const auto event = static_cast<HANDLE>(counter.wake.event);
    if (event == nullptr || std::find(handles, handles + count, event) != handles + count) continue;
    counter.wake.asleep->fetch_or(counter.wake.asleepBit, std::memory_order_relaxed);
    handles[count++] = event;
  }
  // Pairs with the writer's fence (wakeCounterSleepers).
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (interruptions_.load(std::memory_order_acquire) != seen) return false;
  if (anyCounterMoved(counters)) return true;

  DWORD wait = waitMilliseconds(timeout);
  if (interruptEvent_ == nullptr) wait = std::min(wait, kWithoutInterruptEventMs);
  if (count == 0) {
    Sleep(wait);
    return false;
  }
  if (testGapBeforeWaitMs() != 0 && !counters.empty()) Sleep(testGapBeforeWaitMs());
  const DWORD result = WaitForMultipleObjects(count, handles, FALSE, wait);
  if (result == WAIT_FAILED) {
    Sleep(std::min(wait, kWithoutInterruptEventMs));  // never a busy loop, and stop() still ends it soon
    return false;
  }
  if (result == WAIT_TIMEOUT) return false;
  // The event that ended the wait reset itself (auto-reset): nothing to undo.
  return anyCounterMoved(counters);
}

}  // namespace shm
