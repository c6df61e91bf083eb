// macOS: the watcher sleeps on a condition variable, woken by its own
// process's interrupts (ranges changed, stop); writes are found by polling.
#include "wake.h"

namespace shm {

void wakeFlaggedSleepers(const CounterWake&) {}

void nameWatcherThread() {}  // the benchmark reads thread names on Linux only

void WatcherSleep::interrupt() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    interruptions_.fetch_add(1, std::memory_order_acq_rel);
  }
  changed_.notify_all();
}

bool WatcherSleep::sleep(std::uint32_t seen, const std::vector<CounterWait>&,
                         std::optional<std::chrono::microseconds> timeout) {
  std::unique_lock<std::mutex> guard(mutex_);
  const auto interrupted = [&] { return interruptions_.load(std::memory_order_acquire) != seen; };
  if (timeout) changed_.wait_for(guard, *timeout, interrupted);
  else changed_.wait(guard, interrupted);
  return false;
}

}  // namespace shm
