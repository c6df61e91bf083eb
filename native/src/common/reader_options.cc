#include "reader_options.h"

#include "cli_args.h"

namespace shm {

namespace {

// Accepts "--opt value" and "--opt=value".
bool takeValue(const std::vector<std::string>& args, std::size_t& i, const std::string& option,
               std::string& value) {
  const std::string& arg = args[i];
  if (arg == option) {
    if (i + 1 >= args.size()) throw UsageError{option + " needs a value"};
    value = args[++i];
    return true;
  }
  if (arg.compare(0, option.size() + 1, option + "=") == 0) {
    value = arg.substr(option.size() + 1);
    return true;
  }
  return false;
}

std::uint64_t numberValue(const std::string& option, const std::string& value) {
  std::uint64_t number = 0;
  if (!shm::parseUnsigned(value, number)) {
    throw UsageError{option + " must be a whole number, got \"" + value + "\""};
  }
  return number;
}

}  // namespace

Options parseReaderOptions(const std::vector<std::string>& args) {
  Options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string value;
    // Only in an option's place: "--name --help" names a block "--help".
    if (args[i] == "--help" || args[i] == "-h") {
      options.help = true;
      return options;
    }
    if (args[i] == "--read-only") {
      options.readOnly = true;
    } else if (args[i] == "--hex") {
      options.format = Format::Hex;
    } else if (args[i] == "--json") {
      options.format = Format::Json;
    } else if (takeValue(args, i, "--name", value)) {
      options.name = value;
    } else if (takeValue(args, i, "--size", value)) {
      options.size = numberValue("--size", value);
      if (options.size == 0) throw UsageError{"--size must be at least 1"};
    } else if (takeValue(args, i, "--sysv", value)) {
      options.sysv = true;
      options.sysvId = numberValue("--sysv", value);
      if (options.sysvId > 0x7FFFFFFF) throw UsageError{"--sysv must be a segment id from 0 to 2147483647"};
    } else if (takeValue(args, i, "--cch", value)) {
      options.cch = numberValue("--cch", value);
      if (options.cch == 0) throw UsageError{"--cch must be at least 1 (room for the NUL)"};
    } else {
      throw UsageError{"unknown argument \"" + args[i] + "\""};
    }
  }
  return options;
}


}  // namespace shm
