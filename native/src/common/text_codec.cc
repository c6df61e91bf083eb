#include "text_codec.h"

#include <cstring>

namespace shm {

namespace {

bool isHighSurrogate(char16_t unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool isLowSurrogate(char16_t unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

// Unit i of the block, read as little-endian whatever the host's byte order.
char16_t unitAt(const std::uint8_t* block, std::size_t i) {
  return static_cast<char16_t>(block[2 * i] | (block[2 * i + 1] << 8));
}

void putUnit(std::uint8_t* block, std::size_t i, char16_t unit) {
  block[2 * i] = static_cast<std::uint8_t>(unit & 0xFF);
  block[2 * i + 1] = static_cast<std::uint8_t>(unit >> 8);
}

void putUnits(std::uint8_t* block, const char16_t* text, std::size_t count) {
  if (count == 0) return;  // `text` may be null then
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  std::memcpy(block, text, count * 2);  // host order is the block's order
#else
  for (std::size_t i = 0; i < count; ++i) putUnit(block, i, text[i]);
#endif
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::size_t findNulUnit(const char16_t* text, std::size_t length) {
  for (std::size_t i = 0; i < length; ++i) {
    if (text[i] == 0) return i;
  }
  return length;
}

std::size_t prefixWithoutSplitPair(const char16_t* text, std::size_t length, std::size_t maxUnits) {
  if (length <= maxUnits) return length;
  std::size_t cut = maxUnits;
  // Cutting between a high and a low surrogate would leave half a character.
  if (cut > 0 && isHighSurrogate(text[cut - 1]) && isLowSurrogate(text[cut])) --cut;
  return cut;
}

StoreResult storeText(std::uint8_t* block, std::uint64_t blockSize, const char16_t* text,
                      std::size_t length) {
  const std::size_t capacity = unitCapacity(blockSize);
  if (capacity == 0) return {0, length > 0};  // a 1-byte block has no room even for the NUL
  const std::size_t units = prefixWithoutSplitPair(text, length, capacity - 1);
  putUnits(block, text, units);
  putUnit(block, units, 0);
  return {units, units < length};
}

std::u16string loadText(const std::uint8_t* block, std::uint64_t blockSize, std::size_t maxUnits) {
  std::u16string text(textLength(block, blockSize, maxUnits), u'\0');
  copyUnits(block, text.size(), &text[0]);
  return text;
}

std::size_t textLength(const std::uint8_t* block, std::uint64_t blockSize, std::size_t maxUnits) {
  const std::size_t capacity = unitCapacity(blockSize);
  // At most capacity - 1 units, as SetSharedMem stores: a block another program
  // filled without a NUL must not report more text than the layout can hold.
  const std::size_t textCapacity = capacity > 0 ? capacity - 1 : 0;
  const std::size_t limit = maxUnits < textCapacity ? maxUnits : textCapacity;
  std::size_t length = 0;
  while (length < limit && unitAt(block, length) != 0) ++length;
  // Stopped by the limit right between the halves of a pair: drop the high half.
  if (length == limit && length > 0 && length < capacity &&
      isHighSurrogate(unitAt(block, length - 1)) && isLowSurrogate(unitAt(block, length))) {
    --length;
  }
  return length;
}

void copyUnits(const std::uint8_t* block, std::size_t count, char16_t* out) {
  if (count == 0) return;  // `out` may be null then
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  std::memcpy(out, block, count * 2);  // host order is the block's order
#else
  for (std::size_t i = 0; i < count; ++i) out[i] = unitAt(block, i);
#endif
}

std::string utf16ToUtf8(const std::u16string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char32_t unit = text[i];
    if (isHighSurrogate(text[i]) && i + 1 < text.size() && isLowSurrogate(text[i + 1])) {
      unit = 0x10000 + ((unit - 0xD800) << 10) + (text[i + 1] - 0xDC00);
      ++i;
    } else if (isHighSurrogate(text[i]) || isLowSurrogate(text[i])) {
      unit = 0xFFFD;
    }
    appendUtf8(out, unit);
  }
  return out;
}

std::u16string utf8ToUtf16(const std::string& text) {
  std::u16string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    // Length of the sequence from its lead byte; 99 marks an invalid lead.
    const std::size_t extra = lead < 0x80 ? 0
                              : (lead >> 5) == 0x6  ? 1
                              : (lead >> 4) == 0xE  ? 2
                              : (lead >> 3) == 0x1E ? 3
                                                    : 99;
    char32_t cp = extra == 0 ? lead : extra == 1 ? (lead & 0x1F) : extra == 2 ? (lead & 0x0F)
                                                                           : (lead & 0x07);
    bool valid = extra != 99;
    for (std::size_t k = 1; valid && k <= extra; ++k) {
      if (i + k >= text.size()) { valid = false; break; }
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) { valid = false; break; }
      cp = (cp << 6) | (next & 0x3F);
    }
    if (!valid || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out += u'\uFFFD';
      ++i;
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
    i += extra + 1;
  }
  return out;
}

}  // namespace shm
