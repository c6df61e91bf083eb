// Shared memory with no name (unlinked /dev/shm objects, memfd, anonymous
// shared mappings), opened read-only through /proc: linux/backend_proc.cc;
// common/proc_unsupported.cc where there is no /proc to open them through.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "backend.h"

namespace shm {

// What a name `proc:<pid>:fd:<n>` or `proc:<pid>:map:<start>-<end>` asks
// for (src-shared/proc-names.ts): a descriptor, or a mapping's range (hex,
// lowercase, no leading zeros, exactly as /proc/<pid>/map_files names it).
struct ProcObjectRef {
  std::uint32_t pid = 0;
  bool byFd = true;
  std::uint32_t fd = 0;
  std::string start;
  std::string end;
};

// The block's name: the same `proc:` name the user typed.
std::string procBlockName(const ProcObjectRef& ref);

// Opens /proc/<pid>/fd/<n> or /proc/<pid>/map_files/<start>-<end> O_RDONLY
// (no O_NOFOLLOW: these are the kernel's magic links, the only way in),
// checks it is a regular file on tmpfs or hugetlbfs (shared memory, not a
// file on disk or a FIFO some process holds) of 1 to kMaxSize bytes, and maps
// it PROT_READ, MAP_SHARED. Never writes, creates or unlinks. Permission,
// NotFound, NotABlock, Size, Name (a malformed ref) or Unsupported off Linux.
std::unique_ptr<BlockMapping> openProcObjectMapping(const ProcObjectRef& ref);

// The POSIX backend's part (backend_posix.cc): maps an object opened
// read-only as `fd` (taken over: closed with the mapping, or on failure),
// `size` bytes, PROT_READ; `path` is what systemName() shows and what
// linked() checks still leads to the same object.
std::unique_ptr<BlockMapping> mapDescriptorReadOnly(int fd, std::uint64_t size, const std::string& name,
                                                    const std::string& path);

}  // namespace shm
