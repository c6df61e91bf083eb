#include "parent_death.h"

#include <cstdlib>

#if defined(__linux__)
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#endif

namespace shm {

bool exitWithParentNamedInEnvironment() {
#if defined(__linux__)
  const char* text = std::getenv(kParentPidEnv);
  if (text == nullptr || *text == '\0') return true;
  char* end = nullptr;
  const long parent = std::strtol(text, &end, 10);
  if (*end != '\0' || parent <= 0) return true;  // not a pid: nothing to follow
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return true;
  // The signal covers a death from now on; one that already happened shows
  // as a different parent (the process was adopted).
  return getppid() == static_cast<pid_t>(parent);
#else
  return true;
#endif
}

}  // namespace shm
