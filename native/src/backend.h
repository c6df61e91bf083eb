// The small interface each platform backend implements, one file per platform:
// backend_posix.cc (shm_open + mmap, robust pthread mutex) and
// backend_windows.cc (CreateFileMappingW + MapViewOfFile, named mutex).
// Names reaching a backend have passed validateName() (validate.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace shm {

enum class OpenMode {
  CreateOrOpen,  // the seed's behaviour: the first process creates and zero-fills
  OpenExisting,  // never create; ErrorCode::NotFound when there is no such block
};

// kAnySize as the requested size means "whatever size the existing object
// has" (OpenExisting only): the reader and the inspector use it to look at a
// block whose size they do not know.
constexpr std::uint64_t kAnySize = 0;

// One named block mapped read/write into this process. Destroying it unmaps
// and closes; the name stays (POSIX) or goes with its last handle (Windows).
class BlockMapping {
 public:
  virtual ~BlockMapping() = default;
  virtual std::uint8_t* data() = 0;
  virtual std::uint64_t size() const = 0;
  virtual bool createdHere() const = 0;
  // What a user looks for in system tools: /dev/shm/<name>, or the section's
  // \Sessions\<n>\BaseNamedObjects\<name> on Windows.
  virtual std::string systemName() const = 0;
  // false once the name was removed or now names another object (POSIX).
  virtual bool linked() const = 0;
};

// Where a watcher sleeps until a writer of this library bumps a block's
// counter: a 32-bit word that changes with every bump (the counter's low
// half, a futex on Linux) and a flag a watcher sets before it sleeps (a
// writer makes a system call only when it finds the flag set, and clears
// it). Null where the platform has no such wait (the watcher then polls).
struct CounterWake {
  std::atomic<std::uint32_t>* word = nullptr;
  std::atomic<std::uint32_t>* asleep = nullptr;
};

// The cross-process lock of one block plus its 64-bit write counter, both in
// the companion object "<name>.lock". lock() never stays blocked because its
// holder died: the next locker takes it over (and lock() returns true).
class BlockLock {
 public:
  virtual ~BlockLock() = default;
  // Returns true when the previous holder died holding it (the lock was recovered).
  virtual bool lock() = 0;
  // Like lock() but returns false at once when another holder has it.
  virtual bool tryLock() = 0;
  virtual void unlock() = 0;
  virtual std::atomic<std::uint64_t>& writeCounter() = 0;
  virtual CounterWake counterWake() { return {}; }
};

std::unique_ptr<BlockMapping> openBlockMapping(const std::string& name, std::uint64_t size,
                                               OpenMode mode);
std::unique_ptr<BlockLock> openBlockLock(const std::string& name);

// Removes the block's name and its companion's. Returns false when the block
// had no name to remove (and always on Windows, where names go with handles).
bool unlinkBlockName(const std::string& name);

// "posix" or "win32".
const char* backendName();

// Throws ErrorCode::Name when the platform refuses a character of `name`;
// platform-independent rules are in validate.cc.
void checkPlatformNameRules(const std::string& name);

}  // namespace shm
