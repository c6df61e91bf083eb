// POSIX: argv is already the program's arguments in the locale's bytes (UTF-8).
#include "cli_args.h"

namespace shm {

std::vector<std::string> utf8Arguments(int argc, char** argv) {
  std::vector<std::string> arguments;
  for (int i = 1; i < argc; ++i) arguments.emplace_back(argv[i]);
  return arguments;
}

}  // namespace shm
