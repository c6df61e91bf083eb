// libFuzzer target: shm-reader's command line (reader_options.cc) and the
// helpers of cli_args.cc. Arguments are the input split at NUL bytes.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "../src/common/cli_args.h"
#include "../src/common/reader_options.h"

using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) args.emplace_back(); else args.back() += static_cast<char>(data[i]);
  }
  try {
    const shm::Options options = shm::parseReaderOptions(args);
    // A value is never taken for an option: "--name --help" names a block "--help" (F3).
    if (args.size() == 2 && args[0] == "--name") check(!options.help && options.name == args[1], "--name takes its value");
    if (!options.help && options.cch != 0) check(options.cch >= 1, "--cch at least 1");
  } catch (const shm::UsageError& error) {
    check(!error.message.empty(), "a usage error says why");
  }

  for (const std::string& arg : args) {
    std::uint64_t value = 0;
    if (shm::parseUnsigned(arg, value)) check(std::to_string(value) == arg.substr(arg.find_first_not_of('0') == std::string::npos ? arg.size() - 1 : arg.find_first_not_of('0')), "parseUnsigned reads decimal");
    const std::string json = shm::jsonString(arg);
    check(json.size() >= 2 && json.front() == '"' && json.back() == '"', "jsonString quotes");
    for (std::size_t i = 1; i + 1 < json.size(); ++i) {
      check(static_cast<unsigned char>(json[i]) >= 0x20, "jsonString escapes control characters");
    }
  }
  return 0;
}
