// shm-reader: the seed's child process, grown up. It opens an EXISTING block
// (it never creates one) and prints what it holds:
//
//   shm-reader [--name N] [--size S] [--cch N] [--read-only] [--sysv ID] [--hex] [--json]
//
// By default it prints "Child process read from shared memory: <text>" exactly
// like the original child (the text in UTF-8). --hex dumps the block's bytes,
// --json prints one JSON object. --read-only looks without a trace: no
// companion, no lock (reads may tear). --sysv ID dumps System V segment ID
// (Linux), attached read-only. --size checks the block's size (default: use
// the real size); --cch N reads like GetSharedMem(buf, N), at most N-1 units.
// Exit status: 0 read, 2 no such block, 64 bad usage, 1 any other failure;
// errors go to stderr in one line.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "cli_args.h"
#include "reader_options.h"
#include "parent_death.h"
#include "shared_block.h"
#include "shm_error.h"
#include "shm_limits.h"
#include "text_codec.h"
#include "validate.h"

namespace {

using shm::Format;
using shm::Options;
using shm::UsageError;

constexpr int kExitRead = 0;
constexpr int kExitFailure = 1;
constexpr int kExitNoBlock = 2;
constexpr int kExitUsage = 64;  // EX_USAGE

const char* kUsage =
    "usage: shm-reader [--name N] [--size S] [--cch N] [--read-only] [--sysv ID] [--hex] [--json]";

std::size_t maxUnits(const Options& options, const shm::SharedBlock& block) {
  return options.cch == 0 ? block.unitCapacity() : static_cast<std::size_t>(options.cch - 1);
}

void printLine(shm::SharedBlock& block, const Options& options) {
  const std::string text = shm::utf16ToUtf8(block.getString(maxUnits(options, block)));
  std::printf("Child process read from shared memory: %s\n", text.c_str());
}

// Like `hexdump -C`: offset, 16 bytes, their ASCII; repeated lines become "*".
void printHex(shm::SharedBlock& block) {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(block.size()));
  block.read(0, block.size(), bytes.data());
  std::string previous;
  bool starred = false;
  for (std::size_t line = 0; line < bytes.size(); line += 16) {
    const std::size_t count = bytes.size() - line < 16 ? bytes.size() - line : 16;
    const std::string row(bytes.begin() + line, bytes.begin() + line + count);
    if (row == previous && count == 16) {
      if (!starred) std::printf("*\n");
      starred = true;
      continue;
    }
    previous = row;
    starred = false;
    std::printf("%08zx ", line);
    for (std::size_t k = 0; k < 16; ++k) {
      if (k == 8) std::printf(" ");
      if (k < count) std::printf(" %02x", bytes[line + k]); else std::printf("   ");
    }
    std::printf("  |");
    for (std::size_t k = 0; k < count; ++k) {
      const std::uint8_t c = bytes[line + k];
      std::printf("%c", c >= 0x20 && c < 0x7F ? c : '.');
    }
    std::printf("|\n");
  }
  std::printf("%08zx\n", bytes.size());
}

// Whether unit `units` of the block is the NUL that ends the text (false when
// the text fills the block, or --cch cut it short).
bool endsWithNul(shm::SharedBlock& block, std::size_t units) {
  if (2 * static_cast<std::uint64_t>(units) + 2 > block.size()) return false;
  std::uint8_t unit[2];
  block.read(2 * units, 2, unit);
  return unit[0] == 0 && unit[1] == 0;
}

void printJson(shm::SharedBlock& block, const Options& options) {
  const std::u16string text = block.getString(maxUnits(options, block));
  const bool terminated = endsWithNul(block, text.size());
  std::printf(
      "{\"name\":%s,\"size\":%llu,\"systemName\":%s,\"backend\":%s,\"text\":%s,\"units\":%zu,"
      "\"capacityUnits\":%zu,\"terminated\":%s,\"writeCount\":%llu,\"createdHere\":false}\n",
      shm::jsonString(block.name()).c_str(), static_cast<unsigned long long>(block.size()),
      shm::jsonString(block.systemName()).c_str(), shm::jsonString(shm::backendName()).c_str(),
      shm::jsonString(shm::utf16ToUtf8(text)).c_str(), text.size(), block.unitCapacity() - 1,
      terminated ? "true" : "false", static_cast<unsigned long long>(block.writeCount()));
}

int exitStatusFor(const shm::Error& error) {
  switch (error.code()) {
    case shm::ErrorCode::NotFound: return kExitNoBlock;
    case shm::ErrorCode::Name:
    case shm::ErrorCode::Size:
    case shm::ErrorCode::Arg: return kExitUsage;
    default: return kExitFailure;
  }
}

// TEST ONLY (shm::kReaderPauseEnvVar): live long enough for a test to kill the host.
void pauseForTests() {
  const char* text = std::getenv(shm::kReaderPauseEnvVar);
  if (text == nullptr || *text == '\0') return;
  const unsigned long ms = std::strtoul(text, nullptr, 10);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms < shm::kMaxReaderPauseMs ? ms : shm::kMaxReaderPauseMs));
}

}  // namespace

int main(int argc, char** argv) {
  if (!shm::exitWithParentNamedInEnvironment()) return kExitFailure;  // the inspector that started us is gone
  pauseForTests();
  const std::vector<std::string> args = shm::utf8Arguments(argc, argv);
  try {
    const Options options = shm::parseReaderOptions(args);
    if (options.help) {
      std::printf("%s\n", kUsage);
      return kExitRead;
    }
    shm::OpenRequest request;
    request.name = options.name;
    request.size = options.size;
    request.mode = shm::OpenMode::OpenExisting;
    if (options.readOnly) request.access = shm::Access::ReadOnly;
    std::unique_ptr<shm::SharedBlock> block = options.sysv
                                                  ? shm::SharedBlock::openSysvSegment(static_cast<int>(options.sysvId))
                                                  : shm::SharedBlock::open(request);
    switch (options.format) {
      case Format::Line: printLine(*block, options); break;
      case Format::Hex: printHex(*block); break;
      case Format::Json: printJson(*block, options); break;
    }
    return std::fflush(stdout) == 0 ? kExitRead : kExitFailure;
  } catch (const UsageError& error) {
    std::fprintf(stderr, "shm-reader: %s (%s)\n", error.message.c_str(), kUsage);
    return kExitUsage;
  } catch (const shm::Error& error) {
    std::fprintf(stderr, "shm-reader: %s [%s]\n", error.what(), shm::errorCodeName(error.code()));
    return exitStatusFor(error);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "shm-reader: %s\n", error.what());
    return kExitFailure;
  }
}
