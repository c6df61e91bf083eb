// Lists named sections through the NT object directories. The Win32 API has
// no call for this; ntdll's NtOpenDirectoryObject / NtQueryDirectoryObject
// are documented (winternl.h family) and used by WinObj and Process Explorer.
// They are looked up at run time (ntdll.h) so the program links against
// nothing new.
#include "section_list_windows.h"

#include <windows.h>
#include <winternl.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "shm_error.h"
#include "shm_limits.h"
#include "text_codec.h"
#include "windows/ntdll.h"

namespace shm {
namespace {

constexpr ACCESS_MASK kDirectoryQuery = 0x0001;
constexpr ACCESS_MASK kDirectoryTraverse = 0x0002;
constexpr NTSTATUS kStatusMoreEntries = 0x00000105;
constexpr NTSTATUS kStatusNoMoreEntries = static_cast<NTSTATUS>(0x8000001A);
constexpr NTSTATUS kStatusBufferTooSmall = static_cast<NTSTATUS>(0xC0000023);


struct DirectoryEntryInfo {  // OBJECT_DIRECTORY_INFORMATION
  UNICODE_STRING name;
  UNICODE_STRING typeName;
};

using OpenDirectoryFn = NTSTATUS(NTAPI*)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES);
using QueryDirectoryFn = NTSTATUS(NTAPI*)(HANDLE, PVOID, ULONG, BOOLEAN, BOOLEAN, PULONG, PULONG);

struct Ntdll {
  OpenDirectoryFn open = nullptr;
  QueryDirectoryFn query = nullptr;
};

Ntdll loadNtdll() {
  Ntdll calls;
  calls.open = ntdllFunction<OpenDirectoryFn>("NtOpenDirectoryObject");
  calls.query = ntdllFunction<QueryDirectoryFn>("NtQueryDirectoryObject");
  if (!calls.open || !calls.query) throw Error(ErrorCode::System, "ntdll has no NtOpenDirectoryObject/NtQueryDirectoryObject");
  return calls;
}

std::u16string toU16(const UNICODE_STRING& text) {
  return std::u16string(reinterpret_cast<const char16_t*>(text.Buffer), text.Length / sizeof(wchar_t));
}

struct DirectoryItem {
  std::u16string name;
  std::u16string type;
};

bool queryBatches(const Ntdll& nt, HANDLE directory, std::vector<DirectoryItem>& items);
bool querySingly(const Ntdll& nt, HANDLE directory, std::vector<DirectoryItem>& items);

// Every (name, type) of one object directory; false when it cannot be opened or read.
bool readDirectory(const Ntdll& nt, const std::u16string& path, std::vector<DirectoryItem>& items) {
  UNICODE_STRING unicodePath;
  unicodePath.Buffer = const_cast<PWSTR>(reinterpret_cast<const wchar_t*>(path.c_str()));
  unicodePath.Length = static_cast<USHORT>(path.size() * sizeof(wchar_t));
  unicodePath.MaximumLength = unicodePath.Length;
  OBJECT_ATTRIBUTES attributes{};
  attributes.Length = sizeof attributes;
  attributes.ObjectName = &unicodePath;
  attributes.Attributes = OBJ_CASE_INSENSITIVE;
  HANDLE directory = nullptr;
  if (nt.open(&directory, kDirectoryQuery | kDirectoryTraverse, &attributes) < 0) return false;

  const bool complete = queryBatches(nt, directory, items) || querySingly(nt, directory, items);
  CloseHandle(directory);
  return complete;
}

// Entries in batches, each an array ended by an empty entry; `context` carries on where
// the last stopped. False when the system refuses batches (wine 8 answers single entries only).
bool queryBatches(const Ntdll& nt, HANDLE directory, std::vector<DirectoryItem>& items) {
  std::vector<std::uint8_t> buffer(64 * 1024);
  ULONG context = 0;
  for (bool restart = true;; restart = false) {
    ULONG returned = 0;
    const NTSTATUS status = nt.query(directory, buffer.data(), static_cast<ULONG>(buffer.size()), FALSE, restart ? TRUE : FALSE, &context, &returned);
    if (status == kStatusNoMoreEntries) return true;
    if (status < 0) {
      items.clear();
      return false;
    }
    for (auto* entry = reinterpret_cast<const DirectoryEntryInfo*>(buffer.data()); entry->name.Buffer != nullptr; ++entry) {
      items.push_back({toU16(entry->name), toU16(entry->typeName)});
    }
    if (status != kStatusMoreEntries) return true;
  }
}

// One entry per call: slower, understood everywhere.
bool querySingly(const Ntdll& nt, HANDLE directory, std::vector<DirectoryItem>& items) {
  std::vector<std::uint8_t> buffer(4096);
  ULONG context = 0;
  for (bool restart = true;; restart = false) {
    ULONG returned = 0;
    const NTSTATUS status = nt.query(directory, buffer.data(), static_cast<ULONG>(buffer.size()), TRUE, restart ? TRUE : FALSE, &context, &returned);
    if (status == kStatusNoMoreEntries) return true;
    if (status == kStatusBufferTooSmall && buffer.size() < 65536 && returned > buffer.size()) {
      buffer.resize(returned);
      restart = false;
      continue;
    }
    if (status < 0) return false;
    const auto* entry = reinterpret_cast<const DirectoryEntryInfo*>(buffer.data());
    items.push_back({toU16(entry->name), toU16(entry->typeName)});
  }
}

void collectSections(const Ntdll& nt, const std::u16string& path, SectionListing& listing) {
  std::vector<DirectoryItem> items;
  if (!readDirectory(nt, path, items)) {
    listing.unreadableDirectories.push_back(utf16ToUtf8(path));
    return;
  }
  const std::string directory = utf16ToUtf8(path);
  for (const auto& item : items) {
    if (item.type == u"Section") listing.sections.push_back({utf16ToUtf8(item.name), directory, {}});
  }
}

// ---------------------------------------------------------------------------
// Who holds each section: the system's handle table.

constexpr int kSystemExtendedHandleInformation = 64;
constexpr int kObjectNameInformation = 1;
constexpr NTSTATUS kStatusInfoLengthMismatch = static_cast<NTSTATUS>(0xC0000004);

struct HandleEntry {  // SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX
  PVOID object;
  ULONG_PTR pid;
  ULONG_PTR handle;
  ULONG grantedAccess;
  USHORT creatorBackTraceIndex;
  USHORT objectTypeIndex;
  ULONG attributes;
  ULONG reserved;
};

struct HandleTableHeader {  // SYSTEM_HANDLE_INFORMATION_EX before its entries
  ULONG_PTR count;
  ULONG_PTR reserved;
};

using QuerySystemFn = NTSTATUS(NTAPI*)(int, PVOID, ULONG, PULONG);
using QueryObjectFn = NTSTATUS(NTAPI*)(HANDLE, int, PVOID, ULONG, PULONG);

// The handle table, grown until it fits (it grows while we read it) up to
// kMaxHandleSnapshotBytes. Empty, with the reason, when it cannot be had.
std::vector<std::uint8_t> handleSnapshot(QuerySystemFn query, std::string& whyNot) {
  std::vector<std::uint8_t> buffer(1 << 20);
  for (;;) {
    ULONG needed = 0;
    const NTSTATUS status = query(kSystemExtendedHandleInformation, buffer.data(), static_cast<ULONG>(buffer.size()), &needed);
    if (status >= 0) return buffer;
    if (status != kStatusInfoLengthMismatch) {
      char code[16];
      std::snprintf(code, sizeof code, "0x%08lX", static_cast<unsigned long>(status));
      whyNot = std::string("the system refuses its handle table (NtQuerySystemInformation: ") + code + ")";
      return {};
    }
    const std::size_t next = std::max<std::size_t>(buffer.size() * 2, static_cast<std::size_t>(needed) + (64 << 10));
    if (next > kMaxHandleSnapshotBytes) {
      whyNot = "the system's handle table is larger than the " + std::to_string(kMaxHandleSnapshotBytes >> 20) +
               " MiB this listing reads";
      return {};
    }
    buffer.assign(next, 0);
  }
}

// The object type index of sections on this system (it differs between
// Windows builds): that of an unnamed section made for the purpose.
bool sectionTypeIndex(const std::vector<std::uint8_t>& snapshot, HANDLE probe, USHORT& index) {
  const auto* header = reinterpret_cast<const HandleTableHeader*>(snapshot.data());
  const auto* entries = reinterpret_cast<const HandleEntry*>(snapshot.data() + sizeof(HandleTableHeader));
  const std::size_t room = (snapshot.size() - sizeof(HandleTableHeader)) / sizeof(HandleEntry);
  for (std::size_t i = 0; i < std::min<std::size_t>(header->count, room); ++i) {
    if (entries[i].pid == GetCurrentProcessId() && entries[i].handle == reinterpret_cast<ULONG_PTR>(probe)) {
      index = entries[i].objectTypeIndex;
      return true;
    }
  }
  return false;
}

std::string objectName(QueryObjectFn query, HANDLE handle) {
  std::vector<std::uint8_t> buffer(2048);
  ULONG needed = 0;
  if (query(handle, kObjectNameInformation, buffer.data(), static_cast<ULONG>(buffer.size()), &needed) < 0) return "";
  const auto* name = reinterpret_cast<const UNICODE_STRING*>(buffer.data());
  return name->Buffer == nullptr ? "" : utf16ToUtf8(toU16(*name));
}

std::string imageName(HANDLE process) {
  wchar_t path[MAX_PATH * 2];
  DWORD length = MAX_PATH * 2;
  if (!QueryFullProcessImageNameW(process, 0, path, &length)) return "";
  const std::u16string full(reinterpret_cast<const char16_t*>(path), length);
  const std::size_t slash = full.find_last_of(u"\\/");
  return utf16ToUtf8(slash == std::u16string::npos ? full : full.substr(slash + 1));
}

// A process whose handles we read: opened once, with its image name.
struct OpenedProcess {
  HANDLE handle = nullptr;  // null: could not be opened (hidden)
  std::string image;
};

}  // namespace

bool scanSectionHolders(HolderScan& scan) {
  const auto querySystem = ntdllFunction<QuerySystemFn>("NtQuerySystemInformation");
  const auto queryObject = ntdllFunction<QueryObjectFn>("NtQueryObject");
  if (querySystem == nullptr || queryObject == nullptr) {
    scan.whyUnknown = "ntdll has no NtQuerySystemInformation/NtQueryObject";
    return false;
  }
  HANDLE probe = CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READONLY, 0, 1, nullptr);
  const std::vector<std::uint8_t> snapshot = handleSnapshot(querySystem, scan.whyUnknown);
  USHORT sectionType = 0;
  const bool typed = !snapshot.empty() && probe != nullptr && sectionTypeIndex(snapshot, probe, sectionType);
  if (probe != nullptr) CloseHandle(probe);
  if (snapshot.empty()) return false;
  if (!typed) {
    scan.whyUnknown = "the system's handle table does not show this process's own section";
    return false;
  }
  const auto* header = reinterpret_cast<const HandleTableHeader*>(snapshot.data());
  const auto* entries = reinterpret_cast<const HandleEntry*>(snapshot.data() + sizeof(HandleTableHeader));
  const std::size_t count = std::min<std::size_t>(header->count, (snapshot.size() - sizeof(HandleTableHeader)) / sizeof(HandleEntry));
  std::map<DWORD, OpenedProcess> processes;  // this process too: a host holds the blocks it opened
  for (std::size_t i = 0; i < count; ++i) {
    const HandleEntry& entry = entries[i];
    if (entry.objectTypeIndex != sectionType) continue;  // only sections: naming other kinds (pipes) can hang
    const DWORD pid = static_cast<DWORD>(entry.pid);
    auto [found, isNew] = processes.try_emplace(pid);
    OpenedProcess& process = found->second;
    if (isNew) {
      process.handle = OpenProcess(PROCESS_DUP_HANDLE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
      if (process.handle == nullptr) ++scan.hiddenProcesses;
      else process.image = imageName(process.handle);
    }
    if (process.handle == nullptr) continue;
    HANDLE copy = nullptr;
    if (!DuplicateHandle(process.handle, reinterpret_cast<HANDLE>(entry.handle), GetCurrentProcess(), &copy, 0, FALSE, 0)) continue;
    const std::string name = objectName(queryObject, copy);
    CloseHandle(copy);
    if (name.empty()) continue;  // an unnamed section
    std::vector<SectionHolder>& holders = scan.byName[name];
    if (holders.empty() || holders.back().pid != pid) holders.push_back({pid, process.image});
  }
  for (auto& [pid, process] : processes) {
    if (process.handle != nullptr) CloseHandle(process.handle);
  }
  for (auto& [name, holders] : scan.byName) {
    std::sort(holders.begin(), holders.end(), [](const SectionHolder& a, const SectionHolder& b) { return a.pid < b.pid; });
    holders.erase(std::unique(holders.begin(), holders.end(), [](const SectionHolder& a, const SectionHolder& b) { return a.pid == b.pid; }), holders.end());
  }
  return true;
}

SectionListing listSections() {
  const Ntdll nt = loadNtdll();
  SectionListing listing;
  collectSections(nt, u"\\BaseNamedObjects", listing);
  // Each logon session has its own directory: \Sessions\<n>\BaseNamedObjects ("Local\" names land there).
  std::vector<DirectoryItem> sessions;
  if (readDirectory(nt, u"\\Sessions", sessions)) {
    for (const auto& session : sessions) {
      if (session.type != u"Directory" || session.name.empty()) continue;
      bool numeric = true;
      for (char16_t c : session.name) numeric = numeric && c >= u'0' && c <= u'9';
      if (numeric) collectSections(nt, u"\\Sessions\\" + session.name + u"\\BaseNamedObjects", listing);
    }
  }
  HolderScan scan;
  listing.holdersKnown = scanSectionHolders(scan);
  listing.holdersUnknownReason = scan.whyUnknown;
  listing.hiddenProcesses = scan.hiddenProcesses;
  for (SectionEntry& section : listing.sections) {
    const auto found = scan.byName.find(section.directory + "\\" + section.name);
    if (found != scan.byName.end()) section.holders = found->second;
  }
  return listing;
}

}  // namespace shm
