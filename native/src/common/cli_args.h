// Command-line helpers shared by shm-reader and the Windows test program.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shm {

// The program's arguments in UTF-8 (on Windows read from the UTF-16 command
// line, so names and texts outside the ANSI code page survive).
std::vector<std::string> utf8Arguments(int argc, char** argv);

// Parses a non-negative decimal integer; false when `text` is not one.
bool parseUnsigned(const std::string& text, std::uint64_t& value);

// `text` as a JSON string literal, quotes included.
std::string jsonString(const std::string& utf8);

}  // namespace shm
