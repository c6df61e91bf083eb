// shm-wintest: a test driver for the Windows build, run under wine by
// tests/win. Each subcommand uses the library the way an application would and
// prints one JSON line per result (stdout is flushed after each line).
//
//   create  --name N --size S [--fill C --units K] [--text T]   create-or-open, set, print (with its "pid"), then
//                                                               hold the block until stdin closes
//   set     --name N --size S [--fill C --units K] [--text T]   set and exit
//           (the text is K copies of C followed by T; T may use \uXXXX escapes)
//   write   --name N --offset O --hex H                         copy bytes into the block: {"written","atMs"}
//   raw-write --name N --offset O --hex H                       the same without the library (as a foreign
//                                                               program: no lock, no counter, no wake)
//   watch   --name N --offset O --length L --fastest-ms F --slowest-ms S [--extra-blocks K]
//                                                               the native watcher on that range: prints
//           {"watching"}, then a line per change {"name","offset","hex","atMs"} (or {"closed","atMs"}); stdin
//           "close" closes its block ({"closedHere"}), "quit" or its end stops it: {"stopped","stopMs","polls","wokenByWriters"}
//           The {"watching"} line has "pollReason": why writers do not wake it (empty: they do)
//   hold-slots --name N --count K                               registers K sleepers with the block's writers (as K
//           watcher threads would), prints {"woken","reasons"}, holds them until stdin closes
//   plant-table --name N --layout L                             makes the watcher table "<name>.lock.slots" with
//           layout L (as another version would), prints {"planted"}, holds it until stdin closes
//   host    --reader EXE --name N --size S --count K [--job 1]
//           acts as the inspector's host: starts K readers "EXE --name N --size S" as Node does (stdout and
//           stderr pipes, SHM_INSPECTOR_PARENT_PID naming this process; --job 1: also in a job object with
//           JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, created suspended and resumed once assigned, libuv's way),
//           prints {"pids","assigned"} and sleeps until killed
//   alive   --pids P,Q,...                                      {"alive":[the pids whose process still runs]}
//   get     --name N [--cch K]                                  {"text","units"}
//   read    --name N --offset O --length L                      {"hex"}
//   cas     --name N --offset O --expect H --hex H              writeIfUnchanged: {"written","found"}
//   writer  --name N --size S --id I --ms D                     prints "ready", waits for a line on stdin,
//                                                               then self-checking strings for D ms
//   reader  --name N --size S --ms D                            the same, reading: {"reads","torn","sample","lockEnabled"}
//   hold-lock --name N --size S                                 TEST ONLY: take the lock, print
//                                                               "holding", sleep forever
//   lock-wait --name N --size S --text T                        report tryLock, then set (blocks)
// Every command takes --lock-timeout-ms MS (the lock's deadline, default 100)
// and --read-only 1 (open read-only: no companion, no lock, no writes).
#include <windows.h>

#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cli_args.h"
#include "shared_block.h"
#include "shm_error.h"
#include "shm_limits.h"
#include "text_codec.h"
#include "watcher.h"

namespace {

using Flags = std::map<std::string, std::string>;

Flags parseFlags(const std::vector<std::string>& args) {
  Flags flags;
  for (std::size_t i = 1; i + 1 < args.size(); i += 2) flags[args[i]] = args[i + 1];
  return flags;
}

std::string flag(const Flags& flags, const std::string& key, const std::string& fallback = "") {
  const auto found = flags.find(key);
  return found == flags.end() ? fallback : found->second;
}

std::uint64_t number(const Flags& flags, const std::string& key, std::uint64_t fallback = 0) {
  std::uint64_t value = fallback;
  const std::string text = flag(flags, key);
  if (!text.empty() && !shm::parseUnsigned(text, value)) {
    throw shm::Error(shm::ErrorCode::Arg, key + " must be a whole number");
  }
  return value;
}

std::mutex emitting;  // the watch command prints from two threads

void emit(const std::string& json) {
  std::lock_guard<std::mutex> guard(emitting);
  std::printf("%s\n", json.c_str());
  std::fflush(stdout);
}

std::unique_ptr<shm::SharedBlock> openFromFlags(const Flags& flags, shm::OpenMode mode) {
  shm::OpenRequest request;
  request.name = flag(flags, "--name", "dllmemfilemap");
  request.size = number(flags, "--size", mode == shm::OpenMode::OpenExisting ? 0 : 4096);
  request.mode = mode;
  // --lock-timeout-ms MS: a child may wait long for the lock; --read-only 1: the traceless open.
  request.lockTimeoutMs = static_cast<std::uint32_t>(number(flags, "--lock-timeout-ms", shm::kDefaultLockTimeoutMs));
  if (flag(flags, "--read-only") == "1") {
    request.access = shm::Access::ReadOnly;
    request.mode = shm::OpenMode::OpenExisting;
    request.size = number(flags, "--size", 0);
  }
  return shm::SharedBlock::open(request);
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "\uXXXX" escapes let a test pass any UTF-16 unit (a lone surrogate, a pair
// split across the limit) through a command line in any code page.
std::u16string unescape(const std::u16string& text) {
  std::u16string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == u'\\' && i + 5 < text.size() && text[i + 1] == u'u') {
      int value = 0;
      bool valid = true;
      for (std::size_t k = 2; k < 6; ++k) {
        const int digit = text[i + k] < 128 ? hexDigit(static_cast<char>(text[i + k])) : -1;
        valid = valid && digit >= 0;
        value = value * 16 + digit;
      }
      if (valid) {
        out += static_cast<char16_t>(value);
        i += 5;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::u16string textFromFlags(const Flags& flags) {
  std::u16string text;
  if (flags.count("--fill") != 0) {
    const std::u16string unit = shm::utf8ToUtf16(flag(flags, "--fill"));
    const std::uint64_t units = number(flags, "--units");
    while (text.size() < units) text += unit;
    text.resize(static_cast<std::size_t>(units));
  }
  return text + unescape(shm::utf8ToUtf16(flag(flags, "--text")));
}

std::string hexOf(const std::vector<std::uint8_t>& bytes) {
  std::string hex;
  char pair[3];
  for (std::uint8_t byte : bytes) {
    std::snprintf(pair, sizeof pair, "%02x", byte);
    hex += pair;
  }
  return hex;
}

std::vector<std::uint8_t> bytesFromHex(const std::string& hex) {
  std::vector<std::uint8_t> bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    const int high = hexDigit(hex[i]);
    const int low = hexDigit(hex[i + 1]);
    if (high < 0 || low < 0) throw shm::Error(shm::ErrorCode::Arg, "--hex must be hexadecimal digits");
    bytes.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  return bytes;
}

std::string storeJson(const shm::StoreResult& stored) {
  return "\"units\":" + std::to_string(stored.units) +
         ",\"truncated\":" + (stored.truncated ? "true" : "false");
}

// Unix time in milliseconds, the clock of the Node tests' Date.now().
std::uint64_t unixMilliseconds() {
  FILETIME now;
  GetSystemTimeAsFileTime(&now);
  const std::uint64_t ticks = (static_cast<std::uint64_t>(now.dwHighDateTime) << 32) | now.dwLowDateTime;
  return (ticks - 116444736000000000ULL) / 10000;
}

// "<letter><length>|" then <length> copies of <letter>, as in the Linux test.
std::u16string selfCheckingString(std::uint64_t id, std::uint64_t seq) {
  const char16_t letter = static_cast<char16_t>(u'A' + (id * 7 + seq) % 26);
  const std::uint64_t length = 200 + (id * 389 + seq * 997) % 1800;
  std::u16string text(1, letter);
  for (char c : std::to_string(length)) text += static_cast<char16_t>(c);
  text += u'|';
  text.append(static_cast<std::size_t>(length), letter);
  return text;
}

bool isWhole(const std::u16string& text) {
  if (text.empty()) return true;
  const std::size_t bar = text.find(u'|');
  if (bar == std::u16string::npos || bar < 2 || text[0] < u'A' || text[0] > u'Z') return false;
  std::uint64_t length = 0;
  for (std::size_t i = 1; i < bar; ++i) {
    if (text[i] < u'0' || text[i] > u'9') return false;
    length = length * 10 + (text[i] - u'0');
  }
  if (text.size() - bar - 1 != length) return false;
  for (std::size_t i = bar + 1; i < text.size(); ++i) {
    if (text[i] != text[0]) return false;
  }
  return true;
}

// A foreign writer: maps the section by its name and copies the bytes, with
// no lock, no write counter and no wake, as the original DLL writes.
void rawWrite(const std::string& name, std::uint64_t offset, const std::vector<std::uint8_t>& bytes) {
  std::wstring wide(name.size() + 1, L'\0');  // UTF-16 never has more units than UTF-8 has bytes
  wide.resize(static_cast<std::size_t>(MultiByteToWideChar(CP_UTF8, 0, name.c_str(), -1, &wide[0],
                                                           static_cast<int>(wide.size()))));
  HANDLE section = OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, wide.c_str());
  if (section == nullptr) throw shm::Error(shm::ErrorCode::NotFound, "no section named \"" + name + "\"");
  void* view = MapViewOfFile(section, FILE_MAP_ALL_ACCESS, 0, 0, 0);
  MEMORY_BASIC_INFORMATION region{};
  if (view != nullptr) VirtualQuery(view, &region, sizeof region);
  const bool fits = view != nullptr && offset <= region.RegionSize && bytes.size() <= region.RegionSize - offset;
  if (fits) std::memcpy(static_cast<std::uint8_t*>(view) + offset, bytes.data(), bytes.size());
  if (view != nullptr) UnmapViewOfFile(view);
  CloseHandle(section);
  if (!fits) throw shm::Error(shm::ErrorCode::Range, "raw-write: the bytes do not fit in the section");
}

// The watch command: the library's watcher in this process, its changes
// printed as they are taken, commands read from stdin.
void watch(const Flags& flags) {
  std::shared_ptr<shm::SharedBlock> block = openFromFlags(flags, shm::OpenMode::OpenExisting);
  shm::WatcherTiming timing;
  timing.fastest = std::chrono::milliseconds(number(flags, "--fastest-ms", 1));
  timing.slowest = std::chrono::milliseconds(number(flags, "--slowest-ms", 4));
  std::mutex mutex;
  std::condition_variable pending;
  bool notified = false;
  bool done = false;
  shm::BlockWatcher watcher(
      [&](bool /*urgent*/) {
        std::lock_guard<std::mutex> guard(mutex);
        notified = true;
        pending.notify_one();
      },
      timing);
  std::thread printer([&] {
    std::unique_lock<std::mutex> guard(mutex);
    while (!done) {
      pending.wait(guard, [&] { return notified || done; });
      notified = false;
      guard.unlock();
      for (const shm::ChangeBatch& batch : watcher.take()) {
        const std::string at = ",\"atMs\":" + std::to_string(unixMilliseconds()) + "}";
        for (const shm::ByteChange& change : batch.changes) {
          emit("{\"name\":" + shm::jsonString(batch.name) + ",\"offset\":" + std::to_string(change.offset) + ",\"hex\":\"" + hexOf(change.bytes) + "\"" + at);
        }
        if (batch.closed) emit("{\"closed\":true" + at);
      }
      guard.lock();
    }
  });
  const std::uint64_t offset = number(flags, "--offset");
  const std::vector<shm::ByteInterval> range{{offset, offset + number(flags, "--length", 1)}};
  watcher.setRanges(flag(flags, "--name"), block, range, {0, 0});
  // --extra-blocks K: also blocks "<name>-1" .. "<name>-K", created here, to watch more blocks than one wait takes.
  std::vector<std::shared_ptr<shm::SharedBlock>> extras;
  for (std::uint64_t i = 1; i <= number(flags, "--extra-blocks"); ++i) {
    shm::OpenRequest request;
    request.name = flag(flags, "--name") + "-" + std::to_string(i);
    request.size = block->size();
    extras.push_back(shm::SharedBlock::open(request));
    watcher.setRanges(request.name, extras.back(), range, {0, 0});
  }
  emit("{\"watching\":true,\"atMs\":" + std::to_string(unixMilliseconds()) +
       ",\"pollReason\":" + shm::jsonString(watcher.pollReason(flag(flags, "--name"))) + "}");
  char line[256];
  while (std::fgets(line, sizeof line, stdin) != nullptr && std::string(line).rfind("quit", 0) != 0) {
    if (std::string(line).rfind("close", 0) != 0) continue;
    block->close();  // the watcher keeps sleeping on its companion
    emit("{\"closedHere\":true}");
  }
  const auto stopping = std::chrono::steady_clock::now();
  watcher.stop();
  const auto stopMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - stopping).count();
  const shm::WatcherStats stats = watcher.stats();
  {
    std::lock_guard<std::mutex> guard(mutex);
    done = true;
    pending.notify_one();
  }
  printer.join();
  emit("{\"stopped\":true,\"stopMs\":" + std::to_string(stopMs) + ",\"polls\":" + std::to_string(stats.polls) +
       ",\"wokenByWriters\":" + std::to_string(stats.wokenByWriters) + "}");
}

void waitForStdinToClose() {
  char line[256];
  while (std::fgets(line, sizeof line, stdin) != nullptr) {
    if (std::string(line).rfind("quit", 0) == 0) break;
  }
}

std::wstring wide(const std::string& utf8) {
  std::wstring text(utf8.size() + 1, L'\0');
  text.resize(static_cast<std::size_t>(MultiByteToWideChar(CP_UTF8, 0, utf8.c_str(), -1, &text[0],
                                                           static_cast<int>(text.size()))) - 1);
  return text;
}

// libuv's job (src/win/process.c): every child not detached goes in, and
// the job's last handle closing (the host's end) kills them.
HANDLE killOnCloseJob() {
  HANDLE job = CreateJobObjectW(nullptr, nullptr);
  if (job == nullptr) return nullptr;
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION info{};
  info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_BREAKAWAY_OK | JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK |
                                          JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  SetInformationJobObject(job, JobObjectExtendedLimitInformation, &info, sizeof info);
  return job;
}

// The inspector's host as far as its readers can tell.
void host(const Flags& flags) {
  SetEnvironmentVariableW(L"SHM_INSPECTOR_PARENT_PID", std::to_wstring(GetCurrentProcessId()).c_str());
  HANDLE job = flag(flags, "--job") == "1" ? killOnCloseJob() : nullptr;
  std::wstring commandLine = L"\"" + wide(flag(flags, "--reader")) + L"\" --name \"" + wide(flag(flags, "--name")) +
                             L"\" --size " + std::to_wstring(number(flags, "--size", 4096));
  SECURITY_ATTRIBUTES inheritable{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  std::string pids;
  std::uint64_t assigned = 0;
  for (std::uint64_t i = 0; i < number(flags, "--count", 1); ++i) {
    HANDLE readEnd = nullptr, writeEnd = nullptr;
    if (!CreatePipe(&readEnd, &writeEnd, &inheritable, 0)) throw shm::Error(shm::ErrorCode::System, "host: CreatePipe failed");
    SetHandleInformation(readEnd, HANDLE_FLAG_INHERIT, 0);  // the host keeps the read end, never reads it
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = nullptr;
    startup.hStdOutput = writeEnd;
    startup.hStdError = writeEnd;
    PROCESS_INFORMATION process{};
    std::wstring mutableLine = commandLine;
    const DWORD creation = CREATE_UNICODE_ENVIRONMENT | CREATE_NO_WINDOW | (job != nullptr ? CREATE_SUSPENDED : 0);
    if (!CreateProcessW(nullptr, &mutableLine[0], nullptr, nullptr, TRUE, creation, nullptr, nullptr, &startup, &process)) {
      throw shm::Error(shm::ErrorCode::System, "host: CreateProcessW failed with " + std::to_string(GetLastError()));
    }
    CloseHandle(writeEnd);
    if (job != nullptr && AssignProcessToJobObject(job, process.hProcess)) ++assigned;
    if (job != nullptr) ResumeThread(process.hThread);
    CloseHandle(process.hThread);
    pids += (pids.empty() ? "" : ",") + std::to_string(process.dwProcessId);
  }
  emit("{\"pids\":[" + pids + "],\"assigned\":" + std::to_string(assigned) + "}");
  Sleep(INFINITE);
}

void alive(const Flags& flags) {
  std::string running;
  const std::string list = flag(flags, "--pids") + ",";
  for (std::size_t start = 0, comma; (comma = list.find(',', start)) != std::string::npos; start = comma + 1) {
    std::uint64_t pid = 0;
    if (!shm::parseUnsigned(list.substr(start, comma - start), pid)) continue;
    HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, static_cast<DWORD>(pid));
    if (process == nullptr) continue;
    if (WaitForSingleObject(process, 0) == WAIT_TIMEOUT) running += (running.empty() ? "" : ",") + std::to_string(pid);
    CloseHandle(process);
  }
  emit("{\"alive\":[" + running + "]}");
}

// Takes wake slots as that many watcher threads would, and keeps them while this process lives.
void holdSlots(const Flags& flags) {
  std::shared_ptr<shm::SharedBlock> block = openFromFlags(flags, shm::OpenMode::OpenExisting);
  std::shared_ptr<shm::BlockLock> lock = block->lockForWatcher();
  if (!lock) throw shm::Error(shm::ErrorCode::ReadOnly, "hold-slots needs a read-write open");
  std::vector<std::shared_ptr<shm::SleeperWake>> sleepers;
  std::uint64_t woken = 0;
  std::string reasons;
  for (std::uint64_t i = 0; i < number(flags, "--count", 1); ++i) {
    sleepers.push_back(lock->registerSleeper());
    if (sleepers.back()->pollReason.empty()) ++woken;
    else reasons += std::string(reasons.empty() ? "" : ",") + shm::jsonString(sleepers.back()->pollReason);
  }
  emit("{\"woken\":" + std::to_string(woken) + ",\"reasons\":[" + reasons + "]}");
  waitForStdinToClose();
}

// A watcher table as another version of the library would have made it.
void plantTable(const Flags& flags) {
  const std::string name = flag(flags, "--name") + shm::kLockSuffix + ".slots";
  std::wstring wide(name.size() + 1, L'\0');
  wide.resize(static_cast<std::size_t>(MultiByteToWideChar(CP_UTF8, 0, name.c_str(), -1, &wide[0],
                                                           static_cast<int>(wide.size()))) - 1);
  HANDLE section = CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, wide.c_str());
  auto* view = section == nullptr ? nullptr : static_cast<std::uint32_t*>(MapViewOfFile(section, FILE_MAP_ALL_ACCESS, 0, 0, 0));
  if (view == nullptr) throw shm::Error(shm::ErrorCode::System, "plant-table: cannot make \"" + name + "\"");
  view[0] = static_cast<std::uint32_t>(number(flags, "--layout"));
  emit("{\"planted\":true}");
  waitForStdinToClose();
}

int run(const std::vector<std::string>& args) {
  const std::string command = args.empty() ? "" : args[0];
  const Flags flags = parseFlags(args);
  if (command == "create" || command == "set") {
    auto block = openFromFlags(flags, shm::OpenMode::CreateOrOpen);
    const std::u16string text = textFromFlags(flags);
    const shm::StoreResult stored = block->setString(text.data(), text.size());
    emit("{\"createdHere\":" + std::string(block->createdHere() ? "true" : "false") + "," +
         storeJson(stored) + ",\"systemName\":" + shm::jsonString(block->systemName()) +
         ",\"pid\":" + std::to_string(GetCurrentProcessId()) + "}");
    if (command == "create") waitForStdinToClose();
    return 0;
  }
  if (command == "get") {
    auto block = openFromFlags(flags, shm::OpenMode::OpenExisting);
    const std::uint64_t cch = number(flags, "--cch", 0);
    const std::u16string text = block->getString(cch == 0 ? block->unitCapacity() : cch - 1);
    emit("{\"text\":" + shm::jsonString(shm::utf16ToUtf8(text)) + ",\"units\":" +
         std::to_string(text.size()) + ",\"size\":" + std::to_string(block->size()) + "}");
    return 0;
  }
  if (command == "read") {
    auto block = openFromFlags(flags, shm::OpenMode::OpenExisting);
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(number(flags, "--length")));
    block->read(number(flags, "--offset"), bytes.size(), bytes.data());
    emit("{\"hex\":\"" + hexOf(bytes) + "\"}");
    return 0;
  }
  if (command == "cas") {
    auto block = openFromFlags(flags, shm::OpenMode::OpenExisting);
    const std::vector<std::uint8_t> expect = bytesFromHex(flag(flags, "--expect"));
    const std::vector<std::uint8_t> bytes = bytesFromHex(flag(flags, "--hex"));
    if (expect.size() != bytes.size()) throw shm::Error(shm::ErrorCode::Arg, "--expect and --hex must be as long");
    std::vector<std::uint8_t> found(bytes.size());
    const bool written = block->writeIfUnchanged(number(flags, "--offset"), expect.data(), bytes.data(), bytes.size(),
                                                 found.data());
    emit(std::string("{\"written\":") + (written ? "true" : "false") + ",\"found\":\"" + hexOf(found) + "\"}");
    return 0;
  }
  if (command == "write") {
    auto block = openFromFlags(flags, shm::OpenMode::OpenExisting);
    const std::vector<std::uint8_t> bytes = bytesFromHex(flag(flags, "--hex"));
    block->write(number(flags, "--offset"), bytes.data(), bytes.size());
    emit("{\"written\":" + std::to_string(bytes.size()) + ",\"atMs\":" + std::to_string(unixMilliseconds()) + "}");
    return 0;
  }
  if (command == "host") {
    host(flags);
    return 0;
  }
  if (command == "alive") {
    alive(flags);
    return 0;
  }
  if (command == "hold-slots") {
    holdSlots(flags);
    return 0;
  }
  if (command == "plant-table") {
    plantTable(flags);
    return 0;
  }
  if (command == "raw-write") {
    const std::vector<std::uint8_t> bytes = bytesFromHex(flag(flags, "--hex"));
    rawWrite(flag(flags, "--name"), number(flags, "--offset"), bytes);
    emit("{\"written\":" + std::to_string(bytes.size()) + ",\"atMs\":" + std::to_string(unixMilliseconds()) + "}");
    return 0;
  }
  if (command == "watch") {
    watch(flags);
    return 0;
  }
  if (command == "writer" || command == "reader") {
    auto block = openFromFlags(flags, shm::OpenMode::CreateOrOpen);
    // A start gate, not a start time: wine processes can take seconds to start
    // on a loaded machine, and one that started after a fixed deadline would
    // run no overlap at all. The test says "go" once all of them are ready.
    emit("ready");
    char go[16];
    if (std::fgets(go, sizeof go, stdin) == nullptr) return 1;
    const std::uint64_t endAt = unixMilliseconds() + number(flags, "--ms");
    std::uint64_t operations = 0;
    std::uint64_t torn = 0;
    std::string sample;
    while (unixMilliseconds() < endAt) {
      if (command == "writer") {
        const std::u16string text = selfCheckingString(number(flags, "--id"), operations);
        block->setString(text.data(), text.size());
      } else {
        const std::u16string text = block->getString(block->unitCapacity());
        if (!isWhole(text) && ++torn == 1) sample = shm::utf16ToUtf8(text.substr(0, 40));
      }
      ++operations;
    }
    const std::string lock = block->lockEnabled() ? "true" : "false";
    if (command == "writer") {
      emit("{\"writes\":" + std::to_string(operations) + ",\"lockEnabled\":" + lock + "}");
    } else {
      emit("{\"reads\":" + std::to_string(operations) + ",\"torn\":" + std::to_string(torn) +
           ",\"sample\":" + (torn == 0 ? std::string("null") : shm::jsonString(sample)) +
           ",\"lockEnabled\":" + lock + "}");
    }
    return 0;
  }
  if (command == "hold-lock") {
    auto block = openFromFlags(flags, shm::OpenMode::CreateOrOpen);
    block->testHoldLock();
    emit("holding");
    Sleep(INFINITE);
    return 0;
  }
  if (command == "lock-wait") {
    auto block = openFromFlags(flags, shm::OpenMode::CreateOrOpen);
    const bool lockWasFree = block->testTryLock();
    emit(std::string("{\"waiting\":true,\"lockWasFree\":") + (lockWasFree ? "true" : "false") + "}");
    const std::u16string text = textFromFlags(flags);
    const shm::StoreResult stored = block->setString(text.data(), text.size());
    emit("{\"done\":true," + storeJson(stored) + ",\"text\":" +
         shm::jsonString(shm::utf16ToUtf8(block->getString(block->unitCapacity()))) + "}");
    return 0;
  }
  std::fprintf(stderr, "shm-wintest: unknown command \"%s\"\n", command.c_str());
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(shm::utf8Arguments(argc, argv));
  } catch (const shm::Error& error) {
    std::printf("{\"error\":%s,\"message\":%s}\n", shm::jsonString(shm::errorCodeName(error.code())).c_str(),
                shm::jsonString(error.what()).c_str());
    std::fflush(stdout);
    return error.code() == shm::ErrorCode::NotFound ? 2 : 1;
  }
}
