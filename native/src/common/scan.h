// Value scan (Cheat Engine's workflow) over a block: a first scan picks the
// candidate offsets whose value of a chosen type is exact, in a range, or
// anything (unknown initial value); each next scan keeps the candidates whose
// value changed, stayed, went up or down (by N), or equals X, compared with
// the value each had at the previous scan.
//
// Candidates live in one of two forms, whichever is smaller after a scan:
//  - dense: a copy of the block's bytes plus one bit per possible start
//    (size + size/step/8 bytes, whatever the count: an unknown first scan of
//    256 MiB of u8 costs 288 MiB, never 256M separate entries);
//  - sparse: ascending 32-bit offsets (blocks are at most 1 GiB) and each
//    candidate's previous value (4 + width bytes per candidate).
// So the memory of a scan is bounded by about 1.125 x the block size, plus,
// during a pass, the same again for the pass's output (the committed result
// survives a cancelled pass).
//
// A pass is fed the block in chunks, in ascending order, by the caller (which
// reads them under the block's lock); a chunk carries the bytes of the starts
// it owns plus width - 1 bytes after them, so values that cross a chunk
// boundary are read whole. Nothing here touches a mapping or a lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace shm::scan {

enum class Kind { Signed, Unsigned, Float };

struct ValueType {
  Kind kind = Kind::Unsigned;
  unsigned width = 4;      // bytes: 1, 2, 4 or 8 (Float: 4 or 8)
  bool bigEndian = false;
  unsigned step = 4;       // distance between starts: width when aligned, 1 when not
};

enum class Mode {
  // first scans
  Exact, Range, Unknown,
  // next scans (Exact and Range are allowed too: "equal to X", "between")
  Changed, Unchanged, Increased, Decreased, IncreasedBy, DecreasedBy,
};

// An operand in the value type's own domain: the field of its Kind is used.
struct Operand {
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double f = 0;
};

struct Criteria {
  Mode mode = Mode::Unknown;
  Operand a;  // Exact: the value; Range: the lowest; By: N
  Operand b;  // Range: the highest
};

// Throws std::invalid_argument for a bad type, a mode in the wrong pass,
// feeding without a pass, or chunks out of order.
class Candidates {
 public:
  Candidates(ValueType type, std::uint64_t blockSize);
  ~Candidates();
  Candidates(const Candidates&) = delete;
  Candidates& operator=(const Candidates&) = delete;

  // A pass: begin, feed every chunk in ascending order, then finish (commit)
  // or abort (the previous result stays).
  void beginFirst(const Criteria& criteria);
  void beginNext(const Criteria& criteria);
  // Bytes [base, base + length) of the block; the starts in [base, startEnd)
  // are this chunk's. base + length >= min(blockSize, startEnd + width - 1).
  void feed(const std::uint8_t* chunk, std::size_t length, std::uint64_t base, std::uint64_t startEnd);
  void finish();
  void abort();

  bool passOpen() const;
  bool scanned() const;  // a first scan has been committed
  std::uint64_t count() const;
  std::uint64_t memoryBytes() const;  // committed + any open pass
  bool dense() const;
  const ValueType& type() const { return type_; }
  std::uint64_t blockSize() const { return blockSize_; }

  // Up to `max` candidates from the index `from` (in offset order): offsets
  // and previous values (width bytes each, as they were in the block).
  void list(std::uint64_t from, std::size_t max, std::vector<std::uint64_t>& offsets,
            std::vector<std::uint8_t>& values) const;

  struct Store;  // the dense or sparse form (scan.cc)
  struct Pass;

 private:
  ValueType type_;
  std::uint64_t blockSize_;
  std::uint64_t slots_;  // possible starts
  std::unique_ptr<Store> committed_;
  std::unique_ptr<Pass> pass_;
};

}  // namespace shm::scan
