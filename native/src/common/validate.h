// Checks on values that come from outside (JavaScript, the command line).
// Each throws shm::Error with the code of the bad value and a message that
// names the value and the limit; none has side effects.
#pragma once

#include <cstdint>
#include <string>

namespace shm {

// Empty, longer than kMaxNameLength bytes, ending in the companion's ".lock"
// suffix, or containing a character the platform refuses.
void validateName(const std::string& name);

// A block size given as a JavaScript number or a parsed argument: a positive
// integer no larger than kMaxSize. Returns it as an integer.
std::uint64_t validateSize(double size);

// The size of an existing object against the size asked for (kAnySize: any):
// ErrorCode::SizeMismatch naming the real one, with `remedy` (what frees the
// name on this platform) as the way out; ErrorCode::Size above kMaxSize.
// Every backend checks what it mapped with it.
void checkSizeMatches(const std::string& name, std::uint64_t requested, std::uint64_t real, const char* remedy);

// ErrorCode::Range: bytes [offset, offset + length) are not all inside the block.
[[noreturn]] void throwOutsideBlock(std::uint64_t offset, std::uint64_t length, std::uint64_t blockSize);

// offset and length must lie inside a block of blockSize bytes. Inline: every
// read and write checks this, and the check is two compares.
inline void validateRange(std::uint64_t offset, std::uint64_t length, std::uint64_t blockSize) {
  if (offset > blockSize || length > blockSize - offset) throwOutsideBlock(offset, length, blockSize);
}

}  // namespace shm
