// Linux: the watcher sleeps with futex_waitv (Linux 5.16+) on its interrupt
// word and on the low 32 bits of each watched block's write counter, so a
// write through this library in any process wakes it at once. Where the
// kernel lacks futex_waitv it sleeps on the interrupt word alone and polls.
#include <errno.h>
#include <pthread.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <climits>

#include "wake.h"

#ifndef __NR_futex_waitv
#define __NR_futex_waitv 449
#endif

namespace shm {

namespace {

constexpr std::uint32_t kFutex32 = 2;  // FUTEX_32: the size flag of futex2 calls

long futex(std::atomic<std::uint32_t>* word, int op, std::uint32_t value, const timespec* timeout) {
  return syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), op, value, timeout, nullptr, 0);
}

timespec deadlineAfter(std::chrono::microseconds timeout) {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  const long long ns = static_cast<long long>(now.tv_nsec) + timeout.count() * 1000LL;
  return {now.tv_sec + static_cast<time_t>(ns / 1000000000LL), static_cast<long>(ns % 1000000000LL)};
}

timespec relative(std::chrono::microseconds timeout) {
  return {static_cast<time_t>(timeout.count() / 1000000), static_cast<long>(timeout.count() % 1000000) * 1000L};
}

std::atomic<bool> waitvMissing{false};  // set once futex_waitv said ENOSYS

// The fallback: the interrupt word only (private futex), with the timeout.
void sleepOnInterrupts(std::atomic<std::uint32_t>& word, std::uint32_t seen,
                       std::optional<std::chrono::microseconds> timeout) {
  const timespec pause = timeout ? relative(*timeout) : timespec{};
  futex(&word, FUTEX_WAIT_PRIVATE, seen, timeout ? &pause : nullptr);
}

}  // namespace

void nameWatcherThread() { pthread_setname_np(pthread_self(), "shm-watcher"); }

void wakeFlaggedSleepers(const CounterWake& wake) {
  if (wake.word == nullptr) return;
  // One writer clears the flag and wakes every sleeper.
  if (wake.asleep->exchange(0, std::memory_order_acq_rel) == 0) return;
  futex(wake.word, FUTEX_WAKE, INT_MAX, nullptr);  // shared: the sleeper may be another process
}

void WatcherSleep::interrupt() {
  interruptions_.fetch_add(1, std::memory_order_acq_rel);
  futex(&interruptions_, FUTEX_WAKE_PRIVATE, INT_MAX, nullptr);
}

bool WatcherSleep::sleep(std::uint32_t seen, const std::vector<CounterWait>& counters,
                         std::optional<std::chrono::microseconds> timeout) {
  if (counters.empty() || waitvMissing || counters.size() + 1 > FUTEX_WAITV_MAX) {
    sleepOnInterrupts(interruptions_, seen, timeout);
    return false;
  }
  // On the stack: this runs at every wake of an idle watcher (62 a second), where an allocation shows.
  std::array<futex_waitv, FUTEX_WAITV_MAX> words;  // only the first counters.size() + 1 are set and passed
  words[0] = {seen, reinterpret_cast<std::uintptr_t>(&interruptions_), kFutex32 | FUTEX_PRIVATE_FLAG, 0};
  for (std::size_t i = 0; i < counters.size(); ++i) {
    counters[i].wake.asleep->store(1, std::memory_order_relaxed);
    words[i + 1] = {counters[i].seen, reinterpret_cast<std::uintptr_t>(counters[i].wake.word), kFutex32, 0};
  }
  // Pairs with the writer's fence (wakeCounterSleepers).
  std::atomic_thread_fence(std::memory_order_seq_cst);
  const timespec deadline = timeout ? deadlineAfter(*timeout) : timespec{};
  const long woken = syscall(__NR_futex_waitv, words.data(), static_cast<unsigned>(counters.size() + 1), 0,
                             timeout ? &deadline : nullptr, CLOCK_MONOTONIC);
  const int error = woken < 0 ? errno : 0;
  if (woken < 0 && error == ENOSYS) {
    waitvMissing = true;
    sleepOnInterrupts(interruptions_, seen, timeout);
    return false;
  }
  // EAGAIN: a word had already moved (a write or an interrupt came first).
  if (woken < 0 && error == EAGAIN) {
    for (const CounterWait& counter : counters) {
      if (counter.wake.word->load(std::memory_order_acquire) != counter.seen) return true;
    }
    return false;
  }
  return woken > 0;
}

}  // namespace shm
