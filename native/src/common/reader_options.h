// shm-reader's command line, parsed apart from main() so that the fuzz
// targets (scripts/sanitize.mjs) can drive it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backend.h"
#include "shm_limits.h"

namespace shm {

enum class Format { Line, Hex, Json };

struct Options {
  std::string name = shm::kDefaultName;
  std::uint64_t size = shm::kAnySize;
  std::uint64_t cch = 0;  // 0: the whole capacity
  Format format = Format::Line;
  bool readOnly = false;
  bool sysv = false;           // --sysv ID: a System V segment (read-only) instead of a named block
  std::uint64_t sysvId = 0;  // --read-only: map PROT_READ, create no companion, take no lock
  bool help = false;
};

struct UsageError {
  std::string message;
};

// Parses shm-reader's arguments; throws UsageError. "--help" or "-h" in an
// option's place sets `help` (as a value, e.g. "--name --help", it is a value).
Options parseReaderOptions(const std::vector<std::string>& args);

}  // namespace shm
