// Byte-pattern search over one chunk of a block: the engine behind Find.
//
// A pattern is bytes plus a mask of the same length: a byte of the haystack
// matches when (hay & mask) == (pattern & mask), so mask 0xFF is an exact
// byte and 0x00 a wildcard (`??`). Case-insensitive mode folds ASCII letters
// on both sides. Text encodings, integers and floats become byte patterns in
// TypeScript (src-main/core/search/patterns.ts); this file only sees bytes.
//
// The caller cuts a block into chunks that overlap by patternLength - 1 bytes
// and tells each call how many start offsets the chunk owns (`startLimit`),
// so a match that spans two chunks is found exactly once.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace shm::search {

struct Pattern {
  std::vector<std::uint8_t> bytes;
  std::vector<std::uint8_t> mask;  // same length; 0xFF exact, 0x00 any
  bool caseInsensitive = false;    // fold ASCII A-Z to a-z before comparing
};

// Which matches a call keeps when there are more than it may return.
enum class Keep { First, Last };

struct ChunkResult {
  std::uint64_t count = 0;              // every match that starts in [0, startLimit)
  std::vector<std::uint64_t> offsets;   // at most maxOffsets of them, ascending
};

// Thrown by findInChunk when its cancel flag was set: it looks at the flag
// after every kCancelCheckWork bytes compared or searched (about a
// millisecond), so a cancelled search ends within a few milliseconds,
// whatever the pattern and the data.
struct Cancelled {};
constexpr std::uint64_t kCancelCheckWork = std::uint64_t{1} << 20;

// Throws std::invalid_argument when the pattern is empty or the mask's length
// differs. startLimit is clamped to the starts a match can have in `length`.
// `cancel` (may be null) is polled as described at Cancelled.
ChunkResult findInChunk(const std::uint8_t* haystack, std::size_t length, std::size_t startLimit,
                        const Pattern& pattern, std::size_t maxOffsets, Keep keep,
                        const std::atomic<bool>* cancel = nullptr);

}  // namespace shm::search
