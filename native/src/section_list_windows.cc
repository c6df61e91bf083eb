// Lists named sections through the NT object directories. The Win32 API has
// no call for this; ntdll's NtOpenDirectoryObject / NtQueryDirectoryObject
// are documented (winternl.h family) and used by WinObj and Process Explorer.
// They are looked up at run time so the program links against nothing new.
// Compiled to nothing elsewhere, like backend_windows.cc.
#if defined(_WIN32)

#include "section_list_windows.h"

#include <windows.h>
#include <winternl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "shm_error.h"
#include "text_codec.h"

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
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  Ntdll calls;
  if (ntdll) {
    calls.open = reinterpret_cast<OpenDirectoryFn>(reinterpret_cast<void*>(GetProcAddress(ntdll, "NtOpenDirectoryObject")));
    calls.query = reinterpret_cast<QueryDirectoryFn>(reinterpret_cast<void*>(GetProcAddress(ntdll, "NtQueryDirectoryObject")));
  }
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
    if (item.type == u"Section") listing.sections.push_back({utf16ToUtf8(item.name), directory});
  }
}

}  // namespace

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
  return listing;
}

}  // namespace shm

#endif  // _WIN32
