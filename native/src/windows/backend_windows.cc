// Windows backend: the block is a pagefile-backed section created with
// CreateFileMappingW under the name exactly as given, so the original example's
// DLL and our processes share it. The lock is a named mutex "<name>.lock.mutex"
// (WAIT_ABANDONED tells us its holder died); the write counter lives in a small
// companion section "<name>.lock"; each watcher sleeping on the block has a
// slot in the watcher table "<name>.lock.slots" and an auto-reset event of
// its own that writers set (wake_windows.cc).
#include <windows.h>

#include <cstring>
#include <mutex>

#include "backend.h"
#include "shm_error.h"
#include "shm_limits.h"
#include "validate.h"
#include "windows/ntdll.h"

namespace shm {

namespace {

constexpr const char* kMutexSuffix = ".mutex";  // after kLockSuffix: "<name>.lock.mutex"
// After kLockSuffix: the watcher table "<name>.lock.slots", and each watcher's
// event "<name>.lock.slots.<slot>.<generation>". The block's name is a prefix,
// so they land in the block's namespace ("Global\\", "Local\\" or none). A
// name too long for an event leaves that block's watchers polling.
constexpr const char* kSlotsSuffix = ".slots";

std::wstring widen(const std::string& utf8) {
  if (utf8.empty()) return std::wstring();
  const int units = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()),
                                        nullptr, 0);
  std::wstring wide(static_cast<std::size_t>(units), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), &wide[0], units);
  return wide;
}

std::string systemMessage(DWORD error) {
  char* text = nullptr;
  const DWORD length = FormatMessageA(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, error, 0, reinterpret_cast<char*>(&text), 0, nullptr);
  std::string message = length > 0 ? std::string(text, length) : "error";
  if (text != nullptr) LocalFree(text);
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r' ||
                              message.back() == ' ' || message.back() == '.')) {
    message.pop_back();
  }
  return message + " (Windows error " + std::to_string(error) + ")";
}

[[noreturn]] void throwWindowsError(const char* call, DWORD error, const std::string& name) {
  const std::string where = " (" + std::string(call) + " on \"" + name + "\")";
  switch (error) {
    case ERROR_ACCESS_DENIED:
      throw Error(ErrorCode::Permission, "permission denied for shared memory \"" + name +
                                             "\": its security descriptor forbids access" + where);
    case ERROR_FILE_NOT_FOUND:
      throw Error(ErrorCode::NotFound, "no shared memory block named \"" + name + "\"" + where);
    case ERROR_INVALID_HANDLE:  // the name belongs to an event, mutex, semaphore...
      throw Error(ErrorCode::Name, "the name \"" + name +
                                       "\" is taken by another kind of kernel object" + where);
    case ERROR_PATH_NOT_FOUND:  // e.g. "Session\\7\\x" for a session that does not exist
    case ERROR_BAD_PATHNAME:
      throw Error(ErrorCode::Name, "the system refuses the name \"" + name + "\"" + where);
    default:
      throw Error(ErrorCode::System, systemMessage(error) + where);
  }
}

// Closes a kernel handle unless released.
class HandleGuard {
 public:
  explicit HandleGuard(HANDLE handle) : handle_(handle) {}
  ~HandleGuard() { if (handle_ != nullptr) CloseHandle(handle_); }
  HandleGuard(const HandleGuard&) = delete;
  HandleGuard& operator=(const HandleGuard&) = delete;
  HANDLE get() const { return handle_; }
  HANDLE release() { HANDLE handle = handle_; handle_ = nullptr; return handle; }

 private:
  HANDLE handle_;
};

// The size a section was created with. NtQuerySection reports it; where it is
// missing we fall back to the mapped region, rounded up to whole pages.
std::uint64_t sectionSize(HANDLE section, const void* view) {
  struct SectionBasicInformation {
    PVOID baseAddress;
    ULONG allocationAttributes;
    LARGE_INTEGER maximumSize;
  };
  using NtQuerySectionFn = LONG(WINAPI*)(HANDLE, int, PVOID, ULONG, PULONG);
  const auto query = ntdllFunction<NtQuerySectionFn>("NtQuerySection");
  SectionBasicInformation info{};
  if (query != nullptr && query(section, 0 /* SectionBasicInformation */, &info, sizeof info, nullptr) >= 0) {
    return static_cast<std::uint64_t>(info.maximumSize.QuadPart);
  }
  MEMORY_BASIC_INFORMATION region{};
  VirtualQuery(view, &region, sizeof region);
  return region.RegionSize;
}

// "Local\\x" and "x" live in the session's namespace, "Global\\x" in the global one.
std::string displayName(const std::string& name) {
  const std::string global = "Global\\";
  const std::string local = "Local\\";
  if (name.compare(0, global.size(), global) == 0) return "\\BaseNamedObjects\\" + name.substr(global.size());
  const std::string bare = name.compare(0, local.size(), local) == 0 ? name.substr(local.size()) : name;
  DWORD session = 0;
  ProcessIdToSessionId(GetCurrentProcessId(), &session);
  if (session == 0) return "\\BaseNamedObjects\\" + bare;
  return "\\Sessions\\" + std::to_string(session) + "\\BaseNamedObjects\\" + bare;
}

// Layout of the companion section "<name>.lock". A fresh section is
// zero-filled, and zero is a valid initial state of every field, so unlike
// POSIX there is nothing to initialise and no race to settle.
struct Companion {
  std::atomic<std::uint64_t> writeCount;
  std::atomic<std::uint64_t> recoveries;  // times an abandoned mutex was taken over
  // The exact size the block's creator asked for. Sections report their size
  // rounded up to whole pages (wine does, for one), so without this record a
  // 4095-byte block could not be told from a 4096-byte one.
  std::atomic<std::uint64_t> blockSize;
  // The pid of the process holding the mutex (0: nobody), for ERR_SHM_BUSY.
  std::atomic<std::uint32_t> holderPid;
  // Versions before the watcher table: a watcher about to sleep set this and
  // waited on the manual-reset event "<name>.lock.wake", which a writer that
  // found it set cleared and set. This version neither sets nor reads it, and
  // never sets that event: between the versions, writes are found by the poll.
  std::atomic<std::uint32_t> legacyWatcherAsleep;
};

constexpr DWORD kCompanionSize = 64;
static_assert(sizeof(Companion) <= kCompanionSize, "the companion grew past its section");

// The companion section mapped into this process; closes both on destruction.
class CompanionView {
 public:
  explicit CompanionView(const std::string& name) : name_(name + kLockSuffix) {
    HandleGuard section(CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0,
                                           kCompanionSize, widen(name_).c_str()));
    if (section.get() == nullptr) throwWindowsError("CreateFileMappingW", GetLastError(), name_);
    map(section, FILE_MAP_ALL_ACCESS);
  }
  // Read-only: the existing companion, or nothing (returns null): never creates one.
  static std::unique_ptr<CompanionView> openExistingReadOnly(const std::string& name) {
    HandleGuard section(OpenFileMappingW(FILE_MAP_READ, FALSE, widen(name + kLockSuffix).c_str()));
    if (section.get() == nullptr) return nullptr;
    std::unique_ptr<CompanionView> view(new CompanionView());
    view->name_ = name + kLockSuffix;
    view->map(section, FILE_MAP_READ);
    return view;
  }
  ~CompanionView() {
    UnmapViewOfFile(companion_);
    CloseHandle(section_);
  }
  CompanionView(const CompanionView&) = delete;
  CompanionView& operator=(const CompanionView&) = delete;
  Companion* operator->() const { return companion_; }

 private:
  CompanionView() = default;
  void map(HandleGuard& section, DWORD access) {
    void* view = MapViewOfFile(section.get(), access, 0, 0, kCompanionSize);
    if (view == nullptr) throwWindowsError("MapViewOfFile", GetLastError(), name_);
    section_ = section.release();
    companion_ = static_cast<Companion*>(view);
  }

  std::string name_;
  HANDLE section_ = nullptr;
  Companion* companion_ = nullptr;
};

std::uint64_t roundUpToPage(std::uint64_t size) {
  SYSTEM_INFO system;
  GetSystemInfo(&system);
  const std::uint64_t page = system.dwPageSize;
  return (size + page - 1) / page * page;
}

// The block's real size: what its creator recorded in the companion, or else
// (a block made by the original DLL or another program) the section's size.
// A page-rounded section size matches any request that rounds to it.
std::uint64_t realSize(CompanionView& companion, bool created, std::uint64_t requested,
                       std::uint64_t sectionBytes) {
  if (created) {
    companion->blockSize.store(requested, std::memory_order_release);
    return requested;
  }
  const std::uint64_t recorded = companion->blockSize.load(std::memory_order_acquire);
  if (recorded != 0 && recorded <= sectionBytes) return recorded;
  if (requested != kAnySize && requested <= sectionBytes && roundUpToPage(requested) == sectionBytes) {
    return requested;
  }
  return sectionBytes;
}

class WindowsMapping final : public BlockMapping {
 public:
  WindowsMapping(std::string name, HANDLE section, std::uint8_t* data, std::uint64_t size, bool created,
                 std::unique_ptr<CompanionView> companion)
      : name_(std::move(name)), section_(section), data_(data), size_(size), created_(created),
        companion_(std::move(companion)) {}
  ~WindowsMapping() override {
    UnmapViewOfFile(data_);
    CloseHandle(section_);  // the section goes away with its last handle, as in the original
  }
  std::uint8_t* data() override { return data_; }
  std::uint64_t size() const override { return size_; }
  bool createdHere() const override { return created_; }
  std::string systemName() const override { return displayName(name_); }
  bool linked() const override { return true; }  // Windows names cannot be removed
  // Pagefile-backed sections are committed when created: no page can fault.
  void prefault(std::uint64_t, std::uint64_t, bool) override {}
  bool backed() const override { return true; }

 private:
  std::string name_;
  HANDLE section_;
  std::uint8_t* data_;
  std::uint64_t size_;
  bool created_;
  // Held as long as the block: a section lives only while someone has a
  // handle, and the companion's size record must outlive this open call.
  std::unique_ptr<CompanionView> companion_;
};

struct OpenedSection {
  HANDLE handle;
  bool created;
};

// Create-or-open exactly like the original DLL: CreateFileMappingW with the
// name as given; ERROR_ALREADY_EXISTS says another process was first (and that
// the requested size was ignored). Pagefile-backed sections start zero-filled.
OpenedSection openSection(const std::string& name, std::uint64_t size, OpenMode mode, Access access) {
  const std::wstring wide = widen(name);
  if (mode == OpenMode::OpenExisting || access == Access::ReadOnly) {
    const DWORD rights = access == Access::ReadOnly ? FILE_MAP_READ : FILE_MAP_ALL_ACCESS;
    HANDLE handle = OpenFileMappingW(rights, FALSE, wide.c_str());
    if (handle == nullptr) throwWindowsError("OpenFileMappingW", GetLastError(), name);
    return {handle, false};
  }
  HANDLE handle = CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE,
                                     static_cast<DWORD>(size >> 32), static_cast<DWORD>(size),
                                     wide.c_str());
  if (handle == nullptr) throwWindowsError("CreateFileMappingW", GetLastError(), name);
  return {handle, GetLastError() != ERROR_ALREADY_EXISTS};
}

// ---------------------------------------------------------------------------
// The watcher table "<name>.lock.slots": one slot per watcher thread that
// sleeps on the block, and the bits writers look at (wake_windows.cc).

// Bumped whenever the table's layout changes: a process that finds another
// version in an existing table leaves it alone and its watchers poll.
constexpr std::uint32_t kWatcherTableLayout = 1;

struct WatcherTable {
  // 0 in a fresh (zero-filled) section; the first opener makes it
  // kWatcherTableLayout. Zero is the initial state of every other field.
  std::atomic<std::uint32_t> layout;
  // Bit i: the watcher in slot i is about to sleep, or sleeps. A writer that
  // finds the word non-zero clears it and sets the events of those watchers.
  std::atomic<std::uint32_t> asleep;
  // (generation << 32) | pid of the watcher's process; pid 0: free. A claim
  // bumps the generation, which names the watcher's event, so a stale event
  // (still held open by a writer) never passes for a new watcher's.
  std::atomic<std::uint64_t> slots[kWakeSlots];
};
static_assert(kWakeSlots <= 32, "one 32-bit word holds a bit per slot");

constexpr std::uint32_t slotPid(std::uint64_t owner) { return static_cast<std::uint32_t>(owner); }
constexpr std::uint32_t slotGeneration(std::uint64_t owner) { return static_cast<std::uint32_t>(owner >> 32); }
constexpr std::uint64_t slotOwner(std::uint32_t generation, std::uint32_t pid) {
  return (static_cast<std::uint64_t>(generation) << 32) | pid;
}

// The table mapped into this process, shared by the lock (its writers) and
// the registrations of this process's watchers, which may outlive the lock.
class WatcherTableView {
 public:
  // Null, with the reason in `whyNot`, when the table cannot be used: the
  // wake is a speed-up, so the block opens anyway and its watchers poll.
  static std::shared_ptr<WatcherTableView> open(const std::string& name, std::string& whyNot) {
    const std::string tableName = name + kLockSuffix + kSlotsSuffix;
    HandleGuard section(CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0,
                                           sizeof(WatcherTable), widen(tableName).c_str()));
    if (section.get() == nullptr) {
      whyNot = "its watcher table cannot be made: " + systemMessage(GetLastError()) + " (CreateFileMappingW on \"" +
               tableName + "\")";
      return nullptr;
    }
    // An existing section smaller than the table (planted, or another layout) fails here.
    void* view = MapViewOfFile(section.get(), FILE_MAP_ALL_ACCESS, 0, 0, sizeof(WatcherTable));
    if (view == nullptr) {
      whyNot = "its watcher table cannot be mapped: " + systemMessage(GetLastError()) + " (\"" + tableName + "\")";
      return nullptr;
    }
    auto* table = static_cast<WatcherTable*>(view);
    std::uint32_t layout = 0;
    table->layout.compare_exchange_strong(layout, kWatcherTableLayout, std::memory_order_acq_rel);
    layout = table->layout.load(std::memory_order_acquire);
    if (layout != kWatcherTableLayout) {
      UnmapViewOfFile(view);
      whyNot = "its watcher table \"" + tableName + "\" has layout " + std::to_string(layout) + ", this build knows " +
               std::to_string(kWatcherTableLayout) + " (another version of shm-inspector made it)";
      return nullptr;
    }
    return std::shared_ptr<WatcherTableView>(new WatcherTableView(tableName, section.release(), table));
  }
  ~WatcherTableView() {
    UnmapViewOfFile(table_);
    CloseHandle(section_);
  }
  WatcherTableView(const WatcherTableView&) = delete;
  WatcherTableView& operator=(const WatcherTableView&) = delete;

  WatcherTable& table() const { return *table_; }
  std::wstring eventName(unsigned slot, std::uint32_t generation) const {
    return widen(tableName_ + "." + std::to_string(slot) + "." + std::to_string(generation));
  }

 private:
  WatcherTableView(std::string tableName, HANDLE section, WatcherTable* table)
      : tableName_(std::move(tableName)), section_(section), table_(table) {}
  std::string tableName_;
  HANDLE section_;
  WatcherTable* table_;
};

// false only when the process is known to have ended: a pid we may not open
// (another user's process) counts as alive, so its slot is never taken.
bool processAlive(std::uint32_t pid) {
  if (pid == GetCurrentProcessId()) return true;
  HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, pid);
  if (process == nullptr) return GetLastError() != ERROR_INVALID_PARAMETER;  // no such process
  const bool ended = WaitForSingleObject(process, 0) == WAIT_OBJECT_0;
  CloseHandle(process);
  return !ended;
}

// One watcher's slot and event; the slot is freed when it goes.
class WindowsSleeper final : public SleeperWake {
 public:
  WindowsSleeper(std::shared_ptr<WatcherTableView> table, unsigned slot, std::uint64_t owner, HANDLE event)
      : table_(std::move(table)), slot_(slot), owner_(owner), event_(event) {}
  ~WindowsSleeper() override {
    WatcherTable& table = table_->table();
    // The bit first, while the slot is still ours: no later owner's bit is cleared.
    table.asleep.fetch_and(~(1u << slot_), std::memory_order_acq_rel);
    std::uint64_t expected = owner_;
    table.slots[slot_].compare_exchange_strong(expected, slotOwner(slotGeneration(owner_), 0),
                                               std::memory_order_acq_rel);
    CloseHandle(event_);
  }
  WindowsSleeper(const WindowsSleeper&) = delete;
  WindowsSleeper& operator=(const WindowsSleeper&) = delete;

 private:
  std::shared_ptr<WatcherTableView> table_;
  unsigned slot_;
  std::uint64_t owner_;
  HANDLE event_;
};

// ---------------------------------------------------------------------------
// The lock companion: a named mutex plus a small section for the counter.

class WindowsLock final : public BlockLock {
 public:
  WindowsLock(std::string name, HANDLE mutex, std::unique_ptr<CompanionView> companion,
              std::shared_ptr<WatcherTableView> watchers, std::string noWakeReason, DWORD timeoutMs)
      : name_(std::move(name)), mutex_(mutex), companion_(std::move(companion)), watchers_(std::move(watchers)),
        noWakeReason_(std::move(noWakeReason)), timeoutMs_(timeoutMs), self_(GetCurrentProcessId()) {}
  ~WindowsLock() override {
    CloseHandle(mutex_);
    for (CachedEvent& cached : events_) {
      if (cached.handle != nullptr) CloseHandle(cached.handle);
    }
  }

  // Never waits past the deadline: a stopped holder makes this ERR_SHM_BUSY.
  bool lock() override {
    const DWORD result = WaitForSingleObject(mutex_, timeoutMs_);
    if (result == WAIT_TIMEOUT) throwBusy();
    const bool recovered = settle(result);
    (*companion_)->holderPid.store(self_, std::memory_order_relaxed);
    return recovered;
  }

  bool tryLock() override {
    const DWORD result = WaitForSingleObject(mutex_, 0);
    if (result == WAIT_TIMEOUT) return false;
    settle(result);
    (*companion_)->holderPid.store(self_, std::memory_order_relaxed);
    return true;
  }

  void unlock() override {
    (*companion_)->holderPid.store(0, std::memory_order_relaxed);
    ReleaseMutex(mutex_);
  }

  std::atomic<std::uint64_t>& writeCounter() override { return (*companion_)->writeCount; }

  // The writer's side: the counter's low half (Windows is little-endian) and
  // the table's bits of sleeping watchers.
  CounterWake counterWake() override {
    if (!watchers_) return {};
    CounterWake wake;
    wake.word = lowHalf();
    wake.asleep = &watchers_->table().asleep;
    wake.lock = this;
    return wake;
  }

  std::shared_ptr<SleeperWake> registerSleeper() override {
    if (!watchers_) return unwoken(noWakeReason_);
    const std::uint32_t self = GetCurrentProcessId();
    WatcherTable& table = watchers_->table();
    // Free slots first; then slots of watchers whose process has ended.
    for (const bool reclaim : {false, true}) {
      for (unsigned slot = 0; slot < kWakeSlots; ++slot) {
        std::uint64_t owner = table.slots[slot].load(std::memory_order_acquire);
        const std::uint32_t pid = slotPid(owner);
        if (reclaim ? pid == 0 || processAlive(pid) : pid != 0) continue;
        const std::uint32_t generation = slotGeneration(owner) + 1;
        // The event exists before the slot says so: a writer that sees the slot finds it.
        HANDLE event = CreateEventW(nullptr, FALSE, FALSE, watchers_->eventName(slot, generation).c_str());
        if (event == nullptr) continue;
        const bool planted = GetLastError() == ERROR_ALREADY_EXISTS;  // made by someone else: not ours to trust
        if (planted || !table.slots[slot].compare_exchange_strong(owner, slotOwner(generation, self),
                                                                  std::memory_order_acq_rel)) {
          CloseHandle(event);
          continue;
        }
        // A dead watcher's bit may still be set; ours starts clear.
        table.asleep.fetch_and(~(1u << slot), std::memory_order_acq_rel);
        auto sleeper = std::make_shared<WindowsSleeper>(watchers_, slot, slotOwner(generation, self), event);
        sleeper->wake.word = lowHalf();
        sleeper->wake.asleep = &table.asleep;
        sleeper->wake.asleepBit = 1u << slot;
        sleeper->wake.event = event;
        return sleeper;
      }
    }
    return unwoken("all " + std::to_string(kWakeSlots) + " wake slots of \"" + name_ +
                   "\" are held by live watchers (or their events could not be made)");
  }

  // Sets the event of each watcher whose bit a writer cleared. The handles
  // are kept per slot and generation: a write that wakes costs one SetEvent
  // per sleeping watcher, as long as the watchers stay the same.
  void wakeSleepers(std::uint32_t bits) override {
    if (!watchers_) return;
    std::lock_guard<std::mutex> guard(eventsMutex_);  // threads of this process may write at once
    for (unsigned slot = 0; slot < kWakeSlots; ++slot) {
      if ((bits & (1u << slot)) == 0) continue;
      const std::uint64_t owner = watchers_->table().slots[slot].load(std::memory_order_acquire);
      if (slotPid(owner) == 0) continue;  // it left
      CachedEvent& cached = events_[slot];
      if (cached.handle == nullptr || cached.generation != slotGeneration(owner)) {
        if (cached.handle != nullptr) CloseHandle(cached.handle);
        cached.generation = slotGeneration(owner);
        cached.handle = OpenEventW(EVENT_MODIFY_STATE, FALSE, watchers_->eventName(slot, cached.generation).c_str());
      }
      if (cached.handle != nullptr) SetEvent(cached.handle);
    }
  }

 private:
  struct CachedEvent {
    std::uint32_t generation = 0;
    HANDLE handle = nullptr;
  };

  std::atomic<std::uint32_t>* lowHalf() const {
    return reinterpret_cast<std::atomic<std::uint32_t>*>(&(*companion_)->writeCount);
  }

  static std::shared_ptr<SleeperWake> unwoken(const std::string& reason) {
    auto sleeper = std::make_shared<SleeperWake>();
    sleeper->pollReason = reason;
    return sleeper;
  }

  // WAIT_ABANDONED: the holder ended without releasing. We own the mutex now;
  // like the POSIX backend we go on (the next write repairs the text).
  bool settle(DWORD result) {
    if (result == WAIT_OBJECT_0) return false;
    if (result == WAIT_ABANDONED) {
      (*companion_)->recoveries.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    throwWindowsError("WaitForSingleObject", GetLastError(), name_ + kLockSuffix + kMutexSuffix);
  }

  [[noreturn]] void throwBusy() const {
    const std::uint32_t holder = (*companion_)->holderPid.load(std::memory_order_relaxed);
    const std::string who = holder != 0 ? "pid " + std::to_string(holder) : std::string("another process");
    throw Error(ErrorCode::Busy, "block \"" + name_ + "\" is busy: " + who + " has held its lock for more than " +
                                     std::to_string(timeoutMs_) +
                                     " ms (stopped, or in a debugger?); nothing was read or written, try again");
  }

  std::string name_;
  HANDLE mutex_;
  std::unique_ptr<CompanionView> companion_;
  std::shared_ptr<WatcherTableView> watchers_;  // null: this block's watchers poll (noWakeReason_)
  std::string noWakeReason_;
  DWORD timeoutMs_;
  std::uint32_t self_;
  std::mutex eventsMutex_;
  CachedEvent events_[kWakeSlots];
};

}  // namespace

std::unique_ptr<BlockMapping> openBlockMapping(const std::string& name, std::uint64_t size,
                                               OpenMode mode, Access access) {
  const bool readOnly = access == Access::ReadOnly;
  const OpenedSection opened = openSection(name, size, mode, access);
  HandleGuard section(opened.handle);
  // Map the whole section first: an existing one may be larger or smaller than asked.
  void* view = MapViewOfFile(section.get(), readOnly ? FILE_MAP_READ : FILE_MAP_ALL_ACCESS, 0, 0, 0);
  if (view == nullptr) throwWindowsError("MapViewOfFile", GetLastError(), name);
  std::uint64_t real = 0;
  std::unique_ptr<CompanionView> companion;
  try {
    // Read-only creates nothing: it reads the size record of an existing companion only.
    companion = readOnly ? CompanionView::openExistingReadOnly(name) : std::make_unique<CompanionView>(name);
    const std::uint64_t sectionBytes = opened.created ? size : sectionSize(section.get(), view);
    real = companion ? realSize(*companion, opened.created, size, sectionBytes) : sectionBytes;
    checkSizeMatches(name, size, real, "close the processes that hold it");
  } catch (...) {
    UnmapViewOfFile(view);
    throw;
  }
  return std::make_unique<WindowsMapping>(name, section.release(), static_cast<std::uint8_t*>(view),
                                          real, opened.created, std::move(companion));
}

std::unique_ptr<BlockLock> openBlockLock(const std::string& name, const LockSettings& settings) {
  const std::string mutexName = name + kLockSuffix + kMutexSuffix;
  HandleGuard mutex(CreateMutexW(nullptr, FALSE, widen(mutexName).c_str()));
  if (mutex.get() == nullptr) throwWindowsError("CreateMutexW", GetLastError(), mutexName);
  auto companion = std::make_unique<CompanionView>(name);
  std::string noWakeReason;
  std::shared_ptr<WatcherTableView> watchers = WatcherTableView::open(name, noWakeReason);
  return std::make_unique<WindowsLock>(name, mutex.release(), std::move(companion), std::move(watchers),
                                       std::move(noWakeReason), settings.timeoutMs);
}

// The section goes away with the last handle, which the failed open closed.
void discardCreatedBlock(const std::string&) {}

bool unlinkBlockName(const std::string&) { return false; }

const char* backendName() { return "win32"; }

void checkPlatformNameRules(const std::string& name) {
  // A backslash separates a namespace prefix ("Global\\", "Local\\") from the
  // name; anywhere else the object manager would read it as a directory.
  std::string rest = name;
  for (const char* prefix : {"Global\\", "Local\\"}) {
    const std::size_t length = std::strlen(prefix);
    if (rest.compare(0, length, prefix) == 0) {
      rest = rest.substr(length);
      break;
    }
  }
  if (rest.empty()) {
    throw Error(ErrorCode::Name, "block name \"" + name + "\" has a namespace prefix but no name");
  }
  const std::size_t backslash = rest.find('\\');
  if (backslash != std::string::npos) {
    throw Error(ErrorCode::Name, "block name \"" + name + "\" contains '\\' at byte " +
                                     std::to_string(backslash + name.size() - rest.size()) +
                                     "; only a \"Global\\\" or \"Local\\\" prefix may use it");
  }
}

double threadCpuNanoseconds() {
  FILETIME created, exited, kernel, user;
  if (!GetThreadTimes(GetCurrentThread(), &created, &exited, &kernel, &user)) return -1;
  const auto hundredNs = [](const FILETIME& time) {
    return (static_cast<std::uint64_t>(time.dwHighDateTime) << 32) | time.dwLowDateTime;
  };
  return static_cast<double>(hundredNs(kernel) + hundredNs(user)) * 100.0;
}

}  // namespace shm
