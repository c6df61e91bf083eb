// shm-list: the named sections of this Windows machine (or wine prefix), as
// one JSON document: {"sections":[{"name","directory"}],"unreadable":[...]}.
// The Windows side of `shm-inspector list`; run under wine by tests/win.
#include <cstdio>

#include "cli_args.h"
#include "section_list_windows.h"
#include "shm_error.h"

int main() {
  try {
    const shm::SectionListing listing = shm::listSections();
    std::string json = "{\"sections\":[";
    for (std::size_t i = 0; i < listing.sections.size(); ++i) {
      const auto& section = listing.sections[i];
      json += (i ? "," : "") + std::string("{\"name\":") + shm::jsonString(section.name) +
              ",\"directory\":" + shm::jsonString(section.directory) + "}";
    }
    json += "],\"unreadable\":[";
    for (std::size_t i = 0; i < listing.unreadableDirectories.size(); ++i) {
      json += (i ? "," : "") + shm::jsonString(listing.unreadableDirectories[i]);
    }
    json += "]}";
    std::printf("%s\n", json.c_str());
    return 0;
  } catch (const shm::Error& error) {
    std::fprintf(stderr, "shm-list: %s\n", error.what());
    return 1;
  }
}
