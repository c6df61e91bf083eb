// The seed's text layout: UTF-16LE code units from offset 0, terminated by a
// NUL unit. Pure functions over the block's bytes; the caller holds the lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace shm {

struct StoreResult {
  std::size_t units;  // code units stored, not counting the NUL
  bool truncated;     // the text did not fit and was cut
};

// How many UTF-16 units a block of `blockSize` bytes holds, the NUL included.
inline std::size_t unitCapacity(std::uint64_t blockSize) {
  return static_cast<std::size_t>(blockSize / 2);
}

// Index of the first NUL unit in text, or `length` when there is none.
std::size_t findNulUnit(const char16_t* text, std::size_t length);

// The longest prefix of text that has at most maxUnits units and does not end
// between the two halves of a surrogate pair.
std::size_t prefixWithoutSplitPair(const char16_t* text, std::size_t length, std::size_t maxUnits);

// SetSharedMem done right: stores at most unitCapacity - 1 units plus the NUL,
// never writes past blockSize, never splits a surrogate pair. Bytes after the
// NUL are left as they were, like the original. Text must contain no NUL.
StoreResult storeText(std::uint8_t* block, std::uint64_t blockSize, const char16_t* text,
                      std::size_t length);

// GetSharedMem(buf, maxUnits + 1): the units before the first NUL, at most
// maxUnits of them and never more than unitCapacity - 1 (what storeText can
// store, even when another program left no NUL), without ending inside a pair.
std::u16string loadText(const std::uint8_t* block, std::uint64_t blockSize, std::size_t maxUnits);

// loadText in two steps, for callers with a buffer of their own: the length
// loadText would return, then a copy of that many units into `out`.
std::size_t textLength(const std::uint8_t* block, std::uint64_t blockSize, std::size_t maxUnits);
void copyUnits(const std::uint8_t* block, std::size_t count, char16_t* out);

// UTF-16 to UTF-8 for terminals and JSON; an unpaired surrogate becomes U+FFFD.
std::string utf16ToUtf8(const std::u16string& text);

// UTF-8 to UTF-16; an invalid byte sequence becomes U+FFFD.
std::u16string utf8ToUtf16(const std::string& text);

}  // namespace shm
