// See scan.h.
#include "scan.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <type_traits>
#if defined(_MSC_VER)
#include <intrin.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace shm::scan {

namespace {

// A dense scan's copy of the block. On Linux it is anonymous memory advised to
// use huge pages: filling 256 MiB then takes ~128 page faults instead of
// 65536, which were most of an unknown first scan's time. The #ifs stay here
// rather than in a platform file: the advice is an optimisation whose
// fallback is the portable allocation, and the engines are compiled on their
// own, without any platform folder, by tests/engines/native-sanitizers.
struct SnapshotFree {
  std::size_t size = 0;
  bool mapped = false;
  void operator()(std::uint8_t* bytes) const {
#if defined(__linux__)
    if (mapped) {
      munmap(bytes, size);
      return;
    }
#endif
    delete[] bytes;
  }
};

using Snapshot = std::unique_ptr<std::uint8_t[], SnapshotFree>;

Snapshot allocateSnapshot(std::uint64_t size) {
  const auto bytes = static_cast<std::size_t>(size == 0 ? 1 : size);
#if defined(__linux__)
  void* mapped = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped != MAP_FAILED) {
    madvise(mapped, bytes, MADV_HUGEPAGE);  // advice only: without it, ordinary pages
    return Snapshot(static_cast<std::uint8_t*>(mapped), SnapshotFree{bytes, true});
  }
#endif
  return Snapshot(new std::uint8_t[bytes], SnapshotFree{bytes, false});
}

}  // namespace

struct Candidates::Store {
  bool dense = true;
  std::uint64_t count = 0;
  // dense
  Snapshot snapshot;  // blockSize bytes, filled by the pass
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

struct Candidates::Pass {
  Criteria criteria;
  bool first = true;
  Store out;
  std::uint64_t nextStart = 0;   // chunks must come in order and leave no gap
  std::size_t sparseCursor = 0;  // next input candidate (sparse input)
};

namespace {

inline std::uint8_t byteSwap(std::uint8_t v) { return v; }
#if defined(_MSC_VER)
inline std::uint16_t byteSwap(std::uint16_t v) { return _byteswap_ushort(v); }
inline std::uint32_t byteSwap(std::uint32_t v) { return _byteswap_ulong(v); }
inline std::uint64_t byteSwap(std::uint64_t v) { return _byteswap_uint64(v); }
#else
inline std::uint16_t byteSwap(std::uint16_t v) { return __builtin_bswap16(v); }
inline std::uint32_t byteSwap(std::uint32_t v) { return __builtin_bswap32(v); }
inline std::uint64_t byteSwap(std::uint64_t v) { return __builtin_bswap64(v); }
#endif

bool hostIsBigEndian() {
  const std::uint16_t probe = 1;
  std::uint8_t first = 0;
  std::memcpy(&first, &probe, 1);
  return first == 0;
}

template <typename T>
T load(const std::uint8_t* at, bool swap) {
  // Same-size unsigned integer, so a swap is one bswap instruction.
  using U = std::conditional_t<sizeof(T) == 1, std::uint8_t,
            std::conditional_t<sizeof(T) == 2, std::uint16_t,
            std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>>>;
  U bits;
  std::memcpy(&bits, at, sizeof(T));
  if (swap) bits = byteSwap(bits);
  T value;
  std::memcpy(&value, &bits, sizeof(T));
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

// Calls body(tag) with a value of the scan's C++ type, so loops are compiled
// once per type with the load and comparison inlined (no call per value).
template <typename Body>
void withType(const ValueType& type, Body body) {
  switch (type.kind) {
    case Kind::Float:
      if (type.width == 4) body(float{});
      else body(double{});
      return;
    case Kind::Signed:
      switch (type.width) {
        case 1: return body(std::int8_t{});
        case 2: return body(std::int16_t{});
        case 4: return body(std::int32_t{});
        default: return body(std::int64_t{});
      }
    case Kind::Unsigned:
      switch (type.width) {
        case 1: return body(std::uint8_t{});
        case 2: return body(std::uint16_t{});
        case 4: return body(std::uint32_t{});
        default: return body(std::uint64_t{});
      }
  }
}

// Calls body(keep) with keep(previous, current) -> bool for the criteria's
// mode (previous is unused by exact, range and unknown).
template <typename T, typename Body>
void withPredicate(const Criteria& c, bool swap, Body body) {
  const T a = operand<T>(c.a);
  const T b = operand<T>(c.b);
  using Bytes = const std::uint8_t*;
  const auto now = [swap](Bytes at) { return load<T>(at, swap); };
  switch (c.mode) {
    // Changed/unchanged compare bytes, so a NaN that stays NaN is unchanged.
    case Mode::Changed: return body([](Bytes p, Bytes n) { return std::memcmp(p, n, sizeof(T)) != 0; });
    case Mode::Unchanged: return body([](Bytes p, Bytes n) { return std::memcmp(p, n, sizeof(T)) == 0; });
    case Mode::Unknown: return body([](Bytes, Bytes) { return true; });
    case Mode::Exact: return body([=](Bytes, Bytes n) { return now(n) == a; });
    case Mode::Range: return body([=](Bytes, Bytes n) { const T v = now(n); return a <= v && v <= b; });
    case Mode::Increased: return body([=](Bytes p, Bytes n) { return now(n) > now(p); });
    case Mode::Decreased: return body([=](Bytes p, Bytes n) { return now(n) < now(p); });
    case Mode::IncreasedBy: return body([=](Bytes p, Bytes n) { return now(n) == plus<T>(now(p), a); });
    case Mode::DecreasedBy: return body([=](Bytes p, Bytes n) { return now(p) == plus<T>(now(n), a); });
  }
}

// The bytes of an integer operand as the block stores it, for a byte search.
template <typename T>
void operandBytes(const Operand& o, bool swap, std::uint8_t* out) {
  const T value = operand<T>(o);
  std::memcpy(out, &value, sizeof(T));
  if (swap) std::reverse(out, out + sizeof(T));
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

const void* findBytes(const std::uint8_t* haystack, std::size_t length, const std::uint8_t* needle, std::size_t n) {
  if (n > length) return nullptr;
#if defined(__GLIBC__) || defined(__APPLE__)
  return memmem(haystack, length, needle, n);
#else
  for (std::size_t i = 0; i + n <= length; ++i) {
    if (std::memcmp(haystack + i, needle, n) == 0) return haystack + i;
  }
  return nullptr;
#endif
}

// Bits [from, to) of one word (0 <= from < to <= 64).
std::uint64_t rangeMask(std::uint64_t from, std::uint64_t to) {
  const std::uint64_t upTo = to == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << to) - 1;
  return upTo & (~std::uint64_t{0} << from);
}

// Sets bits [from, to): whole words at once.
void setRange(std::vector<std::uint64_t>& bits, std::uint64_t from, std::uint64_t to) {
  for (std::uint64_t word = from >> 6; (word << 6) < to; ++word) {
    const std::uint64_t lo = std::max(from, word << 6) - (word << 6);
    const std::uint64_t hi = std::min(to, (word + 1) << 6) - (word << 6);
    bits[word] |= rangeMask(lo, hi);
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
  pass->out.dense = true;
  pass->out.snapshot = allocateSnapshot(blockSize_);
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
  pass->out.dense = committed_->dense;
  if (pass->out.dense) {
    pass->out.snapshot = allocateSnapshot(blockSize_);
    pass->out.bits.assign((slots_ + 63) / 64, 0);
  }
  pass_ = std::move(pass);
}

void Candidates::feed(const std::uint8_t* chunk, std::size_t length, std::uint64_t base, std::uint64_t startEnd) {
  requireArg(pass_ != nullptr, "no scan is running: begin one first");
  Pass& pass = *pass_;
  requireArg(base == pass.nextStart, "chunks must cover the block in order, each starting where the last ended");
  requireArg(base + length <= blockSize_ && startEnd >= base, "the chunk lies outside the block");
  // Each start's whole value, or up to the block's end (starts near the end hold no value).
  requireArg(base + length >= std::min<std::uint64_t>(blockSize_, startEnd + type_.width - 1),
             "a chunk must hold width - 1 bytes after its last start (or reach the block's end)");
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
  if (fromSlot >= toSlot) return;
  const unsigned step = type_.step;
  const Criteria& criteria = pass.criteria;

  if (pass.first && criteria.mode == Mode::Unknown) {
    setRange(out.bits, fromSlot, toSlot);
    out.count += toSlot - fromSlot;
    return;
  }
  if (pass.first && criteria.mode == Mode::Exact && type_.kind != Kind::Float) {
    // An exact integer is a byte pattern: memmem finds it at memory speed.
    std::uint8_t needle[8];
    withType(type_, [&](auto tag) { operandBytes<decltype(tag)>(criteria.a, swap, needle); });
    const std::uint8_t* const first = chunk + (fromSlot * step - base);
    const std::uint8_t* const last = chunk + ((toSlot - 1) * step - base);  // the last start that may match
    for (const std::uint8_t* at = first; at <= last;) {
      const std::size_t window = static_cast<std::size_t>(last - at) + width;
      const auto* found = static_cast<const std::uint8_t*>(findBytes(at, window, needle, width));
      if (found == nullptr) break;
      const std::uint64_t offset = base + static_cast<std::uint64_t>(found - chunk);
      if (offset % step == 0) {
        out.set(offset / step);
        ++out.count;
      }
      at = found + 1;
    }
    return;
  }
  withType(type_, [&](auto tag) {
    using T = decltype(tag);
    withPredicate<T>(criteria, swap, [&](auto keep) {
      if (pass.first) {
        // A first scan has no previous value: exact and range never read it.
        for (std::uint64_t slot = fromSlot; slot < toSlot; ++slot) {
          const std::uint8_t* at = chunk + (slot * step - base);
          if (keep(at, at)) {
            out.set(slot);
            ++out.count;
          }
        }
        return;
      }
      const Store& in = *committed_;
      if (in.dense) {
        // 64 slots at a time: where the bytes under a word's slots did not
        // change at all, changed/unchanged/increased/decreased are decided
        // for the whole word by one memcmp instead of 64 comparisons.
        const bool shortcut = criteria.mode == Mode::Changed || criteria.mode == Mode::Unchanged ||
                              criteria.mode == Mode::Increased || criteria.mode == Mode::Decreased;
        for (std::uint64_t word = fromSlot >> 6; (word << 6) < toSlot; ++word) {
          const std::uint64_t lo = std::max(fromSlot, word << 6);
          const std::uint64_t hi = std::min(toSlot, (word + 1) << 6);
          const std::uint64_t mask = rangeMask(lo - (word << 6), hi - (word << 6));
          const std::uint64_t live = in.bits[word] & mask;
          if (live == 0) continue;
          if (shortcut) {
            const std::uint64_t first = lo * step;
            const std::uint64_t end = (hi - 1) * step + width;  // within the chunk: hi <= toSlot
            if (std::memcmp(in.snapshot.get() + first, chunk + (first - base), end - first) == 0) {
              if (criteria.mode == Mode::Unchanged) {
                out.bits[word] |= live;
                out.count += static_cast<std::uint64_t>(population(live));
              }
              continue;
            }
          }
          forEachSetBit(in.bits, lo, hi, [&](std::uint64_t slot) {
            const std::uint64_t offset = slot * step;
            if (keep(in.snapshot.get() + offset, chunk + (offset - base))) {
              out.set(slot);
              ++out.count;
            }
            return true;
          });
        }
        return;
      }
      const std::uint64_t fromOffset = fromSlot * step;
      const std::uint64_t toOffset = toSlot * step;
      std::size_t& cursor = pass.sparseCursor;
      for (; cursor < in.offsets.size() && in.offsets[cursor] < toOffset; ++cursor) {
        const std::uint64_t offset = in.offsets[cursor];
        if (offset < fromOffset) continue;
        const std::uint8_t* current = chunk + (offset - base);
        if (keep(in.values.data() + cursor * width, current)) {
          out.offsets.push_back(static_cast<std::uint32_t>(offset));
          out.values.insert(out.values.end(), current, current + width);
          ++out.count;
        }
      }
    });
  });
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
