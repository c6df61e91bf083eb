// See byte_stats.h.
#include "byte_stats.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "shared_block.h"
#include "shm_error.h"
#include "shm_limits.h"

namespace shm::stats {

namespace {

// Four tables of counts, so that runs of one byte value (a zeroed block, a
// fill) do not make every increment wait for the previous one to the same
// counter: the bottleneck of a one-table histogram. Plain 32-bit counts that
// a chunk (far below 2^32 bytes) cannot overflow, drained into 64-bit ones
// after each chunk.
struct PartialCounts {
  std::uint32_t table[4][256];
};

// Adds the bytes of [data, data + length) to `counts`. It runs inside the
// fault guard on the mapping itself: it may be cut short at any byte.
void countInto(const std::uint8_t* data, std::size_t length, PartialCounts& counts) {
  std::size_t i = 0;
  for (; i + 8 <= length; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, data + i, 8);
    ++counts.table[0][word & 0xFF];
    ++counts.table[1][(word >> 8) & 0xFF];
    ++counts.table[2][(word >> 16) & 0xFF];
    ++counts.table[3][(word >> 24) & 0xFF];
    ++counts.table[0][(word >> 32) & 0xFF];
    ++counts.table[1][(word >> 40) & 0xFF];
    ++counts.table[2][(word >> 48) & 0xFF];
    ++counts.table[3][word >> 56];
  }
  for (; i < length; ++i) ++counts.table[0][data[i]];
}

// Adds `counts` to `histogram` and clears them for the next chunk.
void drain(PartialCounts& counts, std::uint64_t* histogram) {
  for (unsigned value = 0; value < 256; ++value) {
    histogram[value] += std::uint64_t{counts.table[0][value]} + counts.table[1][value] + counts.table[2][value] +
                        counts.table[3][value];
  }
  std::memset(counts.table, 0, sizeof counts.table);
}

void countVisited(const std::uint8_t* bytes, std::size_t length, void* context) {
  countInto(bytes, length, *static_cast<PartialCounts*>(context));
}

// Counts one chunk of the block where it is mapped (no copy) into `counts`,
// without the block's lock (SharedBlock::visitForStats says why).
void countChunk(SharedBlock& block, std::uint64_t offset, std::uint64_t length, PartialCounts& counts) {
  switch (block.visitForStats(offset, length, countVisited, &counts)) {
    case SharedBlock::WatchRead::Read:
      return;
    case SharedBlock::WatchRead::Closed:
      throw Error(ErrorCode::Closed, "block \"" + block.name() + "\" was closed while its statistics were computed");
    case SharedBlock::WatchRead::Shrunk:
    case SharedBlock::WatchRead::Busy:
      break;
  }
  const std::uint64_t now = block.currentSize();
  throw Error(ErrorCode::Truncated,
              "block \"" + block.name() + "\" shrank to " + std::to_string(now) + " bytes (it had " +
                  std::to_string(block.size()) + ") while its statistics were computed; open it again to see its new size",
              now);
}

void requireInside(SharedBlock& block, std::uint64_t offset, std::uint64_t length) {
  block.requireOpen();
  const std::uint64_t now = block.currentSize();
  if (offset > now || length > now - offset) {
    const bool shrank = now < block.size();
    const std::string range = std::to_string(offset) + ".." + std::to_string(offset + length);
    if (shrank) {
      throw Error(ErrorCode::Truncated,
                  "block \"" + block.name() + "\" shrank to " + std::to_string(now) + " bytes (it had " +
                      std::to_string(block.size()) + "), so bytes " + range + " cannot be summarized",
                  now);
    }
    throw Error(ErrorCode::Range, "bytes " + range + " lie outside block \"" + block.name() + "\" (" +
                                      std::to_string(now) + " bytes)");
  }
}

}  // namespace

Class classOf(std::uint8_t byte) {
  if (byte == 0) return Zero;
  if (byte == 0xFF) return Ff;
  if ((byte >= 0x20 && byte <= 0x7E) || byte == '\t' || byte == '\n' || byte == '\r') return Printable;
  return Other;
}

double entropyOf(const std::uint64_t* histogram, std::uint64_t total) {
  if (total == 0) return 0;
  double sum = 0;  // sum of c * log2(c) over the bins
  for (unsigned value = 0; value < 256; ++value) {
    const std::uint64_t count = histogram[value];
    if (count > 1) sum += static_cast<double>(count) * std::log2(static_cast<double>(count));
  }
  const double n = static_cast<double>(total);
  const double entropy = std::log2(n) - sum / n;  // -sum p log2 p, with p = c / n
  return entropy < 0 ? 0 : entropy;                // rounding can leave -1e-16 for one value
}

void addToHistogram(const std::uint8_t* data, std::size_t length, std::uint64_t* histogram) {
  PartialCounts counts{};
  // A chunk at a time keeps every 32-bit count far below overflow.
  for (std::size_t done = 0; done < length; done += kStatsChunkBytes) {
    const std::size_t part = length - done < kStatsChunkBytes ? length - done : kStatsChunkBytes;
    countInto(data + done, part, counts);
    drain(counts, histogram);
  }
}

std::uint64_t countFloor(const std::uint8_t* data, std::size_t length, unsigned threads) {
  std::uint64_t own[256] = {};
  std::uint64_t helpers[256] = {};
  const std::size_t half = threads >= 2 ? length / 2 : length;
  std::thread helper;
  if (half < length) helper = std::thread([&] { addToHistogram(data + half, length - half, helpers); });
  addToHistogram(data, half, own);
  if (helper.joinable()) helper.join();
  std::uint64_t counted = 0;
  for (unsigned value = 0; value < 256; ++value) counted += own[value] + helpers[value];
  return counted;
}

namespace {

// What one thread of a job does: regions todo[begin, end) of the range.
struct RegionWork {
  SharedBlock& block;
  std::uint64_t offset;
  std::uint64_t length;
  const std::vector<std::uint32_t>& todo;
  bool histograms;
  const std::atomic<bool>* cancel;
};

// Counts the listed regions into `summary` (each region's classes, entropy
// and histogram: disjoint from the other thread's) and `histogram` (this
// thread's own).
void summarizeRegions(const RegionWork& work, std::size_t begin, std::size_t end, Summary& summary,
                      std::uint64_t* histogram) {
  PartialCounts partial{};
  for (std::size_t k = begin; k < end; ++k) {
    const std::uint32_t region = work.todo[k];
    const std::uint64_t start = work.offset + region * summary.regionBytes;
    const std::uint64_t stop = std::min(work.offset + work.length, start + summary.regionBytes);
    std::uint64_t counts[256] = {};
    for (std::uint64_t at = start; at < stop; at += kStatsChunkBytes) {
      if (work.cancel != nullptr && work.cancel->load(std::memory_order_relaxed)) throw Cancelled{};
      const std::uint64_t part = std::min<std::uint64_t>(stop - at, kStatsChunkBytes);
      countChunk(work.block, at, part, partial);
      drain(partial, counts);
    }
    std::uint32_t* classes = &summary.regionClasses[std::size_t{region} * kClassCount];
    for (unsigned value = 0; value < 256; ++value) {
      histogram[value] += counts[value];
      classes[classOf(static_cast<std::uint8_t>(value))] += static_cast<std::uint32_t>(counts[value]);
    }
    if (work.histograms) {
      std::uint32_t* own = &summary.regionHistograms[std::size_t{region} * 256];
      for (unsigned value = 0; value < 256; ++value) own[value] = static_cast<std::uint32_t>(counts[value]);
    }
    summary.regionEntropy[region] = static_cast<float>(entropyOf(counts, stop - start));
  }
}

// The regions to count, in order, without repeats: options.only, or every
// region that holds bytes.
std::vector<std::uint32_t> regionsToCount(const SummaryOptions& options, std::uint32_t regions, std::uint64_t used) {
  std::vector<std::uint32_t> todo;
  if (options.only.empty()) {
    for (std::uint32_t region = 0; region < used; ++region) todo.push_back(region);
    return todo;
  }
  std::vector<bool> wanted(regions, false);
  for (const std::uint32_t region : options.only) {
    if (region >= regions) {
      throw Error(ErrorCode::Arg, "region " + std::to_string(region) + " is not below the region count " +
                                      std::to_string(regions));
    }
    wanted[region] = true;
  }
  for (std::uint32_t region = 0; region < used; ++region) {
    if (wanted[region]) todo.push_back(region);
  }
  return todo;
}

}  // namespace

Summary summarizeBlock(SharedBlock& block, std::uint64_t offset, std::uint64_t length, std::uint32_t regions,
                       const std::atomic<bool>* cancel, const SummaryOptions& options) {
  if (regions == 0) regions = 1;
  if (regions > kMaxStatsRegions) {
    throw Error(ErrorCode::Arg, "regions must be from 1 to " + std::to_string(kMaxStatsRegions) + ", got " +
                                    std::to_string(regions));
  }
  requireInside(block, offset, length);
  Summary summary;
  summary.total = length;
  summary.regionBytes = length == 0 ? 0 : (length + regions - 1) / regions;
  if (options.histograms && summary.regionBytes > UINT32_MAX) {
    throw Error(ErrorCode::Arg, "regions of " + std::to_string(summary.regionBytes) +
                                    " bytes are too long for per-region histograms; ask for more regions");
  }
  const std::uint64_t used = summary.regionBytes == 0 ? 0 : (length + summary.regionBytes - 1) / summary.regionBytes;
  const std::vector<std::uint32_t> todo = regionsToCount(options, regions, used);
  summary.regionClasses.assign(static_cast<std::size_t>(regions) * kClassCount, 0);
  summary.regionEntropy.assign(regions, 0.0f);
  if (options.histograms) summary.regionHistograms.assign(static_cast<std::size_t>(regions) * 256, 0);
  // Counting bytes runs at about a quarter of memcpy's speed on one core: a
  // large job is split between this thread and a helper thread
  // (kStatsHelperThresholdBytes) at a region boundary, each counting into its
  // own table.
  const bool split = todo.size() >= 2 && todo.size() * summary.regionBytes >= kStatsHelperThresholdBytes;
  const std::size_t half = split ? todo.size() / 2 : todo.size();
  const RegionWork work{block, offset, length, todo, options.histograms, cancel};
  std::uint64_t helperHistogram[256] = {};
  std::exception_ptr helperFailure;
  std::thread helper;
  if (split) {
    helper = std::thread([&] {
      try {
        summarizeRegions(work, half, todo.size(), summary, helperHistogram);
      } catch (...) {
        helperFailure = std::current_exception();
      }
    });
  }
  std::exception_ptr ownFailure;
  try {
    summarizeRegions(work, 0, half, summary, summary.histogram.data());
  } catch (...) {
    ownFailure = std::current_exception();
  }
  if (helper.joinable()) helper.join();
  if (ownFailure) std::rethrow_exception(ownFailure);
  if (helperFailure) std::rethrow_exception(helperFailure);
  std::uint64_t counted = 0;
  for (unsigned value = 0; value < 256; ++value) {
    summary.histogram[value] += helperHistogram[value];
    counted += summary.histogram[value];
  }
  summary.entropy = entropyOf(summary.histogram.data(), counted);
  return summary;
}

}  // namespace shm::stats
