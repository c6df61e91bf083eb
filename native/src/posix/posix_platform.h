// What the POSIX backend (backend_posix.cc, shared by Linux and macOS) asks
// of the system it runs on: one implementation in linux/platform_linux.cc,
// one in darwin/platform_darwin.cc. Only what differs between the two is here.
#pragma once

#include <pthread.h>
#include <sys/stat.h>
#include <time.h>

#include <cstdint>
#include <string>

namespace shm::posix {

// Where a user finds the object named `name`: /dev/shm/<name> on Linux, the
// name itself ("/<name>") on macOS, which shows its objects nowhere.
std::string displayPath(const std::string& name);

// The flags every shm_open of a name adds to O_NOFOLLOW: on Linux
// O_NONBLOCK (an O_RDONLY open of a FIFO, which any user can make in
// /dev/shm, would otherwise wait for a writer for ever; on a regular file it
// changes nothing, so it stays set) and O_CLOEXEC (the descriptor stays out of
// the children we launch). macOS has no files in its shm_open namespace,
// hence no FIFO there, and its shm_open accepts fewer flags.
int nameOpenFlags();

// What `name` names now, never following a link and never blocking (Linux: an
// lstat of /dev/shm/<name>, which opens nothing; macOS: a non-blocking,
// non-following shm_open). false when there is no such name.
bool statName(const std::string& name, struct stat* info);

// " (node)": the command of process `pid` where the system tells it (/proc), else "".
std::string processCommand(std::uint32_t pid);

// Reserves the pages of [0, size) so that no later touch can fault (Linux:
// posix_fallocate; tmpfs lets ftruncate promise more than it has). 0, or the
// error; EOPNOTSUPP where the system cannot (macOS), and prefault() guards instead.
int reservePages(int fd, std::uint64_t size);

// Asks the kernel to populate [start, start + length) (Linux 5.14+:
// MADV_POPULATE_READ / _WRITE). Unsupported where it cannot be asked.
enum class Populated { Yes, No, Unsupported };
Populated populateRange(std::uint8_t* start, std::uint64_t length, bool forWrite);

// Robust mutexes (POSIX.1-2008) keep a dead holder from wedging the lock:
// the next locker gets EOWNERDEAD. macOS has none: there the lock is
// process-shared but not robust.
void makeRobust(pthread_mutexattr_t* attributes);
// true when `rc` says the holder died and the mutex was made consistent again.
bool recoverFromDeadHolder(int rc, pthread_mutex_t* mutex);

// Waits for a busy mutex up to `timeoutMs`: 0, ETIMEDOUT, or the error
// (Linux: pthread_mutex_timedlock; macOS, which has none: trylock polled).
int lockWithin(pthread_mutex_t* mutex, std::uint32_t timeoutMs);

// Both platforms: the clocks the deadlines use.
inline void sleepMilliseconds(long ms) {
  timespec pause{0, ms * 1000000L};
  nanosleep(&pause, nullptr);
}

inline std::uint64_t monotonicMilliseconds() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1000 + static_cast<std::uint64_t>(now.tv_nsec) / 1000000;
}

}  // namespace shm::posix
