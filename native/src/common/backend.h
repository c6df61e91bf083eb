// The small interface each platform backend implements, one file per platform:
// backend_posix.cc (shm_open + mmap, robust pthread mutex) and
// backend_windows.cc (CreateFileMappingW + MapViewOfFile, named mutex).
// backend_sysv.cc maps System V segments (Linux) read-only behind the same
// BlockMapping. Names reaching a backend have passed validateName() (validate.h).
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

enum class Access {
  ReadWrite,  // mapped read/write; an existing object must pass the trust checks
  ReadOnly,   // mapped read-only; nothing is created, locked or changed
};

// kAnySize as the requested size means "whatever size the existing object
// has" (OpenExisting only): the reader and the inspector use it to look at a
// block whose size they do not know.
constexpr std::uint64_t kAnySize = 0;

// The deadline of every lock and of a companion's initialisation, unless the
// opener asks for another (openBlock({ lockTimeoutMs })).
constexpr std::uint32_t kDefaultLockTimeoutMs = 100;
constexpr std::uint32_t kMaxLockTimeoutMs = 60000;

// One named block mapped into this process. Destroying it unmaps and closes;
// the name stays (POSIX) or goes with its last handle (Windows).
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
  // Makes sure bytes [offset, offset + length) have memory behind them before
  // they are touched; throws ErrorCode::Fault where touching them would raise
  // SIGBUS (a sparse object larger than the free space of its file system).
  virtual void prefault(std::uint64_t offset, std::uint64_t length, bool forWrite) = 0;
  // true when every page has memory behind it: prefault() has nothing to do.
  virtual bool backed() const = 0;
  // The object's size now: less than size() once another process shrank it
  // (POSIX; a Windows section or a System V segment keeps its size).
  virtual std::uint64_t currentSize() const { return size(); }
};

class BlockLock;

// Where a watcher sleeps until a writer of this library bumps a block's
// counter: a 32-bit word that changes with every bump (the counter's low
// half, a futex on Linux) and a flag a watcher sets before it sleeps (a
// writer makes a system call only when it finds the flag set, and clears
// it). On Windows the flag is a word of bits, one per registered watcher
// (`asleepBit`), and the sleep is on `event`, that watcher's own auto-reset
// event, which a writer sets through `lock` (BlockLock::wakeSleepers). Null
// where the platform has no such wait (the watcher then polls).
struct CounterWake {
  std::atomic<std::uint32_t>* word = nullptr;
  std::atomic<std::uint32_t>* asleep = nullptr;
  void* event = nullptr;         // Windows only: the sleeper's event (a HANDLE)
  std::uint32_t asleepBit = 1;   // what a sleeper sets in *asleep
  BlockLock* lock = nullptr;     // Windows only, the writer's side: who sets the flagged sleepers' events
};

// One watcher's registration with a block's writers: what it flags and
// sleeps on. It lasts as long as this object (Windows frees the watcher's
// slot and event then). With no way to be woken, `wake` is empty and
// `pollReason` says why: the watcher finds that block's writes by polling.
struct SleeperWake {
  virtual ~SleeperWake() = default;
  CounterWake wake;
  std::string pollReason;
};

// The cross-process lock of one block plus its 64-bit write counter, both in
// the companion object "<name>.lock". lock() never waits past its deadline:
// ErrorCode::Busy names the holder when it is knowable. A holder that died is
// taken over (and lock() returns true).
class BlockLock {
 public:
  virtual ~BlockLock() = default;
  // Returns true when the previous holder died holding it (the lock was recovered).
  virtual bool lock() = 0;
  // Like lock() but returns false at once when another holder has it.
  virtual bool tryLock() = 0;
  virtual void unlock() = 0;
  virtual std::atomic<std::uint64_t>& writeCounter() = 0;
  // The writer's side: what wakeCounterSleepers looks at after each write.
  virtual CounterWake counterWake() { return {}; }
  // Registers one sleeping watcher thread. By default every watcher shares
  // the writer's word and flag (Linux: one FUTEX_WAKE wakes every sleeper).
  virtual std::shared_ptr<SleeperWake> registerSleeper() {
    auto sleeper = std::make_shared<SleeperWake>();
    sleeper->wake = counterWake();
    if (sleeper->wake.word == nullptr) sleeper->pollReason = "this platform has no wait on a block's writes";
    return sleeper;
  }
  // Windows: sets the events of the watchers whose bits a writer cleared.
  virtual void wakeSleepers(std::uint32_t bits) { (void)bits; }
};

struct LockSettings {
  std::uint32_t timeoutMs = kDefaultLockTimeoutMs;
  // The block was made by another program: a companion we create for it is
  // removed again by the last of our processes to close it (POSIX).
  bool foreignBlock = false;
};

std::unique_ptr<BlockMapping> openBlockMapping(const std::string& name, std::uint64_t size,
                                               OpenMode mode, Access access);
std::unique_ptr<BlockLock> openBlockLock(const std::string& name, const LockSettings& settings);

// Removes the block's name and its companion's. Returns false when the block
// had no name to remove (and always on Windows, where names go with handles).
bool unlinkBlockName(const std::string& name);

// Undoes the creation of a block whose open failed afterwards (its name only;
// POSIX; nothing on Windows, where the handle's close removes it).
void discardCreatedBlock(const std::string& name);

// "posix" or "win32".
const char* backendName();

// The CPU time the calling thread has used, in ns (-1 if the system cannot
// say). BENCH ONLY: what a main thread spends on one call, with no time it
// waited or was preempted counted (testing.threadCpuNs).
double threadCpuNanoseconds();

// Throws ErrorCode::Name when the platform refuses a character of `name`;
// platform-independent rules are in validate.cc.
void checkPlatformNameRules(const std::string& name);

}  // namespace shm
