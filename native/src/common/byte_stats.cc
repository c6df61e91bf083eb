// See byte_stats.h.
#include "byte_stats.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <thread>

#include "shared_block.h"
#include "shm_error.h"
#include "shm_limits.h"

namespace shm::stats {

namespace {

// Four tables of counts, so that runs of one byte value (a zeroed block, a
// fill) do not make every increment wait for the previous one to the same
// counter: the bottleneck of a one-table histogram.
struct PartialCounts {
  std::uint32_t table[4][256];
};

void countInto(const std::uint8_t* data, std::size_t length, PartialCounts& counts) {
  std::memset(counts.table, 0, sizeof counts.table);
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

// Reads one chunk of the block, waiting out a busy lock for up to
// kStatsLockPatienceMs on this worker thread (never on the main thread).
void readChunk(SharedBlock& block, std::uint64_t offset, std::uint64_t length, std::uint8_t* out) {
  const auto giveUpAt = std::chrono::steady_clock::now() + std::chrono::milliseconds(kStatsLockPatienceMs);
  for (;;) {
    switch (block.readForWatcher(offset, length, out, SharedBlock::IfBusy::Skip)) {
      case SharedBlock::WatchRead::Read:
        return;
      case SharedBlock::WatchRead::Closed:
        throw Error(ErrorCode::Closed, "block \"" + block.name() + "\" was closed while its statistics were computed");
      case SharedBlock::WatchRead::Shrunk: {
        const std::uint64_t now = block.currentSize();
        throw Error(ErrorCode::Truncated,
                    "block \"" + block.name() + "\" shrank to " + std::to_string(now) + " bytes (it had " +
                        std::to_string(block.size()) + ") while its statistics were computed; open it again to see its new size",
                    now);
      }
      case SharedBlock::WatchRead::Busy:
        if (std::chrono::steady_clock::now() >= giveUpAt) {
          throw Error(ErrorCode::Busy, "block \"" + block.name() + "\" stayed locked for " +
                                           std::to_string(kStatsLockPatienceMs) + " ms; its statistics were not computed");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        break;
    }
  }
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
  PartialCounts counts;
  // Each pass counts at most 2^32 - 1 bytes per table entry: a chunk of the
  // block at a time keeps far below that.
  for (std::size_t done = 0; done < length; done += kStatsChunkBytes) {
    const std::size_t part = length - done < kStatsChunkBytes ? length - done : kStatsChunkBytes;
    countInto(data + done, part, counts);
    for (unsigned value = 0; value < 256; ++value) {
      histogram[value] += std::uint64_t{counts.table[0][value]} + counts.table[1][value] + counts.table[2][value] +
                          counts.table[3][value];
    }
  }
}

namespace {

// Summarizes regions [from, to) of the range into `summary` (each region's
// classes and entropy, disjoint from other threads') and `histogram` (this
// thread's own).
void summarizeRegions(SharedBlock& block, std::uint64_t offset, std::uint64_t length, Summary& summary,
                      std::uint64_t from, std::uint64_t to, std::uint64_t* histogram, const std::atomic<bool>* cancel) {
  auto chunk = std::make_unique<std::uint8_t[]>(kStatsChunkBytes);
  for (std::uint64_t region = from; region < to; ++region) {
    const std::uint64_t start = offset + region * summary.regionBytes;
    const std::uint64_t end = std::min(offset + length, start + summary.regionBytes);
    std::uint64_t counts[256] = {};
    for (std::uint64_t at = start; at < end; at += kStatsChunkBytes) {
      if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) throw Cancelled{};
      const std::uint64_t part = std::min<std::uint64_t>(end - at, kStatsChunkBytes);
      readChunk(block, at, part, chunk.get());
      addToHistogram(chunk.get(), static_cast<std::size_t>(part), counts);
    }
    std::uint32_t* classes = &summary.regionClasses[region * kClassCount];
    for (unsigned value = 0; value < 256; ++value) {
      histogram[value] += counts[value];
      classes[classOf(static_cast<std::uint8_t>(value))] += static_cast<std::uint32_t>(counts[value]);
    }
    summary.regionEntropy[region] = static_cast<float>(entropyOf(counts, end - start));
  }
}

}  // namespace

Summary summarizeBlock(SharedBlock& block, std::uint64_t offset, std::uint64_t length, std::uint32_t regions,
                       const std::atomic<bool>* cancel) {
  if (regions == 0) regions = 1;
  if (regions > kMaxStatsRegions) {
    throw Error(ErrorCode::Arg, "regions must be from 1 to " + std::to_string(kMaxStatsRegions) + ", got " +
                                    std::to_string(regions));
  }
  requireInside(block, offset, length);
  Summary summary;
  summary.total = length;
  summary.regionBytes = length == 0 ? 0 : (length + regions - 1) / regions;
  const std::uint64_t used = summary.regionBytes == 0 ? 0 : (length + summary.regionBytes - 1) / summary.regionBytes;
  summary.regionClasses.assign(static_cast<std::size_t>(regions) * kClassCount, 0);
  summary.regionEntropy.assign(regions, 0.0f);
  // Counting bytes runs at about a third of memcpy's speed on one core: a
  // large range is split between this thread and a helper thread at a region
  // boundary (kStatsHelperThresholdBytes), each counting into its own table.
  const bool split = length >= kStatsHelperThresholdBytes && used >= 2;
  const std::uint64_t half = split ? used / 2 : used;
  std::uint64_t helperHistogram[256] = {};
  std::exception_ptr helperFailure;
  std::thread helper;
  if (split) {
    helper = std::thread([&] {
      try {
        summarizeRegions(block, offset, length, summary, half, used, helperHistogram, cancel);
      } catch (...) {
        helperFailure = std::current_exception();
      }
    });
  }
  std::exception_ptr ownFailure;
  try {
    summarizeRegions(block, offset, length, summary, 0, half, summary.histogram.data(), cancel);
  } catch (...) {
    ownFailure = std::current_exception();
  }
  if (helper.joinable()) helper.join();
  if (ownFailure) std::rethrow_exception(ownFailure);
  if (helperFailure) std::rethrow_exception(helperFailure);
  for (unsigned value = 0; value < 256; ++value) summary.histogram[value] += helperHistogram[value];
  summary.entropy = entropyOf(summary.histogram.data(), length);
  return summary;
}

}  // namespace shm::stats
