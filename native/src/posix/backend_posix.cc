// POSIX backend (Linux and macOS): the block is a shm_open object mapped with
// mmap; its lock is a robust, process-shared pthread mutex in a companion
// object "<name>.lock". What differs between the two systems is asked of
// posix_platform.h (linux/, darwin/).
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>

#include "backend.h"
#include "backend_proc.h"
#include "shm_error.h"
#include "shm_limits.h"
#include "validate.h"
#include "posix/posix_platform.h"

namespace shm {

namespace {

using posix::displayPath;
using posix::monotonicMilliseconds;
using posix::sleepMilliseconds;

// Owner read/write only: the block may hold whatever the user puts in it.
// umask can only clear bits, so shm_open's mode needs no fchmod afterwards.
constexpr mode_t kObjectMode = 0600;

std::string objectPath(const std::string& name) { return "/" + name; }
std::string companionPath(const std::string& name) { return "/" + name + kLockSuffix; }

// "pid 1234 (node)" where the system tells the command, else "pid 1234".
std::string describeProcess(std::uint32_t pid) { return "pid " + std::to_string(pid) + posix::processCommand(pid); }

std::string megabytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

// Free space of the file system that holds the objects (/dev/shm on Linux).
std::uint64_t freeBytes(int fd) {
  struct statvfs info;
  if (fstatvfs(fd, &info) != 0) return 0;
  return static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
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
    case ELOOP:  // every open passes O_NOFOLLOW: the name is a symbolic link
      throw Error(ErrorCode::NotABlock, displayPath(name) +
                                            " is a symbolic link, not a shared memory block; links are never followed" +
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

// Every open of a name goes through here. O_NOFOLLOW: a symbolic link at the
// name is refused (ELOOP), never followed; the platform adds what it can
// (posix::nameOpenFlags: no wait on a FIFO, close on exec).
int openName(const std::string& path, int flags, mode_t mode = 0) {
  return shm_open(path.c_str(), flags | O_NOFOLLOW | posix::nameOpenFlags(), mode);
}

const char* fileKind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

// shm_open tells a name that is no regular file only indirectly: ELOOP for a
// symbolic link (O_NOFOLLOW), EINVAL for a directory (glibc turns EISDIR into
// EINVAL, as POSIX asks), ENXIO for a socket. What the name names (on Linux
// an lstat, which follows and opens nothing) says what it really is.
[[noreturn]] void throwOpenError(int err, const std::string& name, const char* what) {
  struct stat info;
  if (err != ENOENT && posix::statName(name, &info) && !S_ISREG(info.st_mode)) {
    throw Error(ErrorCode::NotABlock, displayPath(name) + " is " + fileKind(info.st_mode) + ", not " + what +
                                          (S_ISLNK(info.st_mode) ? "; links are never followed" : ""));
  }
  throwOsError("shm_open", err, name);
}

// Only a regular file is a block (or a lock companion): a FIFO, directory,
// socket or device at the name is refused before anything reads, maps or sizes it.
void requireRegular(int fd, const std::string& name, const char* what) {
  struct stat info;
  if (fstat(fd, &info) != 0) throwOsError("fstat", errno, name);
  if (S_ISREG(info.st_mode)) return;
  throw Error(ErrorCode::NotABlock, displayPath(name) + " is " + fileKind(info.st_mode) + ", not " + what);
}

// Whether the name still names the object open as `fd` (same device and
// inode). Never blocks and never follows a link (posix::statName), so a FIFO
// or symlink put at the name is simply "another object".
bool nameStillNames(const std::string& name, int fd) {
  struct stat named, mine;
  if (fstat(fd, &mine) != 0) return false;
  if (!posix::statName(name, &named)) return false;
  return S_ISREG(named.st_mode) && named.st_ino == mine.st_ino && named.st_dev == mine.st_dev;
}

// Whether `path` (a /proc magic link; stat follows it without opening) still
// leads to the object open as `fd`.
bool pathStillLeadsTo(const std::string& path, int fd) {
  struct stat there, mine;
  if (fstat(fd, &mine) != 0 || stat(path.c_str(), &there) != 0) return false;
  return there.st_ino == mine.st_ino && there.st_dev == mine.st_dev;
}

std::uint64_t objectSize(int fd, const std::string& name) {
  struct stat info;
  if (fstat(fd, &info) != 0) throwOsError("fstat", errno, name);
  return static_cast<std::uint64_t>(info.st_size);
}

// flock() serialises the few processes that might size a fresh object. It is
// advisory and only used at open time; where the platform does not support it
// on shared memory (macOS), creators simply race as in the seed. It is taken
// without blocking, polled up to a deadline: another program holding a flock
// on the object must not freeze us.
class SizingLock {
 public:
  SizingLock(int fd, const std::string& name) : fd_(fd) {
    const std::uint64_t deadline = monotonicMilliseconds() + 1000;
    while (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK && monotonicMilliseconds() < deadline) {
        sleepMilliseconds(1);
      } else if (errno != EINTR && errno != EWOULDBLOCK) {
        return;  // flock unsupported here: race as the seed does
      } else if (errno == EWOULDBLOCK) {
        throw Error(ErrorCode::Busy, "shared memory \"" + name +
                                         "\" is being sized by another process that did not finish within 1 s");
      }
    }
    held_ = true;
  }
  ~SizingLock() {
    if (held_) flock(fd_, LOCK_UN);
  }

 private:
  int fd_;
  bool held_ = false;
};

// Reserves the pages of a block we just sized, so that no later touch can
// fault: tmpfs lets ftruncate promise more than it has. ENOSPC becomes
// ErrorCode::NoSpace naming the free space.
void reservePages(int fd, std::uint64_t size, const std::string& name) {
  const int rc = posix::reservePages(fd, size);
  if (rc == 0 || rc == EOPNOTSUPP || rc == EINVAL) return;  // EOPNOTSUPP: prefault() guards instead
  if (rc == ENOSPC || rc == EFBIG) {
    throw Error(ErrorCode::NoSpace, "no space for shared memory \"" + name + "\" of " +
                                        std::to_string(size) + " bytes (" + megabytes(size) + "): " +
                                        displayPath(name) + "'s file system has " +
                                        megabytes(freeBytes(fd)) + " free; choose a smaller size");
  }
  throwOsError("posix_fallocate", rc, name);
}

// A creator that died between shm_open(O_EXCL) and ftruncate leaves an object
// of size 0. An opener waits up to a second for the creator to size it; after
// that it adopts the object and sizes it itself. Nothing is lost: a 0-byte
// object holds no data. Returns true when this process sized the object.
bool sizeIfEmpty(int fd, std::uint64_t size, const std::string& name) {
  SizingLock sizing(fd, name);
  if (objectSize(fd, name) != 0) return false;
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) throwOsError("ftruncate", errno, name);
  try {
    reservePages(fd, size, name);
  } catch (...) {
    if (ftruncate(fd, 0) != 0) {}  // leave an empty object for the caller to remove
    throw;
  }
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

// Whether every page of the object has memory behind it (st_blocks counts
// 512-byte units actually allocated), so no touch of the mapping can fault.
bool fullyAllocated(int fd, std::uint64_t size) {
  struct stat info;
  if (fstat(fd, &info) != 0) return false;
  const std::uint64_t page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  const std::uint64_t pages = (size + page - 1) / page * page;
  return static_cast<std::uint64_t>(info.st_blocks) * 512 >= pages;
}

class PosixMapping final : public BlockMapping {
 public:
  // `path`, when given, is where the object was reached instead of its name
  // (/proc/<pid>/fd/<n>): systemName() shows it and linked() checks it.
  PosixMapping(std::string name, int fd, std::uint8_t* data, std::uint64_t size, bool created, std::string path = {})
      : name_(std::move(name)), path_(std::move(path)), fd_(fd), data_(data), size_(size), created_(created),
        backed_(fullyAllocated(fd, size)) {}
  ~PosixMapping() override {
    munmap(data_, static_cast<size_t>(size_));
    close(fd_);
  }
  std::uint8_t* data() override { return data_; }
  std::uint64_t size() const override { return size_; }
  bool createdHere() const override { return created_; }
  std::string systemName() const override { return path_.empty() ? displayPath(name_) : path_; }

  // Reached through /proc: "linked" while the path still leads to our object
  // (its holder may exit or close it; our descriptor keeps the object alive).
  bool linked() const override { return path_.empty() ? nameStillNames(name_, fd_) : pathStillLeadsTo(path_, fd_); }

  // A block whose pages are all allocated needs nothing (the usual case: every
  // block we create is reserved). Otherwise the kernel populates the range
  // first and reports, instead of a SIGBUS, that it could not.
  void prefault(std::uint64_t offset, std::uint64_t length, bool forWrite) override {
    if (backed() || length == 0) return;
    const std::uint64_t page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
    const std::uint64_t first = offset / page * page;
    const std::uint64_t end = offset + length;
    if (populate(data_ + first, fd_, end - first, forWrite)) {
      if (first == 0 && end == size_) backed_.store(fullyAllocated(fd_, size_), std::memory_order_relaxed);
      return;
    }
    // MADV_POPULATE_* fails past the end of an object that shrank under us, too.
    const std::uint64_t now = currentSize();
    if (now < end) throw shrankError(name_, now, offset, end, forWrite);
    throw faultError(name_, fd_, offset, end, forWrite);
  }

  bool backed() const override { return backed_.load(std::memory_order_relaxed); }

  std::uint64_t currentSize() const override {
    struct stat info;
    return fstat(fd_, &info) == 0 ? static_cast<std::uint64_t>(info.st_size) : size_;
  }

  static void populateOrThrow(std::uint8_t* data, int fd, std::uint64_t length, const std::string& name) {
    if (!populate(data, fd, length, true)) throw faultError(name, fd, 0, length, true);
  }

 private:
  static Error faultError(const std::string& name, int fd, std::uint64_t offset, std::uint64_t end, bool forWrite) {
    return Error(ErrorCode::Fault,
                 "bytes " + std::to_string(offset) + ".." + std::to_string(end) + " of shared memory \"" + name +
                     "\" have no memory behind them: the object is larger than its file system can back (" +
                     megabytes(freeBytes(fd)) + " free); " + (forWrite ? "writing" : "reading") +
                     " them would crash the process, so nothing was " + (forWrite ? "written" : "read"));
  }

  static Error shrankError(const std::string& name, std::uint64_t now, std::uint64_t offset, std::uint64_t end,
                           bool forWrite) {
    return Error(ErrorCode::Truncated,
                 "shared memory \"" + name + "\" shrank to " + std::to_string(now) +
                     " bytes while mapped (another process truncated it); bytes past its end are gone, so bytes " +
                     std::to_string(offset) + ".." + std::to_string(end) + " were not " +
                     (forWrite ? "written" : "read") + "; open it again to see its new size",
                 now);
  }

  // true when the range now has memory behind it.
  static bool populate(std::uint8_t* start, int fd, std::uint64_t length, bool forWrite) {
    const posix::Populated populated = posix::populateRange(start, length, forWrite);
    if (populated != posix::Populated::Unsupported) return populated == posix::Populated::Yes;
    // Without the kernel's help: only a range whose holes the free space can
    // fill, with room to spare, is touched (a conservative estimate).
    struct stat info;
    const bool allocated = fstat(fd, &info) == 0 && static_cast<std::uint64_t>(info.st_blocks) * 512 >=
                                                        static_cast<std::uint64_t>(info.st_size);
    return allocated || freeBytes(fd) >= length + (4u << 20);
  }

  std::string name_;
  std::string path_;
  int fd_;  // kept open so that linked() can compare identities
  std::uint8_t* data_;
  std::uint64_t size_;
  bool created_;
  // Every page allocated: no prefault needed. Atomic: the watcher's thread
  // prefaults the ranges it copies too (SharedBlock::readForWatcher).
  std::atomic<bool> backed_;
};

struct OpenedObject {
  int fd;
  std::uint64_t size;
  bool created;
};

// Trust only what we own: a read-write open of an object that another user
// owns, or that group or others may write, is refused (they could read what
// we write, or change it under us). Read-only opens skip this.
void checkTrusted(int fd, const std::string& name, const std::string& what) {
  struct stat info;
  if (fstat(fd, &info) != 0) throwOsError("fstat", errno, name);
  std::string why;
  if (!S_ISREG(info.st_mode)) {
    why = "it is not a regular object";
  } else if (info.st_uid != geteuid()) {
    why = "it belongs to uid " + std::to_string(info.st_uid) + ", not to us (uid " +
          std::to_string(geteuid()) + ")";
  } else if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    why = std::string("its mode ") + mode + " lets " +
          ((info.st_mode & S_IWOTH) ? "every user" : "its group") + " write it";
  }
  if (!why.empty()) {
    throw Error(ErrorCode::Unsafe, "refused to open " + what + " " + displayPath(name) +
                                       " read-write: " + why +
                                       "; open it read-only to look at it");
  }
}

// Create-or-open as the seed does: O_CREAT|O_EXCL decides who is first; only
// the first sizes the object (ftruncate zero-fills it), later ones learn the
// real size from fstat.
OpenedObject openObject(const std::string& name, std::uint64_t size, OpenMode mode) {
  const std::string path = objectPath(name);
  // Retried when the object vanishes (unlinked) between our two shm_open calls.
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (mode == OpenMode::CreateOrOpen) {
      FdGuard fd(openName(path, O_RDWR | O_CREAT | O_EXCL, kObjectMode));
      if (fd.get() >= 0) {
        try {
          const bool sized = sizeIfEmpty(fd.get(), size, name);
          const std::uint64_t real = objectSize(fd.get(), name);
          return {fd.release(), real, sized};
        } catch (...) {
          shm_unlink(path.c_str());  // a failed open leaves nothing behind
          throw;
        }
      }
      if (errno != EEXIST) throwOpenError(errno, name, "a shared memory block");
    }
    FdGuard fd(openName(path, O_RDWR));
    if (fd.get() < 0) {
      if (errno == ENOENT && mode == OpenMode::CreateOrOpen) continue;
      throwOpenError(errno, name, "a shared memory block");
    }
    requireRegular(fd.get(), name, "a shared memory block");
    checkTrusted(fd.get(), name, "shared memory");
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

// Read-only: opens an existing object O_RDONLY and changes nothing, not even
// the size of an empty object.
OpenedObject openObjectReadOnly(const std::string& name) {
  FdGuard fd(openName(objectPath(name), O_RDONLY));
  if (fd.get() < 0) throwOpenError(errno, name, "a shared memory block");
  requireRegular(fd.get(), name, "a shared memory block");
  const std::uint64_t size = objectSize(fd.get(), name);
  if (size == 0) {
    throw Error(ErrorCode::Size, "shared memory \"" + name + "\" has 0 bytes: there is nothing to read");
  }
  return {fd.release(), size, false};
}

// ---------------------------------------------------------------------------
// The lock companion.

// Layout of "<name>.lock". `state` makes initialisation safe when several
// processes open a fresh companion at once: 0 = never initialised,
// kReady = usable, anything else = the pid of the process initialising it.
// Every version keeps the fields of the one before where they were: version 1
// ends with the mutex (64 bytes), version 2 (the watcher's) adds
// watcherAsleep, version 3 adds the holder's pid, the attach count and the
// flags (128 bytes). An older companion is grown (zero-filled: no holder
// recorded, no attachments, no flags) and used as it is.
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
  std::atomic<std::uint32_t> holderPid;  // version 3: who holds the lock now (0: nobody); for ERR_SHM_BUSY
  std::atomic<std::uint32_t> attachCount;  // version 3: our processes that have the block open, or kRemoving
  std::atomic<std::uint32_t> flags;        // version 3: kForeignBlockCompanion
};

constexpr std::uint32_t kReady = 0xFFFFFFFFu;
constexpr std::uint32_t kLayoutVersion = 3;
// Older layouts are this one without its later fields; their companion is
// grown (zero-filled: no sleeper, no holder, no users) when opened.
constexpr std::uint32_t kOldestLayoutVersion = 1;
constexpr std::uint64_t kCompanionSize = (sizeof(Companion) + 63) / 64 * 64;
constexpr std::uint64_t kVersion1CompanionSize = 64;
static_assert(sizeof(Companion) <= 128, "the companion grew past 128 bytes");
// The companion was created by us for a block another program made: the last
// of our processes to close the block removes it (F10: looking leaves no trace).
constexpr std::uint32_t kForeignBlockCompanion = 1;
constexpr std::uint32_t kRemoving = 0xFFFFFFFFu;  // attachCount: the last user is removing it

bool processAlive(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

void initialiseMutex(pthread_mutex_t* mutex, const std::string& name) {
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);
  // ERRORCHECK turns a relock by the same thread into EDEADLK instead of a hang.
  pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_ERRORCHECK);
  // ROBUST: when the holder dies, the next locker gets EOWNERDEAD, not a hang.
  posix::makeRobust(&attributes);
  const int rc = pthread_mutex_init(mutex, &attributes);
  pthread_mutexattr_destroy(&attributes);
  if (rc != 0) throwOsError("pthread_mutex_init", rc, name + kLockSuffix);
}

// Exactly one process initialises the mutex; the others wait for kReady, up
// to the lock's deadline. If the initialiser died half-way (its pid is gone),
// another one takes over; one that is alive but does not finish in time is
// stuck (or the companion was planted): ErrorCode::Busy.
void initialiseOnce(Companion* companion, const std::string& name, std::uint32_t timeoutMs) {
  const std::uint32_t self = static_cast<std::uint32_t>(getpid());
  const std::uint64_t deadline = monotonicMilliseconds() + (timeoutMs < 50 ? 50 : timeoutMs);
  for (;;) {
    std::uint32_t state = companion->state.load(std::memory_order_acquire);
    if (state == kReady) {
      if (companion->layoutVersion < kOldestLayoutVersion || companion->layoutVersion > kLayoutVersion) {
        throw Error(ErrorCode::Unsafe, "lock companion " + displayPath(name + kLockSuffix) +
                                           " has layout version " +
                                           std::to_string(companion->layoutVersion) + ", not 1 to " +
                                           std::to_string(kLayoutVersion) +
                                           " (made by another program or version); open the block read-only");
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
    if (monotonicMilliseconds() >= deadline) {
      throw Error(ErrorCode::Busy, "lock companion " + displayPath(name + kLockSuffix) +
                                       " of \"" + name + "\" is still being initialised by " +
                                       describeProcess(state) + " after " + std::to_string(timeoutMs) +
                                       " ms: that process is stuck or the companion was left by "
                                       "another program; unlink the block if no one uses it, or open it read-only");
    }
    sleepMilliseconds(1);
  }
}

class PosixLock final : public BlockLock {
 public:
  PosixLock(std::string name, int fd, Companion* companion, std::uint32_t timeoutMs)
      : name_(std::move(name)), fd_(fd), companion_(companion), timeoutMs_(timeoutMs),
        self_(static_cast<std::uint32_t>(getpid())) {}
  ~PosixLock() override {
    detach();
    munmap(companion_, kCompanionSize);
    close(fd_);
  }

  // The uncontended path is one trylock (a compare-and-swap, no system call);
  // only a busy lock waits, and never past the deadline. Every read and write
  // takes this path, so the rest is out of line (lockAfter).
  bool lock() override {
    const int rc = pthread_mutex_trylock(&companion_->mutex);
    if (rc != 0) return lockAfter(rc);
    companion_->holderPid.store(self_, std::memory_order_relaxed);
    return false;
  }

  bool tryLock() override {
    const int rc = pthread_mutex_trylock(&companion_->mutex);
    if (rc == EBUSY) return false;
    settle(rc, "pthread_mutex_trylock");
    companion_->holderPid.store(self_, std::memory_order_relaxed);
    return true;
  }

  void unlock() override {
    companion_->holderPid.store(0, std::memory_order_relaxed);
    pthread_mutex_unlock(&companion_->mutex);
  }

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

  // Counts this process among the block's users, without the lock (a stopped
  // holder must not keep anyone from opening). Fails when the last user is
  // removing the companion right now: the caller opens anew.
  bool attach(bool foreignBlock, bool createdCompanion) {
    std::uint32_t count = companion_->attachCount.load();
    do {
      if (count == kRemoving) return false;
    } while (!companion_->attachCount.compare_exchange_weak(count, count + 1));
    if (createdCompanion && foreignBlock) companion_->flags.fetch_or(kForeignBlockCompanion);
    attached_ = true;
    return true;
  }

 private:
  // lock() when the trylock did not simply succeed: waits for a busy lock,
  // takes over from a dead holder, or throws.
  __attribute__((noinline)) bool lockAfter(int rc) {
    if (rc == EBUSY) rc = posix::lockWithin(&companion_->mutex, timeoutMs_);
    const bool recovered = settle(rc, "pthread_mutex_timedlock");
    companion_->holderPid.store(self_, std::memory_order_relaxed);
    return recovered;
  }

  // The last of our processes to close a block another program made removes
  // the companion it created for it. The last one marks the count kRemoving
  // first, so an opener that comes now retries instead of attaching to a
  // companion about to lose its name.
  void detach() {
    if (!attached_) return;
    std::uint32_t count = companion_->attachCount.load();
    for (;;) {
      if (count == 0 || count == kRemoving) return;  // not counted (a process died); leave it
      const bool last = count == 1 && (companion_->flags.load() & kForeignBlockCompanion) != 0;
      if (companion_->attachCount.compare_exchange_weak(count, last ? kRemoving : count - 1)) {
        if (last) unlinkIfStillNamed();
        return;
      }
    }
  }

  void unlinkIfStillNamed() {
    if (nameStillNames(name_ + kLockSuffix, fd_)) shm_unlink(companionPath(name_).c_str());
  }

  // Turns a lock result into "acquired" (false) or "acquired from a dead
  // holder" (true). The dead holder may have left a half-written block; we
  // mark the mutex consistent and go on, since the next write repairs the
  // text and a reader must never stay blocked.
  bool settle(int rc, const char* call) {
    if (rc == 0) return false;
    if (posix::recoverFromDeadHolder(rc, &companion_->mutex)) {
      companion_->recoveries.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    if (rc == EDEADLK) {
      throw Error(ErrorCode::System, "the lock of \"" + name_ +
                                         "\" is already held by this thread (a test hook left it held?)");
    }
    if (rc == ETIMEDOUT) throwBusy();
    throwOsError(call, rc, name_ + kLockSuffix);
  }

  [[noreturn]] void throwBusy() const {
    const std::uint32_t holder = companion_->holderPid.load(std::memory_order_relaxed);
    const std::string who = holder != 0 ? describeProcess(holder) : "another process";
    throw Error(ErrorCode::Busy, "block \"" + name_ + "\" is busy: " + who + " has held its lock for more than " +
                                     std::to_string(timeoutMs_) +
                                     " ms (stopped, or in a debugger?); nothing was read or written, try again");
  }

  std::string name_;
  int fd_;  // kept to tell whether the companion's name still names it
  Companion* companion_;
  std::uint32_t timeoutMs_;
  std::uint32_t self_;  // our pid, recorded as the holder's (getpid is a system call)
  bool attached_ = false;
};

struct OpenedCompanion {
  int fd;
  bool created;
};

// Creates the companion (O_EXCL: never adopt a planted file by accident,
// O_NOFOLLOW, 0600) or opens the existing one, which must pass the trust
// checks and have our size. A creator that has not sized it yet is waited for
// up to the deadline.
OpenedCompanion openCompanion(const std::string& name, std::uint32_t timeoutMs) {
  const std::string path = companionPath(name);
  const std::string lockName = name + kLockSuffix;
  for (int attempt = 0; attempt < 5; ++attempt) {
    FdGuard created(openName(path, O_RDWR | O_CREAT | O_EXCL, kObjectMode));
    if (created.get() >= 0) {
      try {
        if (ftruncate(created.get(), static_cast<off_t>(kCompanionSize)) != 0) {
          throwOsError("ftruncate", errno, lockName);
        }
        reservePages(created.get(), kCompanionSize, lockName);  // the companion lives on the same full tmpfs
      } catch (...) {
        shm_unlink(path.c_str());
        throw;
      }
      return {created.release(), true};
    }
    if (errno != EEXIST) throwOpenError(errno, lockName, "a lock companion");
    FdGuard fd(openName(path, O_RDWR));
    if (fd.get() < 0) {
      if (errno == ENOENT) continue;  // removed meanwhile: create it
      throwOpenError(errno, lockName, "a lock companion");
    }
    requireRegular(fd.get(), lockName, "a lock companion");
    checkTrusted(fd.get(), lockName, "the lock companion");
    const std::uint64_t deadline = monotonicMilliseconds() + (timeoutMs < 50 ? 50 : timeoutMs);
    std::uint64_t size = objectSize(fd.get(), lockName);
    while (size == 0 && monotonicMilliseconds() < deadline) {
      sleepMilliseconds(1);
      size = objectSize(fd.get(), lockName);
    }
    // An older version's companion is grown: the added fields start at zero.
    if (size == kVersion1CompanionSize && ftruncate(fd.get(), static_cast<off_t>(kCompanionSize)) == 0) {
      size = kCompanionSize;
      reservePages(fd.get(), kCompanionSize, lockName);
    }
    if (size != kCompanionSize) {
      throw Error(ErrorCode::Unsafe, "refused to use the lock companion " + displayPath(lockName) + ": it has " +
                                         std::to_string(size) + " bytes, not " + std::to_string(kCompanionSize) +
                                         " (left half-made, or made by another program or version); "
                                         "open the block read-only, or unlink it if no one uses it");
    }
    return {fd.release(), false};
  }
  throw Error(ErrorCode::System, "lock companion " + displayPath(lockName) +
                                     " kept vanishing while being opened (unlinked by another process?)");
}

}  // namespace

std::unique_ptr<BlockMapping> openBlockMapping(const std::string& name, std::uint64_t size,
                                               OpenMode mode, Access access) {
  const bool readOnly = access == Access::ReadOnly;
  OpenedObject object = readOnly ? openObjectReadOnly(name) : openObject(name, size, mode);
  FdGuard fd(object.fd);
  try {
    checkSizeMatches(name, size, object.size, "unlink it first");
    void* data = mmap(nullptr, static_cast<size_t>(object.size), readOnly ? PROT_READ : PROT_READ | PROT_WRITE,
                      MAP_SHARED, fd.get(), 0);
    if (data == MAP_FAILED) throwOsError("mmap", errno, name);
    return std::make_unique<PosixMapping>(name, fd.release(), static_cast<std::uint8_t*>(data),
                                          object.size, object.created);
  } catch (...) {
    if (object.created) shm_unlink(objectPath(name).c_str());
    throw;
  }
}

std::unique_ptr<BlockMapping> mapDescriptorReadOnly(int descriptor, std::uint64_t size, const std::string& name,
                                                    const std::string& path) {
  FdGuard fd(descriptor);
  void* data = mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_SHARED, fd.get(), 0);
  if (data == MAP_FAILED) throw Error(ErrorCode::System, std::string(std::strerror(errno)) + " (mmap of " + path + ")");
  return std::make_unique<PosixMapping>(name, fd.release(), static_cast<std::uint8_t*>(data), size, false, path);
}

std::unique_ptr<BlockLock> openBlockLock(const std::string& name, const LockSettings& settings) {
  const std::uint64_t deadline = monotonicMilliseconds() + settings.timeoutMs + 50;
  do {
    const OpenedCompanion opened = openCompanion(name, settings.timeoutMs);
    FdGuard fd(opened.fd);
    try {
      void* data = mmap(nullptr, kCompanionSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
      if (data == MAP_FAILED) throwOsError("mmap", errno, name + kLockSuffix);
      auto* companion = static_cast<Companion*>(data);
      try {
        // A planted sparse companion must not fault either.
        if (!fullyAllocated(fd.get(), kCompanionSize)) {
          PosixMapping::populateOrThrow(static_cast<std::uint8_t*>(data), fd.get(), kCompanionSize, name + kLockSuffix);
        }
        initialiseOnce(companion, name, settings.timeoutMs);
      } catch (...) {
        munmap(data, kCompanionSize);
        throw;
      }
      auto lock = std::make_unique<PosixLock>(name, fd.release(), companion, settings.timeoutMs);
      if (lock->attach(settings.foreignBlock, opened.created)) return lock;
    } catch (...) {
      if (opened.created) shm_unlink(companionPath(name).c_str());
      throw;
    }
    sleepMilliseconds(1);  // its last user is removing it: open the next one
  } while (monotonicMilliseconds() < deadline);
  throw Error(ErrorCode::Busy, "lock companion " + displayPath(name + kLockSuffix) +
                                   " stayed marked as being removed; try again");
}

void discardCreatedBlock(const std::string& name) { shm_unlink(objectPath(name).c_str()); }

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

double threadCpuNanoseconds() {
  timespec used{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &used) != 0) return -1;
  return static_cast<double>(used.tv_sec) * 1e9 + static_cast<double>(used.tv_nsec);
}

}  // namespace shm
