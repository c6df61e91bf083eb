// Byte statistics of a range of a block, for the Statistics panel, the block
// map and `shm-inspector stats`: a 256-bin histogram of the whole range and,
// for N equal regions of it, each region's byte classes (zero, printable
// ASCII, 0xFF, other) and Shannon entropy in bits per byte.
//
// It runs on a worker thread and counts the mapping's bytes in place, in
// chunks of kStatsChunkBytes through SharedBlock::visitForStats (no copy):
// the main thread never copies the range (a 256 MiB block costs it only the
// conversion of the result, whose size is fixed by the region count), every
// chunk is bounded by the block's size and guarded against a shrink
// (ErrorCode::Truncated with the new size, never SIGBUS), and close() waits
// for at most one chunk.
//
// A caller that keeps earlier results (src-main/core/stats.ts) may ask for
// some regions only (SummaryOptions::only) and for each region's histogram,
// so that a refresh after a change counts only the regions that changed.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace shm {

class SharedBlock;

namespace stats {

// A region's bytes by class, in this order in Summary::regionClasses.
enum Class : unsigned { Zero = 0, Printable = 1, Ff = 2, Other = 3, kClassCount = 4 };

struct Summary {
  std::array<std::uint64_t, 256> histogram{};  // of the whole range
  std::uint64_t total = 0;                      // bytes summarized (the range's length)
  double entropy = 0;                           // of the whole range, bits per byte (0..8)
  std::uint64_t regionBytes = 0;                // each region's length (the last may be shorter)
  std::vector<std::uint32_t> regionClasses;     // kClassCount counts per region
  std::vector<float> regionEntropy;             // bits per byte, per region
  // 256 counts per region when SummaryOptions::histograms, else empty.
  std::vector<std::uint32_t> regionHistograms;
};

struct SummaryOptions {
  // Region indices to count (each below the region count); empty: all. The
  // others' figures stay 0 and `histogram`/`entropy` cover the counted ones.
  std::vector<std::uint32_t> only;
  bool histograms = false;  // fill Summary::regionHistograms
};

// Thrown when the cancel flag was raised; the summary is dropped.
struct Cancelled {};

// Shannon entropy, bits per byte, of a histogram of `total` bytes.
double entropyOf(const std::uint64_t* histogram, std::uint64_t total);

// Adds the bytes of [data, data + length) to `histogram` (counts add up).
void addToHistogram(const std::uint8_t* data, std::size_t length, std::uint64_t* histogram);

// BENCH ONLY: the floor of a statistics job. The same counting loop over
// `length` bytes of private memory, split between `threads` threads (1 or 2,
// as a job splits), with no block, lock, guard or regions; returns the bytes
// counted.
std::uint64_t countFloor(const std::uint8_t* data, std::size_t length, unsigned threads);

// The class of one byte value.
Class classOf(std::uint8_t byte);

// Summarizes [offset, offset + length) of `block` in `regions` equal regions
// (1 to kMaxStatsRegions; 0 counts as 1). Throws shm::Error: Range when the
// range lies outside the block as it is now (its current size), Truncated when
// it shrinks during the job, Closed when it is closed, Arg for a region index
// out of range in options.only; Cancelled when `cancel` is raised. It never
// waits for the block's lock (SharedBlock::visitForStats says why).
Summary summarizeBlock(SharedBlock& block, std::uint64_t offset, std::uint64_t length, std::uint32_t regions,
                       const std::atomic<bool>* cancel, const SummaryOptions& options = {});

}  // namespace stats
}  // namespace shm
