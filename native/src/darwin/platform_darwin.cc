// macOS's half of the POSIX backend (posix/posix_platform.h): no /dev/shm,
// no /proc, no posix_fallocate on shared memory, no robust mutexes and no
// pthread_mutex_timedlock.
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "posix/posix_platform.h"

namespace shm::posix {

std::string displayPath(const std::string& name) { return "/" + name; }

int nameOpenFlags() { return 0; }

bool statName(const std::string& name, struct stat* info) {
  const int current = shm_open(("/" + name).c_str(), O_RDONLY | O_NOFOLLOW, 0);
  if (current < 0) return false;
  const bool stated = fstat(current, info) == 0;
  close(current);
  return stated;
}

std::string processCommand(std::uint32_t) { return ""; }

int reservePages(int, std::uint64_t) { return EOPNOTSUPP; }

Populated populateRange(std::uint8_t*, std::uint64_t, bool) { return Populated::Unsupported; }

void makeRobust(pthread_mutexattr_t*) {}

bool recoverFromDeadHolder(int, pthread_mutex_t*) { return false; }

int lockWithin(pthread_mutex_t* mutex, std::uint32_t timeoutMs) {
  const std::uint64_t deadline = monotonicMilliseconds() + timeoutMs;
  int rc = EBUSY;
  while (rc == EBUSY && monotonicMilliseconds() < deadline) {
    sleepMilliseconds(1);
    rc = pthread_mutex_trylock(mutex);
  }
  return rc == EBUSY ? ETIMEDOUT : rc;
}

}  // namespace shm::posix
