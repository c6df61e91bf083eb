// See search.h. Three paths, chosen once per call:
//  - exact bytes, no folding: memmem (glibc's is a two-way/hash search that
//    runs at memory speed for short needles), or memchr + memcmp elsewhere;
//  - a mask with wildcards: the longest run of exact bytes is found with the
//    exact path, then only the other non-wildcard bytes are checked around
//    it, last first (wildcards cost nothing: `00 ??x4094 01` on zeros is two
//    compares per start, not 4096);
//  - case-insensitive or no exact byte at all: a byte loop over folded bytes.
#include "search.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

namespace shm::search {
namespace {

// Collects matches, keeping the first or the last maxOffsets of them.
class Collector {
 public:
  Collector(std::size_t maxOffsets, Keep keep) : max_(maxOffsets), keep_(keep) {}

  void add(std::uint64_t offset) {
    ++count_;
    if (max_ == 0) return;
    if (keep_ == Keep::First) {
      if (kept_.size() < max_) kept_.push_back(offset);
      return;
    }
    if (kept_.size() < max_) {
      kept_.push_back(offset);
    } else {
      kept_[next_] = offset;  // a ring of the last max_ offsets
      next_ = (next_ + 1) % max_;
    }
  }

  ChunkResult finish() {
    ChunkResult result;
    result.count = count_;
    if (keep_ == Keep::Last && kept_.size() == max_) {
      std::rotate(kept_.begin(), kept_.begin() + static_cast<std::ptrdiff_t>(next_), kept_.end());
    }
    result.offsets = std::move(kept_);
    return result;
  }

 private:
  std::size_t max_;
  Keep keep_;
  std::uint64_t count_ = 0;
  std::vector<std::uint64_t> kept_;
  std::size_t next_ = 0;
};

const std::uint8_t* findExact(const std::uint8_t* from, std::size_t length, const std::uint8_t* needle,
                              std::size_t needleLength) {
  if (needleLength > length) return nullptr;
#if defined(__GLIBC__) || defined(__APPLE__)
  return static_cast<const std::uint8_t*>(memmem(from, length, needle, needleLength));
#else
  const std::uint8_t* const last = from + (length - needleLength);
  for (const std::uint8_t* at = from; at <= last; ++at) {
    at = static_cast<const std::uint8_t*>(std::memchr(at, needle[0], static_cast<std::size_t>(last - at) + 1));
    if (at == nullptr) return nullptr;
    if (std::memcmp(at, needle, needleLength) == 0) return at;
  }
  return nullptr;
#endif
}

std::array<std::uint8_t, 256> foldTable(bool caseInsensitive) {
  std::array<std::uint8_t, 256> table{};
  for (int i = 0; i < 256; ++i) {
    const bool upper = i >= 'A' && i <= 'Z';
    table[i] = static_cast<std::uint8_t>(caseInsensitive && upper ? i + ('a' - 'A') : i);
  }
  return table;
}

// The longest run of exact (mask 0xFF) bytes: the anchor of a wildcard search.
struct Run {
  std::size_t start = 0;
  std::size_t length = 0;
};

Run longestExactRun(const Pattern& pattern) {
  Run best;
  Run current;
  for (std::size_t i = 0; i < pattern.mask.size(); ++i) {
    if (pattern.mask[i] == 0xFF) {
      if (current.length == 0) current.start = i;
      ++current.length;
      if (current.length > best.length) best = current;
    } else {
      current.length = 0;
    }
  }
  return best;
}

// The positions a match must check: every byte whose mask is not 0 (a
// wildcard matches anything), but `skip` (the anchor, already matched), last
// first: the far end of a pattern is the least likely to repeat its start.
std::vector<std::size_t> checkedPositions(const Pattern& pattern, Run skip) {
  std::vector<std::size_t> positions;
  for (std::size_t i = pattern.mask.size(); i-- > 0;) {
    if (pattern.mask[i] == 0 || (i >= skip.start && i < skip.start + skip.length)) continue;
    positions.push_back(i);
  }
  return positions;
}

bool matchesAt(const std::uint8_t* at, const Pattern& pattern, const std::vector<std::size_t>& positions,
               const std::array<std::uint8_t, 256>& fold) {
  for (const std::size_t i : positions) {
    const std::uint8_t mask = pattern.mask[i];
    if ((fold[at[i]] & mask) != (fold[pattern.bytes[i]] & mask)) return false;
  }
  return true;
}

// Counts work (bytes looked at) and looks at the cancel flag every kCancelCheckWork of it.
class CancelCheck {
 public:
  explicit CancelCheck(const std::atomic<bool>* flag) : flag_(flag) {}
  void step(std::uint64_t work) {
    work_ += work;
    if (work_ < kCancelCheckWork) return;
    work_ = 0;
    if (flag_ != nullptr && flag_->load(std::memory_order_relaxed)) throw Cancelled{};
  }

 private:
  const std::atomic<bool>* flag_;
  std::uint64_t work_ = 0;
};

// The anchor is looked for in windows of at most this many starts, so that
// one search call costs at most that much (a sanitizer's memmem checks its
// whole haystack on every call, found or not) and the cancel flag is looked
// at often whatever the data.
constexpr std::size_t kAnchorWindow = 64 * 1024;

void findAnchored(const std::uint8_t* hay, std::size_t length, std::size_t startLimit, const Pattern& pattern,
                  Run anchor, Collector& out, const std::atomic<bool>* cancel) {
  static const std::array<std::uint8_t, 256> identity = foldTable(false);
  const std::uint8_t* needle = pattern.bytes.data() + anchor.start;
  const std::vector<std::size_t> positions = checkedPositions(pattern, anchor);
  const bool wholePattern = positions.empty();
  CancelCheck check(cancel);
  // Anchor positions run from anchor.start to startLimit - 1 + anchor.start;
  // an anchor that belongs to this chunk ends by `end`.
  std::size_t position = anchor.start;
  const std::size_t lastAnchor = startLimit - 1 + anchor.start;
  const std::size_t end = std::min(length, lastAnchor + anchor.length);
  while (position <= lastAnchor) {
    const std::size_t windowEnd = std::min(end, position + kAnchorWindow + anchor.length - 1);
    const std::uint8_t* found = findExact(hay + position, windowEnd - position, needle, anchor.length);
    check.step(windowEnd - position + positions.size());
    if (found == nullptr) {
      if (windowEnd >= end) return;
      position = windowEnd - (anchor.length - 1);  // the next window starts at the first start this one did not hold
      continue;
    }
    const std::size_t at = static_cast<std::size_t>(found - hay);
    const std::size_t start = at - anchor.start;
    if (wholePattern || matchesAt(hay + start, pattern, positions, identity)) out.add(start);
    position = at + 1;
  }
}

void findByLoop(const std::uint8_t* hay, std::size_t startLimit, const Pattern& pattern, Collector& out,
                const std::atomic<bool>* cancel) {
  const std::array<std::uint8_t, 256> fold = foldTable(pattern.caseInsensitive);
  const std::uint8_t firstMask = pattern.mask[0];
  const std::uint8_t first = fold[pattern.bytes[0]] & firstMask;
  const std::vector<std::size_t> positions = checkedPositions(pattern, Run{0, 1});
  CancelCheck check(cancel);
  for (std::size_t start = 0; start < startLimit; ++start) {
    check.step(positions.size() + 1);
    if ((fold[hay[start]] & firstMask) != first) continue;
    if (matchesAt(hay + start, pattern, positions, fold)) out.add(start);
  }
}

}  // namespace

ChunkResult findInChunk(const std::uint8_t* haystack, std::size_t length, std::size_t startLimit,
                        const Pattern& pattern, std::size_t maxOffsets, Keep keep, const std::atomic<bool>* cancel) {
  const std::size_t n = pattern.bytes.size();
  if (n == 0) throw std::invalid_argument("the pattern is empty");
  if (pattern.mask.size() != n) throw std::invalid_argument("the mask must have as many bytes as the pattern");
  Collector out(maxOffsets, keep);
  const std::size_t possibleStarts = length >= n ? length - n + 1 : 0;
  startLimit = std::min(startLimit, possibleStarts);
  if (startLimit == 0) return out.finish();
  const Run anchor = longestExactRun(pattern);
  if (!pattern.caseInsensitive && anchor.length > 0) {
    findAnchored(haystack, length, startLimit, pattern, anchor, out, cancel);
  } else {
    findByLoop(haystack, startLimit, pattern, out, cancel);
  }
  return out.finish();
}

}  // namespace shm::search
