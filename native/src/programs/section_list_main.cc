// shm-list: the named sections of this Windows machine (or wine prefix), as
// one JSON document: {"sections":[{"name","directory","holders"}],"unreadable":[...],
// "holdersKnown","holdersUnknownReason","hiddenProcesses"}; each holder is
// {"pid","image"}; "holders" is null when the system does not tell them.
// The Windows side of `shm-inspector list`; run under wine by tests/win.
#include <cstdio>

#include "cli_args.h"
#include "windows/section_list_windows.h"
#include "shm_error.h"

namespace {

std::string holdersJson(const shm::SectionListing& listing, const shm::SectionEntry& section) {
  if (!listing.holdersKnown) return "null";
  std::string json = "[";
  for (std::size_t i = 0; i < section.holders.size(); ++i) {
    json += (i ? "," : "") + std::string("{\"pid\":") + std::to_string(section.holders[i].pid) +
            ",\"image\":" + shm::jsonString(section.holders[i].image) + "}";
  }
  return json + "]";
}

}  // namespace

int main() {
  try {
    const shm::SectionListing listing = shm::listSections();
    std::string json = "{\"sections\":[";
    for (std::size_t i = 0; i < listing.sections.size(); ++i) {
      const auto& section = listing.sections[i];
      json += (i ? "," : "") + std::string("{\"name\":") + shm::jsonString(section.name) +
              ",\"directory\":" + shm::jsonString(section.directory) + ",\"holders\":" + holdersJson(listing, section) + "}";
    }
    json += "],\"unreadable\":[";
    for (std::size_t i = 0; i < listing.unreadableDirectories.size(); ++i) {
      json += (i ? "," : "") + shm::jsonString(listing.unreadableDirectories[i]);
    }
    json += "],\"holdersKnown\":" + std::string(listing.holdersKnown ? "true" : "false") +
            ",\"holdersUnknownReason\":" + shm::jsonString(listing.holdersUnknownReason) +
            ",\"hiddenProcesses\":" + std::to_string(listing.hiddenProcesses) + "}";
    std::printf("%s\n", json.c_str());
    return 0;
  } catch (const shm::Error& error) {
    std::fprintf(stderr, "shm-list: %s\n", error.what());
    return 1;
  }
}
