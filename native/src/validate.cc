#include "validate.h"

#include <cmath>
#include <cstdio>

#include "backend.h"
#include "shm_error.h"
#include "shm_limits.h"

namespace shm {

namespace {

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string formatNumber(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

}  // namespace

void validateName(const std::string& name) {
  if (name.empty()) {
    throw Error(ErrorCode::Name, "block name is empty; give a name such as \"dllmemfilemap\"");
  }
  if (name.size() > kMaxNameLength) {
    throw Error(ErrorCode::Name, "block name is " + std::to_string(name.size()) +
                                     " bytes long (UTF-8); the limit is " +
                                     std::to_string(kMaxNameLength) + " bytes");
  }
  if (name.find('\0') != std::string::npos) {
    throw Error(ErrorCode::Name, "block name contains a NUL character (U+0000) at byte " +
                                     std::to_string(name.find('\0')) +
                                     "; the operating system's names end at NUL");
  }
  for (const std::string& reserved : {std::string(kLockSuffix), std::string(kLockSuffix) + ".mutex"}) {
    if (endsWith(name, reserved)) {
      throw Error(ErrorCode::Name, "block name \"" + name + "\" ends with \"" + reserved +
                                       "\", which is reserved for the lock companion of a block");
    }
  }
  checkPlatformNameRules(name);
}

std::uint64_t validateSize(double size) {
  if (std::isnan(size)) {
    throw Error(ErrorCode::Size, "block size is NaN; give a whole number of bytes from 1 to " +
                                     std::to_string(kMaxSize));
  }
  if (size != std::floor(size)) {
    throw Error(ErrorCode::Size, "block size " + formatNumber(size) +
                                     " is not a whole number of bytes");
  }
  if (size <= 0) {
    throw Error(ErrorCode::Size, "block size " + formatNumber(size) +
                                     " is too small; the smallest block has 1 byte");
  }
  if (size > static_cast<double>(kMaxSize)) {
    throw Error(ErrorCode::Size, "block size " + formatNumber(size) +
                                     " is above the limit of " + std::to_string(kMaxSize) +
                                     " bytes (1 GiB)");
  }
  return static_cast<std::uint64_t>(size);
}

void validateRange(std::uint64_t offset, std::uint64_t length, std::uint64_t blockSize) {
  if (offset > blockSize || length > blockSize - offset) {
    throw Error(ErrorCode::Range, "bytes " + std::to_string(offset) + ".." +
                                      std::to_string(offset + length) +
                                      " lie outside the block of " + std::to_string(blockSize) +
                                      " bytes (offset + length must be at most " +
                                      std::to_string(blockSize) + ")");
  }
}

}  // namespace shm
