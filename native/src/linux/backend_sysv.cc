// System V shared memory (Linux): a segment attached read-only with
// shmat(SHM_RDONLY) behind the same BlockMapping as a POSIX object, so the
// inspector and shm-reader can dump it. Nothing is created or changed: no
// companion, no lock, no IPC_RMID.
#include "backend_sysv.h"

#include "shm_error.h"
#include "shm_limits.h"

#include <errno.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include <cstring>

namespace shm {

namespace {

class SysvMapping final : public BlockMapping {
 public:
  SysvMapping(int id, std::uint8_t* data, std::uint64_t size) : id_(id), data_(data), size_(size) {}
  ~SysvMapping() override { shmdt(data_); }
  std::uint8_t* data() override { return data_; }
  std::uint64_t size() const override { return size_; }
  bool createdHere() const override { return false; }
  std::string systemName() const override { return sysvBlockName(id_); }
  // A segment marked for removal (IPC_RMID) has no key left to find it by.
  bool linked() const override {
    struct shmid_ds info;
    return shmctl(id_, IPC_STAT, &info) == 0 && (info.shm_perm.mode & SHM_DEST) == 0;
  }
  // Segments are backed by shmem like tmpfs, but their size is what the
  // kernel accounted for at shmget; pages are allocated on first touch
  // within shmmax/shmall, so there is no sparse promise to guard against.
  void prefault(std::uint64_t, std::uint64_t, bool) override {}
  bool backed() const override { return true; }

 private:
  int id_;
  std::uint8_t* data_;
  std::uint64_t size_;
};

[[noreturn]] void throwSysvError(const char* call, int err, int id) {
  const std::string where = " (" + std::string(call) + " on System V segment " + std::to_string(id) + ")";
  switch (err) {
    case EACCES:
    case EPERM:
      throw Error(ErrorCode::Permission, "permission denied for System V segment " + std::to_string(id) + where);
    case EINVAL:
    case EIDRM:
      throw Error(ErrorCode::NotFound, "no System V segment with id " + std::to_string(id) + where);
    default:
      throw Error(ErrorCode::System, std::string(std::strerror(err)) + where);
  }
}

}  // namespace

std::unique_ptr<BlockMapping> openSysvSegmentMapping(int id) {
  if (id < 0) throw Error(ErrorCode::Arg, "a System V segment id is a whole number from 0 up, got " + std::to_string(id));
  struct shmid_ds info;
  if (shmctl(id, IPC_STAT, &info) != 0) throwSysvError("shmctl", errno, id);
  const std::uint64_t size = info.shm_segsz;
  if (size == 0 || size > kMaxSize) {
    throw Error(ErrorCode::Size, "System V segment " + std::to_string(id) + " has " + std::to_string(size) +
                                     " bytes; the inspector maps 1 to " + std::to_string(kMaxSize));
  }
  void* data = shmat(id, nullptr, SHM_RDONLY);
  if (data == reinterpret_cast<void*>(-1)) throwSysvError("shmat", errno, id);
  return std::make_unique<SysvMapping>(id, static_cast<std::uint8_t*>(data), size);
}

}  // namespace shm
