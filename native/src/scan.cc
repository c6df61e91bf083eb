// See scan.h.
#include "scan.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <type_traits>
#if defined(_MSC_VER)
#include <intrin.h>
#endif

namespace shm::scan {

struct Candidates::Store {
  bool dense = true;
  std::uint64_t count = 0;
  // dense
  std::unique_ptr<std::uint8_t[]> snapshot;  // blockSize bytes (left uninitialised: filled by the pass)
  std::vector<std::uint64_t> bits;           // one per slot
  // sparse
  std::vector<std::uint32_t> offsets;
  std::vector<std::uint8_t> values;  // width bytes per candidate

  std::uint64_t memory(std::uint64_t blockSize) const {
    if (dense) return (snapshot ? blockSize : 0) + bits.capacity() * sizeof(std::uint64_t);
    return offsets.capacity() * sizeof(std::uint32_t) + values.capacity();
  }
  bool bit(std::uint64_t slot) const { return (bits[slot >> 6] >> (slot & 63)) & 1U; }
  void set(std::uint64_t slot) { bits[slot >> 6] |= std::uint64_t{1} << (slot & 63); }
};

using Test = bool (*)(const std::uint8_t* previous, const std::uint8_t* current, const Criteria&, bool swap);

struct Candidates::Pass {
  Criteria criteria;
  bool first = true;
  Test test = nullptr;
  Store out;
  std::uint64_t nextStart = 0;   // chunks must come in order and leave no gap
  std::size_t sparseCursor = 0;  // next input candidate (sparse input)
};

namespace {

bool hostIsBigEndian() {
  const std::uint16_t probe = 1;
  std::uint8_t first = 0;
  std::memcpy(&first, &probe, 1);
  return first == 0;
}

template <typename T>
T load(const std::uint8_t* at, bool swap) {
  std::uint8_t bytes[sizeof(T)];
  std::memcpy(bytes, at, sizeof(T));
  if (swap) std::reverse(bytes, bytes + sizeof(T));
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

template <typename T>
T operand(const Operand& o) {
  if constexpr (std::is_floating_point_v<T>) return static_cast<T>(o.f);
  else if constexpr (std::is_signed_v<T>) return static_cast<T>(o.i);
  else return static_cast<T>(o.u);
}

// Adds in the unsigned domain, so integer "by N" wraps as the program's own
// arithmetic does instead of overflowing.
template <typename T>
T plus(T value, T n) {
  if constexpr (std::is_floating_point_v<T>) return value + n;
  else {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(value) + static_cast<U>(n)));
  }
}

template <typename T>
bool test(const std::uint8_t* previous, const std::uint8_t* current, const Criteria& c, bool swap) {
  // Changed/unchanged compare bytes, so a NaN that stays NaN is unchanged.
  if (c.mode == Mode::Changed) return std::memcmp(previous, current, sizeof(T)) != 0;
  if (c.mode == Mode::Unchanged) return std::memcmp(previous, current, sizeof(T)) == 0;
  const T now = load<T>(current, swap);
  switch (c.mode) {
    case Mode::Unknown: return true;
    case Mode::Exact: return now == operand<T>(c.a);
    case Mode::Range: return operand<T>(c.a) <= now && now <= operand<T>(c.b);
    default: break;
  }
  const T before = load<T>(previous, swap);
  switch (c.mode) {
    case Mode::Increased: return now > before;
    case Mode::Decreased: return now < before;
    case Mode::IncreasedBy: return now == plus<T>(before, operand<T>(c.a));
    case Mode::DecreasedBy: return before == plus<T>(now, operand<T>(c.a));
    default: return false;
  }
}

Test pickTest(const ValueType& type) {
  switch (type.kind) {
    case Kind::Float: return type.width == 4 ? test<float> : test<double>;
    case Kind::Signed:
      switch (type.width) {
        case 1: return test<std::int8_t>;
        case 2: return test<std::int16_t>;
        case 4: return test<std::int32_t>;
        default: return test<std::int64_t>;
      }
    case Kind::Unsigned:
      switch (type.width) {
        case 1: return test<std::uint8_t>;
        case 2: return test<std::uint16_t>;
        case 4: return test<std::uint32_t>;
        default: return test<std::uint64_t>;
      }
  }
  return nullptr;
}

int lowestBit(std::uint64_t word) {
#if defined(_MSC_VER)
  unsigned long index = 0;
  _BitScanForward64(&index, word);
  return static_cast<int>(index);
#else
  return __builtin_ctzll(word);
#endif
}

int population(std::uint64_t word) {
#if defined(_MSC_VER)
  return static_cast<int>(__popcnt64(word));
#else
  return __builtin_popcountll(word);
#endif
}

// Calls visit(slot) for every set bit of `bits` in [fromSlot, toSlot) until
// visit returns false.
template <typename Visit>
void forEachSetBit(const std::vector<std::uint64_t>& bits, std::uint64_t fromSlot, std::uint64_t toSlot, Visit visit) {
  for (std::uint64_t word = fromSlot >> 6; word < bits.size() && (word << 6) < toSlot; ++word) {
    std::uint64_t w = bits[word];
    if ((word << 6) < fromSlot) w &= ~std::uint64_t{0} << (fromSlot & 63);
    while (w != 0) {
      const std::uint64_t slot = (word << 6) + static_cast<std::uint64_t>(lowestBit(w));
      if (slot >= toSlot || !visit(slot)) return;
      w &= w - 1;
    }
  }
}

void requireArg(bool ok, const char* message) {
  if (!ok) throw std::invalid_argument(message);
}

}  // namespace

Candidates::Candidates(ValueType type, std::uint64_t blockSize) : type_(type), blockSize_(blockSize) {
  const bool intWidth = type.width == 1 || type.width == 2 || type.width == 4 || type.width == 8;
  requireArg(type.kind == Kind::Float ? (type.width == 4 || type.width == 8) : intWidth,
             "the width must be 1, 2, 4 or 8 bytes (4 or 8 for a float)");
  requireArg(type.step >= 1 && type.step <= 8, "the step must be from 1 to 8 bytes");
  requireArg(blockSize <= 0xFFFFFFFFull, "value scans cover blocks of at most 4 GiB");
  slots_ = blockSize >= type.width ? (blockSize - type.width) / type.step + 1 : 0;
  committed_ = std::make_unique<Store>();
}

Candidates::~Candidates() = default;

bool Candidates::passOpen() const { return pass_ != nullptr; }
bool Candidates::scanned() const { return committed_->dense ? committed_->snapshot != nullptr : true; }
std::uint64_t Candidates::count() const { return committed_->count; }
bool Candidates::dense() const { return committed_->dense; }

std::uint64_t Candidates::memoryBytes() const {
  return committed_->memory(blockSize_) + (pass_ ? pass_->out.memory(blockSize_) : 0);
}

void Candidates::beginFirst(const Criteria& criteria) {
  requireArg(!pass_, "a scan is already running on these candidates");
  requireArg(criteria.mode == Mode::Exact || criteria.mode == Mode::Range || criteria.mode == Mode::Unknown,
             "a first scan is exact, range or unknown");
  auto pass = std::make_unique<Pass>();
  pass->criteria = criteria;
  pass->first = true;
  pass->test = pickTest(type_);
  pass->out.dense = true;
  pass->out.snapshot.reset(new std::uint8_t[blockSize_ == 0 ? 1 : blockSize_]);
  pass->out.bits.assign((slots_ + 63) / 64, 0);
  pass_ = std::move(pass);
}

void Candidates::beginNext(const Criteria& criteria) {
  requireArg(!pass_, "a scan is already running on these candidates");
  requireArg(scanned(), "a next scan needs a first scan");
  requireArg(criteria.mode != Mode::Unknown, "a next scan compares: unknown is for first scans only");
  auto pass = std::make_unique<Pass>();
  pass->criteria = criteria;
  pass->first = false;
  pass->test = pickTest(type_);
  pass->out.dense = committed_->dense;
  if (pass->out.dense) {
    pass->out.snapshot.reset(new std::uint8_t[blockSize_ == 0 ? 1 : blockSize_]);
    pass->out.bits.assign((slots_ + 63) / 64, 0);
  }
  pass_ = std::move(pass);
}

void Candidates::feed(const std::uint8_t* chunk, std::size_t length, std::uint64_t base, std::uint64_t startEnd) {
  requireArg(pass_ != nullptr, "no scan is running: begin one first");
  Pass& pass = *pass_;
  requireArg(base == pass.nextStart, "chunks must cover the block in order, each starting where the last ended");
  requireArg(base + length <= blockSize_ && startEnd >= base, "the chunk lies outside the block");
  requireArg(startEnd == blockSize_ || startEnd + type_.width - 1 <= base + length,
             "a chunk must hold width - 1 bytes after its last start");
  pass.nextStart = startEnd;
  const unsigned width = type_.width;
  const bool swap = type_.bigEndian != hostIsBigEndian();
  // Starts whose whole value lies in this chunk.
  const std::uint64_t fromSlot = (base + type_.step - 1) / type_.step;
  std::uint64_t toSlot = (startEnd + type_.step - 1) / type_.step;
  if (length >= width) toSlot = std::min(toSlot, (base + length - width) / type_.step + 1);
  else toSlot = fromSlot;
  toSlot = std::min(toSlot, slots_);

  Store& out = pass.out;
  if (out.dense) std::memcpy(out.snapshot.get() + base, chunk, length);
  const auto at = [&](std::uint64_t slot) { return chunk + (slot * type_.step - base); };

  if (pass.first) {
    if (pass.criteria.mode == Mode::Unknown) {
      for (std::uint64_t slot = fromSlot; slot < toSlot; ++slot) out.set(slot);
      out.count += toSlot > fromSlot ? toSlot - fromSlot : 0;
      return;
    }
    for (std::uint64_t slot = fromSlot; slot < toSlot; ++slot) {
      if (pass.test(nullptr, at(slot), pass.criteria, swap)) {
        out.set(slot);
        ++out.count;
      }
    }
    return;
  }
  const Store& in = *committed_;
  if (in.dense) {
    forEachSetBit(in.bits, fromSlot, toSlot, [&](std::uint64_t slot) {
      const std::uint64_t offset = slot * type_.step;
      if (pass.test(in.snapshot.get() + offset, at(slot), pass.criteria, swap)) {
        out.set(slot);
        ++out.count;
      }
      return true;
    });
    return;
  }
  const std::uint64_t fromOffset = fromSlot * type_.step;
  const std::uint64_t toOffset = toSlot * type_.step;
  std::size_t& cursor = pass.sparseCursor;
  while (cursor < in.offsets.size() && in.offsets[cursor] < toOffset) {
    const std::uint64_t offset = in.offsets[cursor];
    if (offset >= fromOffset) {
      const std::uint8_t* current = chunk + (offset - base);
      if (pass.test(in.values.data() + cursor * width, current, pass.criteria, swap)) {
        out.offsets.push_back(static_cast<std::uint32_t>(offset));
        out.values.insert(out.values.end(), current, current + width);
        ++out.count;
      }
    }
    ++cursor;
  }
}

void Candidates::finish() {
  requireArg(pass_ != nullptr, "no scan is running");
  requireArg(pass_->nextStart >= blockSize_ || slots_ == 0, "the scan has not been fed the whole block");
  Store& out = pass_->out;
  const std::uint64_t sparseBytes = out.count * (sizeof(std::uint32_t) + type_.width);
  if (out.dense && sparseBytes < out.memory(blockSize_)) {
    Store sparse;
    sparse.dense = false;
    sparse.count = out.count;
    sparse.offsets.reserve(out.count);
    sparse.values.reserve(out.count * type_.width);
    forEachSetBit(out.bits, 0, slots_, [&](std::uint64_t slot) {
      const std::uint64_t offset = slot * type_.step;
      sparse.offsets.push_back(static_cast<std::uint32_t>(offset));
      const std::uint8_t* value = out.snapshot.get() + offset;
      sparse.values.insert(sparse.values.end(), value, value + type_.width);
      return true;
    });
    *committed_ = std::move(sparse);
  } else {
    *committed_ = std::move(out);
  }
  pass_.reset();
}

void Candidates::abort() { pass_.reset(); }

void Candidates::list(std::uint64_t from, std::size_t max, std::vector<std::uint64_t>& offsets,
                      std::vector<std::uint8_t>& values) const {
  const Store& store = *committed_;
  const unsigned width = type_.width;
  if (!store.dense) {
    for (std::uint64_t i = from; i < store.offsets.size() && offsets.size() < max; ++i) {
      offsets.push_back(store.offsets[i]);
      values.insert(values.end(), store.values.begin() + static_cast<std::ptrdiff_t>(i * width),
                    store.values.begin() + static_cast<std::ptrdiff_t>((i + 1) * width));
    }
    return;
  }
  if (!store.snapshot) return;
  std::uint64_t index = 0;
  // Whole words before `from` are skipped by their population count.
  std::uint64_t word = 0;
  for (; word < store.bits.size(); ++word) {
    const auto setBits = static_cast<std::uint64_t>(population(store.bits[word]));
    if (index + setBits > from) break;
    index += setBits;
  }
  forEachSetBit(store.bits, word << 6, slots_, [&](std::uint64_t slot) {
    if (index++ < from) return true;
    if (offsets.size() >= max) return false;
    const std::uint64_t offset = slot * type_.step;
    offsets.push_back(offset);
    values.insert(values.end(), store.snapshot.get() + offset, store.snapshot.get() + offset + width);
    return true;
  });
}

}  // namespace shm::scan
