// The named sections (file mappings) of a Windows machine, as Sysinternals'
// WinObj shows them: the global \BaseNamedObjects and each session's
// \Sessions\<n>\BaseNamedObjects, walked with NtOpenDirectoryObject and
// NtQueryDirectoryObject. Windows only.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace shm {

// A process holding a handle to a section.
struct SectionHolder {
  std::uint32_t pid;
  std::string image;  // UTF-8; the executable's file name ("shm-wintest.exe"), empty when unknown
};

struct SectionEntry {
  std::string name;       // UTF-8; what CreateFileMappingW was given, without Local\ or Global\ .
  std::string directory;  // UTF-8; e.g. \Sessions\1\BaseNamedObjects
  std::vector<SectionHolder> holders;  // by pid; meaningful only when SectionListing::holdersKnown
};

struct SectionListing {
  std::vector<SectionEntry> sections;
  // Object directories that exist but could not be opened (access denied): their sections are missing.
  std::vector<std::string> unreadableDirectories;
  // false when this system would not tell which processes hold handles
  // (holdersUnknownReason says why): every entry's holders are then empty.
  bool holdersKnown = false;
  std::string holdersUnknownReason;
  // Processes whose handles could not be read (another user's, protected):
  // they may hold some of the sections too.
  std::uint32_t hiddenProcesses = 0;
};

// Which processes hold a handle to each named section, keyed by the
// section's full name ("\\Sessions\\1\\BaseNamedObjects\\x"), from the system's
// handle table (NtQuerySystemInformation(SystemExtendedHandleInformation);
// each section handle duplicated and named with NtQueryObject). A process
// that closed its handle and keeps only a view is not seen. Returns false,
// with the reason, when the system does not give the handle table.
struct HolderScan {
  std::map<std::string, std::vector<SectionHolder>> byName;  // UTF-8 full name -> holders by pid
  std::uint32_t hiddenProcesses = 0;
  std::string whyUnknown;
};
bool scanSectionHolders(HolderScan& scan);

// Throws shm::Error (System) only when ntdll's directory calls are missing;
// a directory that cannot be opened is reported, not thrown.
SectionListing listSections();

}  // namespace shm
