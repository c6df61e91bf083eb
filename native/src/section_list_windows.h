// The named sections (file mappings) of a Windows machine, as Sysinternals'
// WinObj shows them: the global \BaseNamedObjects and each session's
// \Sessions\<n>\BaseNamedObjects, walked with NtOpenDirectoryObject and
// NtQueryDirectoryObject. Windows only.
#pragma once

#include <string>
#include <vector>

namespace shm {

struct SectionEntry {
  std::string name;       // UTF-8; what CreateFileMappingW was given, without Local\ or Global\ .
  std::string directory;  // UTF-8; e.g. \Sessions\1\BaseNamedObjects
};

struct SectionListing {
  std::vector<SectionEntry> sections;
  // Object directories that exist but could not be opened (access denied): their sections are missing.
  std::vector<std::string> unreadableDirectories;
};

// Throws shm::Error (System) only when ntdll's directory calls are missing;
// a directory that cannot be opened is reported, not thrown.
SectionListing listSections();

}  // namespace shm
