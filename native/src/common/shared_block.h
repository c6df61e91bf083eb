// A named shared block: a platform mapping, its cross-process lock, and the
// seed's text layout. Every read and write takes the lock. This is the one C++
// interface the addon, the reader and the Windows test program use.
#pragma once

#include <cstdint>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

#include "backend.h"
#include "text_codec.h"

namespace shm {

struct ProcObjectRef;  // backend_proc.h

struct OpenRequest {
  std::string name;
  std::uint64_t size = 0;  // kAnySize: adopt the existing object's size (OpenExisting only)
  OpenMode mode = OpenMode::CreateOrOpen;
  // ReadOnly: map an existing object PROT_READ, create nothing, take no lock.
  Access access = Access::ReadWrite;
  std::uint32_t lockTimeoutMs = kDefaultLockTimeoutMs;
};

class SharedBlock {
 public:
  // Validates the request (name, size) and opens the block and its lock.
  static std::unique_ptr<SharedBlock> open(const OpenRequest& request);
  // A System V segment, attached read-only: a read-only block named "sysv:<id>".
  static std::unique_ptr<SharedBlock> openSysvSegment(int id);
  // Unnamed shared memory through /proc (backend_proc.h), read-only: a block named "proc:<pid>:...".
  static std::unique_ptr<SharedBlock> openProcObject(const ProcObjectRef& ref);
  // Removes a block's name (and its companion's) without opening it.
  static bool unlinkByName(const std::string& name);

  ~SharedBlock();
  SharedBlock(const SharedBlock&) = delete;
  SharedBlock& operator=(const SharedBlock&) = delete;

  const std::string& name() const { return name_; }
  std::uint64_t size() const { return size_; }
  bool createdHere() const { return createdHere_; }
  const std::string& systemName() const { return systemName_; }
  bool closed() const { return !mapping_; }
  bool lockEnabled() const { return lockEnabled_; }
  // Opened read-only: no lock (reads may tear), writes throw ErrorCode::ReadOnly.
  bool readOnly() const { return !lock_; }
  // Throws ErrorCode::Closed on a closed block.
  void requireOpen() const {
    if (data_ == nullptr) throwClosed();
  }

  // Copies bytes [offset, offset + length) into out. ErrorCode::Range outside.
  void read(std::uint64_t offset, std::uint64_t length, std::uint8_t* out);
  void write(std::uint64_t offset, const std::uint8_t* bytes, std::uint64_t length);
  // Compare-and-write in one hold of the lock: copies the `length` bytes at
  // `offset` into `found`, and only when they equal `expect` writes `bytes`
  // there (counted and woken as write() does). Returns whether it wrote.
  // Nothing is written when the lock cannot be had (ErrorCode::Busy).
  bool writeIfUnchanged(std::uint64_t offset, const std::uint8_t* expect, const std::uint8_t* bytes,
                        std::uint64_t length, std::uint8_t* found);
  // ErrorCode::Arg when text contains a NUL unit (the layout would cut it there).
  StoreResult setString(const char16_t* text, std::size_t length);
  std::u16string getString(std::size_t maxUnits);
  // getString without an allocation: copies the string into `out` when it has
  // at most `room` units and returns its length; otherwise copies nothing and
  // returns kDoesNotFit (call getString then).
  static constexpr std::size_t kDoesNotFit = static_cast<std::size_t>(-1);
  std::size_t getStringInto(std::size_t maxUnits, char16_t* out, std::size_t room);
  std::size_t unitCapacity() const { return shm::unitCapacity(size_); }
  // 0 on a read-only block, which has no companion.
  std::uint64_t writeCount();
  bool linked();

  // Unmaps and closes; a second call does nothing.
  void close();
  // Removes the name; the mapping stays valid. Throws ErrorCode::Closed when
  // closed, ErrorCode::ReadOnly when opened read-only.
  bool unlink();

  // ---- For the watcher thread (watcher.cc), the only calls made off the
  // JavaScript thread. close() waits for a read in progress to end.
  // Shrunk: the block shrank past the range (another process truncated it).
  enum class WatchRead { Read, Busy, Closed, Shrunk };
  enum class IfBusy { Skip, ReadWithoutLock };
  // Copies [offset, offset + length), which must be inside the block. Never
  // waits for the block's lock: when it is busy, either returns Busy (Skip)
  // or reads without it (a torn read is corrected by the next poll).
  WatchRead readForWatcher(std::uint64_t offset, std::uint64_t length, std::uint8_t* out, IfBusy ifBusy);
  // readForWatcher without the copy, for the byte statistics: hands the
  // mapped bytes themselves to visit(bytes, length, context) under the fault
  // guard (a shrink gives Shrunk, never SIGBUS). visit must be plain
  // counting: it may be cut short at any byte (fault_guard.h). It takes
  // neither the block's lock nor close()'s mutex while it counts (close()
  // waits for the counts under way: one chunk), so the statistics' two
  // threads count side by side and no writer ever waits for a count: a
  // byte being written is counted as its old or its new value, and a
  // statistics answer was never one moment of the whole block anyway (it is
  // read chunk by chunk while writers go on).
  using Visit = void (*)(const std::uint8_t* bytes, std::size_t length, void* context);
  WatchRead visitForStats(std::uint64_t offset, std::uint64_t length, Visit visit, void* context);
  // The lock, to sleep on its counter (stays mapped while held); null when closed.
  std::shared_ptr<BlockLock> lockForWatcher();
  // The object's size now (less than size() once it shrank); size() when closed.
  std::uint64_t currentSize();
  // For the watcher's monitor: whether the name still leads to this object
  // (linked()) and its size now, in one hold of close()'s mutex; nothing once
  // closed. A failed look counts as linked and unshrunk.
  struct Standing {
    bool linked;
    std::uint64_t size;
  };
  std::optional<Standing> standingForWatcher();

  // TEST ONLY hooks: take the lock and keep it across calls, so a test can
  // kill a process that holds it; try it without blocking.
  void testHoldLock();
  void testReleaseLock();
  bool testTryLock();

 private:
  SharedBlock(std::string name, std::unique_ptr<BlockMapping> mapping,
              std::unique_ptr<BlockLock> lock, bool lockEnabled);
  class Locked;
  BlockMapping& mappingOrThrow();
  BlockMapping& writableMappingOrThrow(const char* what);
  BlockLock& lockOrThrow();
  [[noreturn]] void throwClosed() const;
  [[noreturn]] void throwReadOnly(const char* what) const;
  void prefault(std::uint64_t offset, std::uint64_t length, bool forWrite);
  // Runs `touch`, which touches mapped bytes [offset, offset + length), under
  // the fault guard (fault_guard.h): a block another process shrank under it
  // throws ErrorCode::Truncated with its new size instead of raising SIGBUS.
  template <typename Touch>
  void touchMapped(std::uint64_t offset, std::uint64_t length, bool forWrite, Touch&& touch);
  [[noreturn]] void throwTruncated(std::uint64_t offset, std::uint64_t length, bool forWrite) const;
  std::uint64_t textBytes(std::size_t units) const;
  void prefaultText(BlockMapping& mapping, std::size_t maxUnits);
  void countWrite();
  void wakeWatchers();

  std::string name_;
  std::uint64_t size_;
  bool createdHere_;
  std::string systemName_;
  std::unique_ptr<BlockMapping> mapping_;
  std::shared_ptr<BlockLock> lock_;  // shared with a watcher sleeping on its counter
  bool lockEnabled_;
  // What every read and write looks at, taken from the mapping and the lock
  // when the block opens, so that the hot path makes no virtual call for
  // them: the mapped bytes (null once closed), whether a copy must prefault
  // first (a foreign block not fully allocated), the write counter and where
  // its sleepers wait (null on a read-only block).
  std::uint8_t* data_ = nullptr;
  bool prefaultNeeded_ = false;
  std::atomic<std::uint64_t>* writeCounter_ = nullptr;
  CounterWake counterWake_;
  std::mutex lifetime_;  // close() against the watcher thread's reads
  // Statistics counts under way in the mapping (visitForStats), which hold
  // no mutex while they count; close() waits for them to end.
  unsigned visitors_ = 0;
  std::condition_variable visitorsGone_;
  bool heldByTestHook_ = false;
};

}  // namespace shm
