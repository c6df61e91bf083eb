// Windows: a writer of this library, after bumping a block's write counter,
// sets the block's named event "<name>.lock.wake" (backend_windows.cc), but
// only when the companion's watcherAsleep flag says a watcher sleeps; the
// watcher thread sleeps with WaitForMultipleObjects on its own interrupt event
// and the events of the blocks it watches, with the poll timeout.
//
// No missed wake with one watcher: it sets the flag, then (after a full
// fence) looks at the counters once more and does not sleep if one moved
// since its poll. A bump after that look is followed by the writer's fence
// and load of the flag, which finds it set (or a writer that cleared it first
// sets the event after the flag was set), so the event is set after the
// watcher's look and ends its wait.
//
// The event is manual-reset, so one SetEvent releases every watcher process
// sleeping on the block; each watcher resets the event that woke it. With
// several watcher processes on one block, one's reset may fall between a
// writer's SetEvent and another's wait: that other then sees the write at its
// next poll, one poll interval late, never later (every wait of a watched
// block has the poll timeout). A stale signal (set by a write the watcher had
// already seen) costs one poll, after which the event is reset.
#if defined(_WIN32)

#include <windows.h>

#include <algorithm>

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

bool anyCounterMoved(const std::vector<CounterWait>& counters) {
  for (const CounterWait& counter : counters) {
    if (counter.wake.word->load(std::memory_order_acquire) != counter.seen) return true;
  }
  return false;
}

}  // namespace

void wakeFlaggedSleepers(const CounterWake& wake) {
  if (wake.event == nullptr) return;
  // One writer clears the flag and sets the event.
  if (wake.asleep->exchange(0, std::memory_order_acq_rel) == 0) return;
  SetEvent(static_cast<HANDLE>(wake.event));
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
  // event and 63 blocks' events. The blocks beyond them get no wake (their
  // flag is not set, so their writers make no system call): their writes,
  // like foreign ones, are found by the poll at the timeout.
  for (const CounterWait& counter : counters) {
    if (count == MAXIMUM_WAIT_OBJECTS) break;
    const auto event = static_cast<HANDLE>(counter.wake.event);
    if (event == nullptr || std::find(handles, handles + count, event) != handles + count) continue;
    counter.wake.asleep->store(1, std::memory_order_relaxed);
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
  const DWORD result = WaitForMultipleObjects(count, handles, FALSE, wait);
  if (result == WAIT_FAILED) {
    Sleep(std::min(wait, kWithoutInterruptEventMs));  // never a busy loop, and stop() still ends it soon
    return false;
  }
  if (result == WAIT_TIMEOUT) return false;
  const DWORD index = result - WAIT_OBJECT_0;
  if (index < count && handles[index] != interruptEvent_) ResetEvent(handles[index]);
  return anyCounterMoved(counters);
}

}  // namespace shm

#endif  // _WIN32
