// libFuzzer target: the seed's text layout and the name rules. Blocks are heap
// buffers of exactly their size, so AddressSanitizer catches any access past
// them; the checks below are the layout's promises (text_codec.h).
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "fuzz_check.h"
#include "../src/common/shm_error.h"
#include "../src/common/text_codec.h"
#include "../src/common/validate.h"

using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::size_t blockSize = 1 + data[0] + (data[1] & 3) * 256;  // 1 .. 1024 bytes
  const std::size_t maxUnits = data[2] * (data[1] >> 2 & 7);
  data += 3;
  size -= 3;
  const std::size_t capacity = shm::unitCapacity(blockSize);
  const std::size_t textCapacity = capacity > 0 ? capacity - 1 : 0;

  // Reading whatever bytes a block holds: at most maxUnits and capacity - 1 units.
  std::unique_ptr<std::uint8_t[]> block(new std::uint8_t[blockSize]);
  for (std::size_t i = 0; i < blockSize; ++i) block[i] = i < size ? data[i] : 0x41;
  const std::u16string loaded = shm::loadText(block.get(), blockSize, maxUnits);
  check(loaded.size() <= maxUnits && loaded.size() <= textCapacity, "loadText stays within maxUnits and capacity - 1");
  check(shm::textLength(block.get(), blockSize, maxUnits) == loaded.size(), "textLength agrees with loadText");

  // Storing a text made of the input: never past the block, read back the same.
  std::u16string text(size / 2, u'\0');
  if (!text.empty()) std::memcpy(&text[0], data, text.size() * 2);
  for (char16_t& unit : text) {
    if (unit == 0) unit = u'?';
  }
  const shm::StoreResult stored = shm::storeText(block.get(), blockSize, text.data(), text.size());
  check(stored.units <= textCapacity, "storeText stores at most capacity - 1 units");
  check(stored.truncated == (stored.units < text.size()), "truncated exactly when units < length");
  if (capacity > 0) {
    check(shm::loadText(block.get(), blockSize, textCapacity) == text.substr(0, stored.units),
          "what setString stored is what getString reads");
  }

  // UTF-8 round trips: decoding the output of the encoder gives the same units back.
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const std::u16string decoded = shm::utf8ToUtf16(bytes);
  check(shm::utf8ToUtf16(shm::utf16ToUtf8(decoded)) == decoded, "UTF-8 round trip");

  // Names: accepted or refused with a coded error, nothing else.
  try {
    shm::validateName(bytes);
  } catch (const shm::Error&) {
  }
  return 0;
}
