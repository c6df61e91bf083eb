// Windows: argv is in the ANSI code page, which loses names and texts outside
// it; the UTF-16 command line (CommandLineToArgvW) keeps them.
#include <windows.h>
#include <shellapi.h>

#include "cli_args.h"

namespace shm {

std::vector<std::string> utf8Arguments(int, char**) {
  std::vector<std::string> arguments;
  int count = 0;
  LPWSTR* wide = CommandLineToArgvW(GetCommandLineW(), &count);
  for (int i = 1; wide != nullptr && i < count; ++i) {
    const int bytes = WideCharToMultiByte(CP_UTF8, 0, wide[i], -1, nullptr, 0, nullptr, nullptr);
    std::string argument(bytes > 0 ? bytes - 1 : 0, '\0');
    if (bytes > 1) WideCharToMultiByte(CP_UTF8, 0, wide[i], -1, &argument[0], bytes, nullptr, nullptr);
    arguments.push_back(argument);
  }
  if (wide != nullptr) LocalFree(wide);
  return arguments;
}

}  // namespace shm
