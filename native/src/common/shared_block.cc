#include "shared_block.h"

#include <cstdlib>
#include <cstring>

#include "backend_proc.h"
#include "backend_sysv.h"
#include "fault_guard.h"
#include "shm_error.h"
#include "shm_limits.h"
#include "validate.h"
#include "wake.h"

namespace shm {

namespace {

bool lockDisabledForTests() {
  const char* value = std::getenv(kNoLockEnvVar);
  return value != nullptr && std::strcmp(value, "1") == 0;
}

}  // namespace

// Holds the block's lock for one access (unless a test disabled it).
class SharedBlock::Locked {
 public:
  explicit Locked(SharedBlock& block) : block_(block) {
    // A Windows mutex is recursive and a POSIX one says EDEADLK; either way a
    // lock held by the test hook must not be taken again silently. A read-only
    // block has no lock (lockEnabled_ is false).
    if (block_.heldByTestHook_) {
      throw Error(ErrorCode::System, "the lock of \"" + block_.name_ +
                                         "\" is already held by this thread (a test hook left it held)");
    }
    if (block_.lockEnabled_) block_.lock_->lock();
  }
  ~Locked() {
    if (block_.lockEnabled_) block_.lock_->unlock();
  }
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;

 private:
  SharedBlock& block_;
};

std::unique_ptr<SharedBlock> SharedBlock::open(const OpenRequest& request) {
  validateName(request.name);
  const bool readOnly = request.access == Access::ReadOnly;
  if (request.size == kAnySize && request.mode != OpenMode::OpenExisting && !readOnly) {
    throw Error(ErrorCode::Arg, "a block whose size is not given can only be opened, not created");
  }
  if (request.size != kAnySize) validateSize(static_cast<double>(request.size));
  auto mapping = openBlockMapping(request.name, request.size, request.mode, request.access);
  if (readOnly) {
    return std::unique_ptr<SharedBlock>(new SharedBlock(request.name, std::move(mapping), nullptr, false));
  }
  std::unique_ptr<BlockLock> lock;
  try {
    LockSettings settings;
    settings.timeoutMs = request.lockTimeoutMs;
    settings.foreignBlock = !mapping->createdHere();
    lock = openBlockLock(request.name, settings);
  } catch (...) {
    // A failed open leaves nothing behind: not the block this call created.
    if (mapping->createdHere()) {
      mapping.reset();
      discardCreatedBlock(request.name);
    }
    throw;
  }
  return std::unique_ptr<SharedBlock>(
      new SharedBlock(request.name, std::move(mapping), std::move(lock), !lockDisabledForTests()));
}

std::unique_ptr<SharedBlock> SharedBlock::openSysvSegment(int id) {
  auto mapping = openSysvSegmentMapping(id);
  return std::unique_ptr<SharedBlock>(new SharedBlock(sysvBlockName(id), std::move(mapping), nullptr, false));
}

std::unique_ptr<SharedBlock> SharedBlock::openProcObject(const ProcObjectRef& ref) {
  auto mapping = openProcObjectMapping(ref);
  return std::unique_ptr<SharedBlock>(new SharedBlock(procBlockName(ref), std::move(mapping), nullptr, false));
}

bool SharedBlock::unlinkByName(const std::string& name) {
  validateName(name);
  return unlinkBlockName(name);
}

SharedBlock::SharedBlock(std::string name, std::unique_ptr<BlockMapping> mapping,
                         std::unique_ptr<BlockLock> lock, bool lockEnabled)
    : name_(std::move(name)),
      size_(mapping->size()),
      createdHere_(mapping->createdHere()),
      systemName_(mapping->systemName()),
      mapping_(std::move(mapping)),
      lock_(std::move(lock)),
      lockEnabled_(lockEnabled),
      data_(mapping_->data()),
      prefaultNeeded_(!mapping_->backed()) {
  installFaultGuard();
  if (lock_) {
    writeCounter_ = &lock_->writeCounter();
    counterWake_ = lock_->counterWake();
  }
}

SharedBlock::~SharedBlock() { close(); }

void SharedBlock::throwClosed() const {
  throw Error(ErrorCode::Closed, "block \"" + name_ + "\" is closed; open it again to use it" +
                                     " (unlinkBlock(name) removes a name without opening)");
}

void SharedBlock::throwReadOnly(const char* what) const {
  throw Error(ErrorCode::ReadOnly, std::string(what) + " refused: block \"" + name_ +
                                       "\" was opened read-only; open it again without readOnly to change it");
}

BlockMapping& SharedBlock::mappingOrThrow() {
  if (!mapping_) throwClosed();
  return *mapping_;
}

BlockMapping& SharedBlock::writableMappingOrThrow(const char* what) {
  BlockMapping& mapping = mappingOrThrow();
  if (readOnly()) throwReadOnly(what);
  return mapping;
}

BlockLock& SharedBlock::lockOrThrow() {
  writableMappingOrThrow("the lock");
  return *lock_;
}

// read() and write() are the hot calls' work: each check is a compare of a
// cached member (data_ is null once closed, lock_ on a read-only block), and
// only a foreign block that is not fully allocated pays for a prefault.
void SharedBlock::read(std::uint64_t offset, std::uint64_t length, std::uint8_t* out) {
  if (data_ == nullptr) throwClosed();
  validateRange(offset, length, size_);
  if (length == 0) return;  // `out` may be null then (an empty Buffer)
  Locked locked(*this);
  if (prefaultNeeded_) prefault(offset, length, false);
  const std::uint8_t* from = data_ + offset;
  touchMapped(offset, length, false, [=] { std::memcpy(out, from, static_cast<std::size_t>(length)); });
}

void SharedBlock::write(std::uint64_t offset, const std::uint8_t* bytes, std::uint64_t length) {
  if (data_ == nullptr) throwClosed();
  if (readOnly()) throwReadOnly("write");
  validateRange(offset, length, size_);
  {
    Locked locked(*this);
    if (prefaultNeeded_) prefault(offset, length, true);
    std::uint8_t* to = data_ + offset;
    if (length != 0) touchMapped(offset, length, true, [=] { std::memcpy(to, bytes, static_cast<std::size_t>(length)); });
    countWrite();
  }
  wakeWatchers();
}

// Makes the range safe to touch (ErrorCode::Fault when it cannot be), and
// stops asking once the whole block has memory behind it.
void SharedBlock::prefault(std::uint64_t offset, std::uint64_t length, bool forWrite) {
  mapping_->prefault(offset, length, forWrite);
  prefaultNeeded_ = !mapping_->backed();
}

namespace {
void loadByte(const std::uint8_t* at) { static_cast<void>(*static_cast<const volatile std::uint8_t*>(at)); }

// Whether [offset, offset + length) touches more than one page. 4096: no
// system we build for has smaller pages, and a range inside one 4 KiB page is
// inside one page of any larger size too.
bool spansPages(std::uint64_t offset, std::uint64_t length) {
  constexpr std::uint64_t kPage = 4096;
  return length != 0 && offset / kPage != (offset + length - 1) / kPage;
}
}  // namespace

// A write that spans pages first loads the last byte of its range. Another
// process truncates an object from its end, so if that byte is still there
// every byte before it is too; if it is gone, the load faults before a byte
// has changed. Without it a copy that faults part-way leaves the bytes below
// the new end overwritten (whether it does depends on the CPU's memcpy: a
// 2 MiB setString on a block shrunk to 4 KiB changed its first 4 KiB on one
// machine and nothing on another). A range inside one page needs no load: the
// page is there or it is not. A truncation that races the copy itself can
// still cut it short.
template <typename Touch>
void SharedBlock::touchMapped(std::uint64_t offset, std::uint64_t length, bool forWrite, Touch&& touch) {
  bool whole;
  if (forWrite && spansPages(offset, length)) {
    const std::uint8_t* last = data_ + offset + length - 1;
    whole = guardedAccess(data_, size_, [&] {
      loadByte(last);
      touch();
    });
  } else {
    whole = guardedAccess(data_, size_, touch);
  }
  if (!whole) throwTruncated(offset, length, forWrite);
}

void SharedBlock::throwTruncated(std::uint64_t offset, std::uint64_t length, bool forWrite) const {
  const std::uint64_t now = mapping_->currentSize();
  const std::string range = std::to_string(offset) + ".." + std::to_string(offset + length);
  throw Error(ErrorCode::Truncated,
              "block \"" + name_ + "\" shrank to " + std::to_string(now) + " bytes (it had " +
                  std::to_string(size_) + "): another process truncated it while mapped, and bytes past its end " +
                  "are gone, so bytes " + range + " could not be " + (forWrite ? "written" : "read") +
                  (forWrite ? " (none past its new end was)" : "") + "; open it again to see its new size",
              now);
}

bool SharedBlock::writeIfUnchanged(std::uint64_t offset, const std::uint8_t* expect, const std::uint8_t* bytes,
                                   std::uint64_t length, std::uint8_t* found) {
  BlockMapping& mapping = writableMappingOrThrow("writeIfUnchanged");
  validateRange(offset, length, size_);
  {
    Locked locked(*this);
    if (prefaultNeeded_) prefault(offset, length, true);
    const auto count = static_cast<std::size_t>(length);
    if (count != 0) {
      std::uint8_t* at = mapping.data() + offset;
      bool same = false;
      touchMapped(offset, length, true, [&] {
        std::memcpy(found, at, count);
        same = std::memcmp(found, expect, count) == 0;
        if (same) std::memcpy(at, bytes, count);
      });
      if (!same) return false;
    }
    countWrite();
  }
  wakeWatchers();
  return true;
}

StoreResult SharedBlock::setString(const char16_t* text, std::size_t length) {
  BlockMapping& mapping = writableMappingOrThrow("setString");
  const std::size_t nul = findNulUnit(text, length);
  if (nul != length) {
    throw Error(ErrorCode::Arg, "text contains a NUL character (U+0000) at index " +
                                    std::to_string(nul) +
                                    "; the block's text ends at the first NUL, so the rest would be lost");
  }
  StoreResult result{};
  {
    Locked locked(*this);
    if (prefaultNeeded_) prefault(0, textBytes(length + 1), true);
    std::uint8_t* to = mapping.data();
    touchMapped(0, textBytes(length + 1), true, [&] { result = storeText(to, size_, text, length); });
    countWrite();
  }
  wakeWatchers();
  return result;
}

// Before a text is scanned on a block that is not fully backed (a sparse
// object someone else made): populates it chunk by chunk up to the chunk that
// holds its NUL, so a short text on a huge sparse block reads fine and a scan
// that would run into a hole fails with ErrorCode::Fault instead of SIGBUS.
void SharedBlock::prefaultText(BlockMapping& mapping, std::size_t maxUnits) {
  if (!prefaultNeeded_) return;
  constexpr std::uint64_t kChunk = 64 * 1024;
  const std::uint64_t limit = textBytes(maxUnits + 1);
  for (std::uint64_t at = 0; at < limit; at += kChunk) {
    const std::uint64_t length = limit - at < kChunk ? limit - at : kChunk;
    prefault(at, length, false);
    const std::uint8_t* bytes = mapping.data() + at;
    bool nulFound = false;
    touchMapped(at, length, false, [&] {
      for (std::uint64_t i = 0; i + 1 < length && !nulFound; i += 2) nulFound = bytes[i] == 0 && bytes[i + 1] == 0;
    });
    if (nulFound) return;
  }
}

// The bytes a text of `units` units (NUL included) may touch, at most the block.
std::uint64_t SharedBlock::textBytes(std::size_t units) const {
  if (units >= size_) return size_;
  const std::uint64_t bytes = 2 * static_cast<std::uint64_t>(units);
  return bytes < size_ ? bytes : size_;
}

// Called with the lock held. Every library write bumps the counter under the
// lock, so a plain load and store count exactly and spare the locked
// read-modify-write of fetch_add (~5 ns); the release store still publishes
// the write to a watcher that loads the counter without the lock.
void SharedBlock::countWrite() {
  writeCounter_->store(writeCounter_->load(std::memory_order_relaxed) + 1, std::memory_order_release);
}

// Called after the lock is released, by every write that counted itself. A
// watcher woken while the writer still held the lock found the block busy and
// skipped it until its next poll (the wake itself is a system call: a futex
// wake, or SetEvent through wineserver, long enough for that); woken after the
// unlock, it reads the new bytes at once. The order with the counter still
// holds: the bump comes before the fence in wakeCounterSleepers.
void SharedBlock::wakeWatchers() { wakeCounterSleepers(counterWake_); }

// loadText in guarded steps: the guard may cut an access short, so the
// string is allocated between them, never inside one.
std::u16string SharedBlock::getString(std::size_t maxUnits) {
  BlockMapping& mapping = mappingOrThrow();
  Locked locked(*this);
  prefaultText(mapping, maxUnits);
  const std::uint8_t* bytes = mapping.data();
  std::size_t length = 0;
  touchMapped(0, textBytes(maxUnits + 1), false, [&] { length = textLength(bytes, size_, maxUnits); });
  std::u16string text(length, u'\0');
  char16_t* out = &text[0];
  touchMapped(0, textBytes(length), false, [&] { copyUnits(bytes, length, out); });
  return text;
}

std::size_t SharedBlock::getStringInto(std::size_t maxUnits, char16_t* out, std::size_t room) {
  BlockMapping& mapping = mappingOrThrow();
  Locked locked(*this);
  prefaultText(mapping, maxUnits);
  const std::uint8_t* bytes = mapping.data();
  std::size_t length = kDoesNotFit;
  touchMapped(0, textBytes(maxUnits + 1), false, [&] {
    length = textLength(bytes, size_, maxUnits);
    if (length <= room) copyUnits(bytes, length, out);
  });
  return length <= room ? length : kDoesNotFit;
}

std::uint64_t SharedBlock::writeCount() {
  mappingOrThrow();
  return lock_ ? lock_->writeCounter().load(std::memory_order_acquire) : 0;
}

bool SharedBlock::linked() { return mappingOrThrow().linked(); }

void SharedBlock::close() {
  if (heldByTestHook_) testReleaseLock();
  std::unique_lock<std::mutex> noWatcherRead(lifetime_);
  visitorsGone_.wait(noWatcherRead, [this] { return visitors_ == 0; });
  data_ = nullptr;
  writeCounter_ = nullptr;
  counterWake_ = {};
  mapping_.reset();
  lock_.reset();
}

bool SharedBlock::unlink() {
  writableMappingOrThrow("unlink");
  return unlinkBlockName(name_);
}

SharedBlock::WatchRead SharedBlock::readForWatcher(std::uint64_t offset, std::uint64_t length,
                                                   std::uint8_t* out, IfBusy ifBusy) {
  std::lock_guard<std::mutex> alive(lifetime_);
  if (!mapping_) return WatchRead::Closed;
  // A foreign block not fully allocated: its holes are populated first, or
  // ErrorCode::Fault is thrown where a touch would raise SIGBUS in this thread
  // and end the whole process (the watcher treats it as busy: skipped). On a
  // backed mapping (every block we create) prefault returns at once.
  mapping_->prefault(offset, length, false);
  const bool locked = lockEnabled_ && lock_->tryLock();
  if (lockEnabled_ && !locked && ifBusy == IfBusy::Skip) return WatchRead::Busy;
  // A block that shrank past the range faults here: Shrunk, never SIGBUS.
  const std::uint8_t* from = mapping_->data() + offset;
  const bool copied = guardedAccess(mapping_->data(), size_, [=] { std::memcpy(out, from, static_cast<std::size_t>(length)); });
  if (locked) lock_->unlock();
  return copied ? WatchRead::Read : WatchRead::Shrunk;
}

SharedBlock::WatchRead SharedBlock::visitForStats(std::uint64_t offset, std::uint64_t length, Visit visit,
                                                  void* context) {
  const std::uint8_t* base;
  {
    std::lock_guard<std::mutex> alive(lifetime_);
    if (!mapping_) return WatchRead::Closed;
    mapping_->prefault(offset, length, false);  // as in readForWatcher
    base = mapping_->data();
    ++visitors_;  // the mapping stays until this count ends (close() waits)
  }
  const bool visited = guardedAccess(base, size_, [=] { visit(base + offset, static_cast<std::size_t>(length), context); });
  {
    std::lock_guard<std::mutex> alive(lifetime_);
    if (--visitors_ == 0) visitorsGone_.notify_all();
  }
  return visited ? WatchRead::Read : WatchRead::Shrunk;
}

std::shared_ptr<BlockLock> SharedBlock::lockForWatcher() {
  std::lock_guard<std::mutex> alive(lifetime_);
  return lock_;
}

std::uint64_t SharedBlock::currentSize() {
  std::lock_guard<std::mutex> alive(lifetime_);
  return mapping_ ? mapping_->currentSize() : size_;
}

std::optional<SharedBlock::Standing> SharedBlock::standingForWatcher() {
  std::lock_guard<std::mutex> alive(lifetime_);
  if (!mapping_) return std::nullopt;
  Standing standing{true, size_};
  try {
    standing.linked = mapping_->linked();
    standing.size = mapping_->currentSize();
  } catch (const std::exception&) {
    // Unknown this time: the next look tries again.
  }
  return standing;
}

void SharedBlock::testHoldLock() {
  lockOrThrow().lock();
  heldByTestHook_ = true;
}

void SharedBlock::testReleaseLock() {
  mappingOrThrow();
  if (!heldByTestHook_) return;
  heldByTestHook_ = false;
  lock_->unlock();
}

bool SharedBlock::testTryLock() {
  if (!lockOrThrow().tryLock()) return false;
  lock_->unlock();
  return true;
}

}  // namespace shm
