// Unnamed shared memory opened read-only through /proc (Linux): see
// backend_proc.h. The object is reached through the holder's descriptor
// (/proc/<pid>/fd/<n>: needs ptrace read access to the process, i.e. the same
// user unless Yama or non-dumpability forbid it, or CAP_SYS_PTRACE) or its
// mapping (/proc/<pid>/map_files/<range>: needs CAP_SYS_ADMIN or
// CAP_CHECKPOINT_RESTORE). Once open, our descriptor keeps the object alive
// even when its last process exits, and it may still shrink under us: the
// POSIX backend's mapping guards every read against both.
#include "backend_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cstring>

#include "shm_error.h"
#include "shm_limits.h"

namespace shm {

namespace {

constexpr std::uint32_t kMaxPid = 4194304;  // PID_MAX_LIMIT

// Lowercase hex of 1 to 16 digits without leading zeros, as map_files spells an address.
bool canonicalHex(const std::string& text) {
  if (text.empty() || text.size() > 16) return false;
  if (text.size() > 1 && text[0] == '0') return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void validateRef(const ProcObjectRef& ref) {
  if (ref.pid == 0 || ref.pid > kMaxPid) {
    throw Error(ErrorCode::Name, "a /proc object's pid is 1 to " + std::to_string(kMaxPid) + ", got " + std::to_string(ref.pid));
  }
  if (ref.byFd) return;
  if (!canonicalHex(ref.start) || !canonicalHex(ref.end)) {
    throw Error(ErrorCode::Name, "a mapping's range is two lowercase hex addresses without leading zeros, as " +
                                     std::string("/proc/<pid>/map_files names it"));
  }
  const bool ordered = ref.start.size() != ref.end.size() ? ref.start.size() < ref.end.size() : ref.start < ref.end;
  if (!ordered) throw Error(ErrorCode::Name, "a mapping's range must start before it ends");
}

std::string procPath(const ProcObjectRef& ref) {
  const std::string base = "/proc/" + std::to_string(ref.pid);
  return ref.byFd ? base + "/fd/" + std::to_string(ref.fd) : base + "/map_files/" + ref.start + "-" + ref.end;
}

[[noreturn]] void throwOpenError(int err, const ProcObjectRef& ref, const std::string& path) {
  const std::string name = procBlockName(ref);
  switch (err) {
    case ENOENT:
    case ESRCH:
      throw Error(ErrorCode::NotFound, "no shared memory at \"" + name + "\": process " + std::to_string(ref.pid) +
                                           (ref.byFd ? " has no descriptor " + std::to_string(ref.fd)
                                                     : " maps nothing at " + ref.start + "-" + ref.end) +
                                           " (it exited or let go of it; list again) (" + path + ")");
    case EACCES:
    case EPERM:
      throw Error(ErrorCode::Permission,
                  ref.byFd ? "permission denied for \"" + name + "\": opening another process's descriptor needs ptrace " +
                                 "read access to it (the same user, unless Yama's ptrace_scope or a non-dumpable " +
                                 "process forbids it); root or CAP_SYS_PTRACE would allow it (" + path + ")"
                           : "permission denied for \"" + name + "\": /proc/<pid>/map_files opens only with " +
                                 "CAP_SYS_ADMIN (or CAP_CHECKPOINT_RESTORE); run as root, or open it through a " +
                                 "descriptor a process holds (proc:<pid>:fd:<n>) (" + path + ")");
    case ENXIO:
    case ENODEV:
    case ELOOP:
      throw Error(ErrorCode::NotABlock, "\"" + name + "\" leads to a socket, device or link, not shared memory (" + path + ")");
    default:
      throw Error(ErrorCode::System, std::string(std::strerror(err)) + " (open on " + path + ")");
  }
}

// Only shared memory: a regular file on tmpfs (/dev/shm, memfd, anonymous
// shared and System V memory all live on shmem) or hugetlbfs. A descriptor of
// a file on disk, a pipe or a socket that the process holds is refused.
void requireSharedMemory(int fd, const std::string& name, const std::string& path, std::uint64_t* size) {
  struct stat info;
  if (fstat(fd, &info) != 0) throw Error(ErrorCode::System, std::string(std::strerror(errno)) + " (fstat on " + path + ")");
  struct statfs fs;
  if (fstatfs(fd, &fs) != 0) throw Error(ErrorCode::System, std::string(std::strerror(errno)) + " (fstatfs on " + path + ")");
  const bool shmem = static_cast<unsigned long>(fs.f_type) == TMPFS_MAGIC ||
                     static_cast<unsigned long>(fs.f_type) == HUGETLBFS_MAGIC;
  if (!S_ISREG(info.st_mode) || !shmem) {
    throw Error(ErrorCode::NotABlock, "\"" + name + "\" is " + (S_ISREG(info.st_mode) ? "a file on disk" : "not a regular file") +
                                          ", not shared memory (" + path + ")");
  }
  *size = static_cast<std::uint64_t>(info.st_size);
  if (*size == 0) throw Error(ErrorCode::Size, "\"" + name + "\" has 0 bytes: there is nothing to read");
  if (*size > kMaxSize) {
    throw Error(ErrorCode::Size, "\"" + name + "\" has " + std::to_string(*size) + " bytes; the inspector maps 1 to " +
                                     std::to_string(kMaxSize));
  }
}

}  // namespace

std::string procBlockName(const ProcObjectRef& ref) {
  return "proc:" + std::to_string(ref.pid) + (ref.byFd ? ":fd:" + std::to_string(ref.fd) : ":map:" + ref.start + "-" + ref.end);
}

std::unique_ptr<BlockMapping> openProcObjectMapping(const ProcObjectRef& ref) {
  validateRef(ref);
  const std::string path = procPath(ref);
  const std::string name = procBlockName(ref);
  // O_NONBLOCK: a FIFO behind the link must not block the open; O_NOCTTY: nor a
  // terminal become ours. No O_NOFOLLOW: the magic link is the way in.
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) throwOpenError(errno, ref, path);
  std::uint64_t size = 0;
  try {
    requireSharedMemory(fd, name, path, &size);
  } catch (...) {
    close(fd);
    throw;
  }
  return mapDescriptorReadOnly(fd, size, name, path);
}

}  // namespace shm
