// POSIX backend: the block is a shm_open object mapped with mmap; its lock is a
// robust, process-shared pthread mutex in a companion object "<name>.lock".
#if !defined(_WIN32)

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>

#include "backend.h"
#include "shm_error.h"
#include "shm_limits.h"

// Robust mutexes (POSIX.1-2008) are what keeps a dead holder from wedging the
// lock. macOS has none: there the lock is process-shared but not robust.
#if defined(__APPLE__)
#define SHM_ROBUST_MUTEX 0
#else
#define SHM_ROBUST_MUTEX 1
#endif

namespace shm {

namespace {

// Owner read/write only: the block may hold whatever the user puts in it.
// umask can only clear bits, so shm_open's mode needs no fchmod afterwards.
constexpr mode_t kObjectMode = 0600;

std::string objectPath(const std::string& name) { return "/" + name; }
std::string companionPath(const std::string& name) { return "/" + name + kLockSuffix; }

std::string displayPath(const std::string& name) {
#if defined(__linux__)
  return "/dev/shm/" + name;  // where Linux shows POSIX shared-memory objects
#else
  return "/" + name;
#endif
}

void sleepMilliseconds(long ms) {
  timespec pause{0, ms * 1000000L};
  nanosleep(&pause, nullptr);
}

[[noreturn]] void throwOsError(const char* call, int err, const std::string& name) {
  const std::string where = " (" + std::string(call) + " on " + displayPath(name) + ")";
  switch (err) {
    case EACCES:
    case EPERM:
      throw Error(ErrorCode::Permission,
                  "permission denied for shared memory \"" + name +
                      "\": it belongs to another user or its mode forbids access" + where);
    case ENOENT:
      throw Error(ErrorCode::NotFound, "no shared memory block named \"" + name + "\"" + where);
    case ENAMETOOLONG:
      throw Error(ErrorCode::Name, "the system refuses the name \"" + name + "\" as too long" +
                                       where);
    default:
      throw Error(ErrorCode::System, std::string(std::strerror(err)) + where);
  }
}

// Closes a descriptor unless released; keeps the error paths leak-free.
class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  ~FdGuard() { if (fd_ >= 0) close(fd_); }
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;
  int get() const { return fd_; }
  int release() { int fd = fd_; fd_ = -1; return fd; }

 private:
  int fd_;
};

std::uint64_t objectSize(int fd, const std::string& name) {
  struct stat info;
  if (fstat(fd, &info) != 0) throwOsError("fstat", errno, name);
  return static_cast<std::uint64_t>(info.st_size);
}

// flock() serialises the few processes that might size a fresh object. It is
// advisory and only used at open time; where the platform does not support it
// on shared memory (macOS), creators simply race as in the seed.
class SizingLock {
 public:
  explicit SizingLock(int fd) : fd_(fd) {
    while (flock(fd_, LOCK_EX) != 0 && errno == EINTR) {}
  }
  ~SizingLock() { flock(fd_, LOCK_UN); }

 private:
  int fd_;
};

// A creator that died between shm_open(O_EXCL) and ftruncate leaves an object
// of size 0. An opener waits up to a second for the creator to size it; after
// that it adopts the object and sizes it itself. Nothing is lost: a 0-byte
// object holds no data. Returns true when this process sized the object.
bool sizeIfEmpty(int fd, std::uint64_t size, const std::string& name) {
  SizingLock sizing(fd);
  if (objectSize(fd, name) != 0) return false;
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) throwOsError("ftruncate", errno, name);
  return true;  // ftruncate zero-fills
}

std::uint64_t waitForSize(int fd, const std::string& name) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::uint64_t size = objectSize(fd, name);
    if (size != 0) return size;
    sleepMilliseconds(10);
  }
  return 0;
}

class PosixMapping final : public BlockMapping {
 public:
  PosixMapping(std::string name, int fd, std::uint8_t* data, std::uint64_t size, bool created)
      : name_(std::move(name)), fd_(fd), data_(data), size_(size), created_(created) {}
  ~PosixMapping() override {
    munmap(data_, static_cast<size_t>(size_));
    close(fd_);
  }
  std::uint8_t* data() override { return data_; }
  std::uint64_t size() const override { return size_; }
  bool createdHere() const override { return created_; }
  std::string systemName() const override { return displayPath(name_); }

  bool linked() const override {
    const int current = shm_open(objectPath(name_).c_str(), O_RDONLY, 0);
    if (current < 0) return false;
    struct stat named, mine;
    const bool same = fstat(current, &named) == 0 && fstat(fd_, &mine) == 0 &&
                      named.st_ino == mine.st_ino && named.st_dev == mine.st_dev;
    close(current);
    return same;
  }

 private:
  std::string name_;
  int fd_;  // kept open so that linked() can compare identities
  std::uint8_t* data_;
  std::uint64_t size_;
  bool created_;
};

struct OpenedObject {
  int fd;
  std::uint64_t size;
  bool created;
};

// Create-or-open as the seed does: O_CREAT|O_EXCL decides who is first; only
// the first sizes the object (ftruncate zero-fills it), later ones learn the
// real size from fstat.
OpenedObject openObject(const std::string& name, std::uint64_t size, OpenMode mode) {
  const std::string path = objectPath(name);
  // Retried when the object vanishes (unlinked) between our two shm_open calls.
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (mode == OpenMode::CreateOrOpen) {
      FdGuard fd(shm_open(path.c_str(), O_RDWR | O_CREAT | O_EXCL, kObjectMode));
      if (fd.get() >= 0) {
        const bool sized = sizeIfEmpty(fd.get(), size, name);
        const std::uint64_t real = objectSize(fd.get(), name);
        return {fd.release(), real, sized};
      }
      if (errno != EEXIST) throwOsError("shm_open", errno, name);
    }
    FdGuard fd(shm_open(path.c_str(), O_RDWR, 0));
    if (fd.get() < 0) {
      if (errno == ENOENT && mode == OpenMode::CreateOrOpen) continue;
      throwOsError("shm_open", errno, name);
    }
    std::uint64_t real = waitForSize(fd.get(), name);
    bool sized = false;
    if (real == 0) {
      if (size == kAnySize) {
        throw Error(ErrorCode::Size, "shared memory \"" + name + "\" exists but has 0 bytes " +
                                         "(its creator may have died); open it with a size");
      }
      sized = sizeIfEmpty(fd.get(), size, name);
      real = objectSize(fd.get(), name);
    }
    return {fd.release(), real, sized};
  }
  throw Error(ErrorCode::System, "shared memory \"" + name +
                                     "\" kept vanishing while being opened (unlinked by another process?)");
}

void checkSizeMatches(const std::string& name, std::uint64_t requested, std::uint64_t real) {
  if (requested != kAnySize && requested != real) {
    throw Error(ErrorCode::SizeMismatch,
                "shared memory \"" + name + "\" already exists with " + std::to_string(real) +
                    " bytes, not " + std::to_string(requested) + "; open it with size " +
                    std::to_string(real) + " or unlink it first");
  }
  if (real > kMaxSize) {
    throw Error(ErrorCode::Size, "shared memory \"" + name + "\" has " + std::to_string(real) +
                                     " bytes, above the limit of " + std::to_string(kMaxSize));
  }
}

// ---------------------------------------------------------------------------
// The lock companion.

// Layout of "<name>.lock". `state` makes initialisation safe when several
// processes open a fresh companion at once: 0 = never initialised,
// kReady = usable, anything else = the pid of the process initialising it.
struct Companion {
  std::atomic<std::uint32_t> state;
  std::uint32_t layoutVersion;
  std::atomic<std::uint64_t> writeCount;
  std::atomic<std::uint64_t> recoveries;  // times a dead holder's lock was taken over
  pthread_mutex_t mutex;
  // Version 2: set by a watcher about to sleep on the low half of
  // writeCount (a futex); a writer that finds it set clears it and wakes
  // the sleepers (see wake.h). A flag, not a count: a watcher killed in
  // its sleep costs writers one wake, not one per write forever.
  std::atomic<std::uint32_t> watcherAsleep;
};

constexpr std::uint32_t kReady = 0xFFFFFFFFu;
constexpr std::uint32_t kLayoutVersion = 2;
// Version 1 is version 2 without watcherAsleep; its companion is grown
// (zero-filled, so no sleeper) when opened and then used as version 2.
constexpr std::uint32_t kLayoutVersionWithoutSleepers = 1;
constexpr std::uint64_t kCompanionSize = (sizeof(Companion) + 63) / 64 * 64;

bool processAlive(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

void initialiseMutex(pthread_mutex_t* mutex, const std::string& name) {
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);
  // ERRORCHECK turns a relock by the same thread into EDEADLK instead of a hang.
  pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_ERRORCHECK);
#if SHM_ROBUST_MUTEX
  // ROBUST: when the holder dies, the next locker gets EOWNERDEAD, not a hang.
  pthread_mutexattr_setrobust(&attributes, PTHREAD_MUTEX_ROBUST);
#endif
  const int rc = pthread_mutex_init(mutex, &attributes);
  pthread_mutexattr_destroy(&attributes);
  if (rc != 0) throwOsError("pthread_mutex_init", rc, name + kLockSuffix);
}

// Exactly one process initialises the mutex; the others wait for kReady. If
// the initialiser died half-way (its pid is gone), another one takes over.
void initialiseOnce(Companion* companion, const std::string& name) {
  const std::uint32_t self = static_cast<std::uint32_t>(getpid());
  for (int spins = 0; spins < 5000; ++spins) {
    std::uint32_t state = companion->state.load(std::memory_order_acquire);
    if (state == kReady) {
      if (companion->layoutVersion != kLayoutVersion &&
          companion->layoutVersion != kLayoutVersionWithoutSleepers) {
        throw Error(ErrorCode::System, "lock companion of \"" + name +
                                           "\" has an unknown layout version " +
                                           std::to_string(companion->layoutVersion));
      }
      return;
    }
    const bool claimable = state == 0 || !processAlive(static_cast<pid_t>(state));
    if (claimable && companion->state.compare_exchange_strong(state, self)) {
      initialiseMutex(&companion->mutex, name);
      companion->layoutVersion = kLayoutVersion;
      companion->state.store(kReady, std::memory_order_release);
      return;
    }
    sleepMilliseconds(1);
  }
  throw Error(ErrorCode::System, "lock companion of \"" + name +
                                     "\" stayed uninitialised for 5 seconds");
}

class PosixLock final : public BlockLock {
 public:
  PosixLock(std::string name, Companion* companion)
      : name_(std::move(name)), companion_(companion) {}
  ~PosixLock() override { munmap(companion_, kCompanionSize); }

  bool lock() override { return settle(pthread_mutex_lock(&companion_->mutex), "pthread_mutex_lock"); }

  bool tryLock() override {
    const int rc = pthread_mutex_trylock(&companion_->mutex);
    if (rc == EBUSY) return false;
    settle(rc, "pthread_mutex_trylock");
    return true;
  }

  void unlock() override { pthread_mutex_unlock(&companion_->mutex); }

  std::atomic<std::uint64_t>& writeCounter() override { return companion_->writeCount; }

  CounterWake counterWake() override {
    static_assert(offsetof(Companion, writeCount) % 8 == 0, "the counter's low half must be futex-aligned");
    char* counter = reinterpret_cast<char*>(&companion_->writeCount);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    counter += 4;  // the low half comes last
#endif
    auto* low = reinterpret_cast<std::atomic<std::uint32_t>*>(counter);
    return {low, &companion_->watcherAsleep};
  }

 private:
  // Turns a lock result into "acquired" (false) or "acquired from a dead
  // holder" (true). The dead holder may have left a half-written block; we
  // mark the mutex consistent and go on, since the next write repairs the
  // text and a reader must never stay blocked.
  bool settle(int rc, const char* call) {
    if (rc == 0) return false;
#if SHM_ROBUST_MUTEX
    if (rc == EOWNERDEAD) {
      pthread_mutex_consistent(&companion_->mutex);
      companion_->recoveries.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
#endif
    if (rc == EDEADLK) {
      throw Error(ErrorCode::System, "the lock of \"" + name_ +
                                         "\" is already held by this thread (a test hook left it held?)");
    }
    throwOsError(call, rc, name_ + kLockSuffix);
  }

  std::string name_;
  Companion* companion_;
};

}  // namespace

std::unique_ptr<BlockMapping> openBlockMapping(const std::string& name, std::uint64_t size,
                                               OpenMode mode) {
  OpenedObject object = openObject(name, size, mode);
  FdGuard fd(object.fd);
  checkSizeMatches(name, size, object.size);
  void* data = mmap(nullptr, static_cast<size_t>(object.size), PROT_READ | PROT_WRITE, MAP_SHARED,
                    fd.get(), 0);
  if (data == MAP_FAILED) throwOsError("mmap", errno, name);
  return std::make_unique<PosixMapping>(name, fd.release(), static_cast<std::uint8_t*>(data),
                                        object.size, object.created);
}

std::unique_ptr<BlockLock> openBlockLock(const std::string& name) {
  const std::string lockName = name + kLockSuffix;
  FdGuard fd(shm_open(companionPath(name).c_str(), O_RDWR | O_CREAT, kObjectMode));
  if (fd.get() < 0) throwOsError("shm_open", errno, lockName);
  // Growing is safe for everyone (zero-filled); never shrink a companion.
  if (objectSize(fd.get(), lockName) < kCompanionSize &&
      ftruncate(fd.get(), static_cast<off_t>(kCompanionSize)) != 0) {
    throwOsError("ftruncate", errno, lockName);
  }
  void* data = mmap(nullptr, kCompanionSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  if (data == MAP_FAILED) throwOsError("mmap", errno, lockName);
  auto* companion = static_cast<Companion*>(data);
  try {
    initialiseOnce(companion, name);
  } catch (...) {
    munmap(data, kCompanionSize);
    throw;
  }
  return std::make_unique<PosixLock>(name, companion);
}

bool unlinkBlockName(const std::string& name) {
  const bool removed = shm_unlink(objectPath(name).c_str()) == 0;
  const int blockError = errno;
  shm_unlink(companionPath(name).c_str());  // may never have existed
  if (!removed && blockError != ENOENT) throwOsError("shm_unlink", blockError, name);
  return removed;
}

const char* backendName() { return "posix"; }

void checkPlatformNameRules(const std::string& name) {
  // POSIX names are "/" followed by one path component.
  const std::size_t slash = name.find('/');
  if (slash != std::string::npos) {
    throw Error(ErrorCode::Name, "block name \"" + name + "\" contains '/' at byte " +
                                     std::to_string(slash) +
                                     "; POSIX shared-memory names are a single component");
  }
  if (name == "." || name == "..") {
    throw Error(ErrorCode::Name, "block name \"" + name +
                                     "\" is refused: it names a directory, not an object");
  }
}

}  // namespace shm

#endif  // !_WIN32
