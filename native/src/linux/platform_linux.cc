// Linux's half of the POSIX backend (posix/posix_platform.h): /dev/shm,
// /proc, posix_fallocate, MADV_POPULATE_*, robust mutexes with a timed lock.
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>

#include <fstream>

#include "posix/posix_platform.h"

#ifndef MADV_POPULATE_READ  // Linux 5.14; older headers lack the names
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif

namespace shm::posix {

namespace {

// A deadline `timeoutMs` from now on the clock pthread_mutex_timedlock uses.
timespec realtimeDeadline(std::uint32_t timeoutMs) {
  timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += timeoutMs / 1000;
  deadline.tv_nsec += static_cast<long>(timeoutMs % 1000) * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec += 1;
    deadline.tv_nsec -= 1000000000L;
  }
  return deadline;
}

}  // namespace

std::string displayPath(const std::string& name) { return "/dev/shm/" + name; }

int nameOpenFlags() { return O_NONBLOCK | O_CLOEXEC; }

bool statName(const std::string& name, struct stat* info) { return lstat(displayPath(name).c_str(), info) == 0; }

std::string processCommand(std::uint32_t pid) {
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string command;
  if (comm && std::getline(comm, command) && !command.empty()) return " (" + command + ")";
  return "";
}

int reservePages(int fd, std::uint64_t size) { return posix_fallocate(fd, 0, static_cast<off_t>(size)); }

Populated populateRange(std::uint8_t* start, std::uint64_t length, bool forWrite) {
  const int advice = forWrite ? MADV_POPULATE_WRITE : MADV_POPULATE_READ;
  for (;;) {
    if (madvise(start, static_cast<size_t>(length), advice) == 0) return Populated::Yes;
    if (errno == EINTR || errno == EAGAIN) continue;
    if (errno != EINVAL) return Populated::No;  // EFAULT / ENOMEM: a touch would raise SIGBUS
    return Populated::Unsupported;             // a kernel before 5.14: no MADV_POPULATE_*
  }
}

void makeRobust(pthread_mutexattr_t* attributes) { pthread_mutexattr_setrobust(attributes, PTHREAD_MUTEX_ROBUST); }

bool recoverFromDeadHolder(int rc, pthread_mutex_t* mutex) {
  if (rc != EOWNERDEAD) return false;
  pthread_mutex_consistent(mutex);
  return true;
}

int lockWithin(pthread_mutex_t* mutex, std::uint32_t timeoutMs) {
  const timespec deadline = realtimeDeadline(timeoutMs);
  return pthread_mutex_timedlock(mutex, &deadline);
}

}  // namespace shm::posix
