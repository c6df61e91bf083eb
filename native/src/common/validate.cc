#include "validate.h"

#include <cmath>
#include <cstdio>

#include "backend.h"
#include "shm_error.h"
#include "shm_limits.h"

namespace shm {

namespace {

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Decodes the code point of the UTF-8 sequence at `i` and advances `i` past it.
// A malformed sequence counts as one U+FFFD per byte (names from the command
// line are bytes; they are not refused for that).
char32_t nextCodePoint(const std::string& text, std::size_t& i) {
  constexpr char32_t kMalformed = 0xFFFD;
  const unsigned char lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  const std::size_t extra = lead < 0xC0 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : lead < 0xF8 ? 3 : 0;
  if (extra == 0 || i + extra >= text.size()) {
    ++i;
    return kMalformed;
  }
  char32_t cp = lead & (0x3F >> extra);
  for (std::size_t k = 1; k <= extra; ++k) {
    const unsigned char next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) {
      ++i;
      return kMalformed;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  i += extra + 1;
  return cp;
}

// Characters that make a name look like another one wherever it is shown:
// controls (C0, DEL, C1) move the cursor or recolour a terminal, and the
// bidirectional embeddings, overrides, isolates and marks reorder the text
// around them ("evil\u202Etxt.exe" shows as "evilexe.txt").
bool disguisesText(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
         cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void refuseDisguisingCharacters(const std::string& name) {
  for (std::size_t i = 0; i < name.size();) {
    const std::size_t at = i;
    const char32_t cp = nextCodePoint(name, i);
    if (!disguisesText(cp)) continue;
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
    throw Error(ErrorCode::Name, std::string("block name contains the control or bidirectional ") +
                                     "character " + code + " at byte " + std::to_string(at) +
                                     "; such characters are refused because they disguise a name");
  }
}

std::string formatNumber(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

}  // namespace

void validateName(const std::string& name) {
  if (name.empty()) {
    throw Error(ErrorCode::Name, "block name is empty; give a name such as \"dllmemfilemap\"");
  }
  if (name.size() > kMaxNameLength) {
    throw Error(ErrorCode::Name, "block name is " + std::to_string(name.size()) +
                                     " bytes long (UTF-8); the limit is " +
                                     std::to_string(kMaxNameLength) + " bytes");
  }
  if (name.find('\0') != std::string::npos) {
    throw Error(ErrorCode::Name, "block name contains a NUL character (U+0000) at byte " +
                                     std::to_string(name.find('\0')) +
                                     "; the operating system's names end at NUL");
  }
  refuseDisguisingCharacters(name);
  for (const std::string& reserved : {std::string(kLockSuffix), std::string(kLockSuffix) + ".mutex",
                                      std::string(kLockSuffix) + ".wake", std::string(kLockSuffix) + ".slots"}) {
    if (endsWith(name, reserved)) {
      throw Error(ErrorCode::Name, "block name \"" + name + "\" ends with \"" + reserved +
                                       "\", which is reserved for the lock companion of a block");
    }
  }
  checkPlatformNameRules(name);
}

std::uint64_t validateSize(double size) {
  if (std::isnan(size)) {
    throw Error(ErrorCode::Size, "block size is NaN; give a whole number of bytes from 1 to " +
                                     std::to_string(kMaxSize));
  }
  if (size != std::floor(size)) {
    throw Error(ErrorCode::Size, "block size " + formatNumber(size) +
                                     " is not a whole number of bytes");
  }
  if (size <= 0) {
    throw Error(ErrorCode::Size, "block size " + formatNumber(size) +
                                     " is too small; the smallest block has 1 byte");
  }
  if (size > static_cast<double>(kMaxSize)) {
    throw Error(ErrorCode::Size, "block size " + formatNumber(size) +
                                     " is above the limit of " + std::to_string(kMaxSize) +
                                     " bytes (1 GiB)");
  }
  return static_cast<std::uint64_t>(size);
}

void throwOutsideBlock(std::uint64_t offset, std::uint64_t length, std::uint64_t blockSize) {
  throw Error(ErrorCode::Range, "bytes " + std::to_string(offset) + ".." + std::to_string(offset + length) +
                                    " lie outside the block of " + std::to_string(blockSize) +
                                    " bytes (offset + length must be at most " + std::to_string(blockSize) + ")");
}

void checkSizeMatches(const std::string& name, std::uint64_t requested, std::uint64_t real, const char* remedy) {
  if (requested != kAnySize && requested != real) {
    throw Error(ErrorCode::SizeMismatch,
                "shared memory \"" + name + "\" already exists with " + std::to_string(real) +
                    " bytes, not " + std::to_string(requested) + "; open it with size " +
                    std::to_string(real) + " or " + remedy);
  }
  if (real > kMaxSize) {
    throw Error(ErrorCode::Size, "shared memory \"" + name + "\" has " + std::to_string(real) +
                                     " bytes, above the limit of " + std::to_string(kMaxSize));
  }
}

}  // namespace shm
