// What every platform shares: reading the parent's pid from the environment.
// How a child follows it is the platform's (followParent).
#include "parent_death.h"

#include <cstdlib>

namespace shm {

namespace {

// The pid in SHM_INSPECTOR_PARENT_PID, or 0 when there is none.
long parentNamedInEnvironment() {
  const char* text = std::getenv(kParentPidEnv);
  if (text == nullptr || *text == '\0') return 0;
  char* end = nullptr;
  const long parent = std::strtol(text, &end, 10);
  return *end != '\0' || parent <= 0 ? 0 : parent;  // not a pid: nothing to follow
}

}  // namespace

bool exitWithParentNamedInEnvironment() {
  const long parent = parentNamedInEnvironment();
  return parent == 0 || followParent(parent);
}

}  // namespace shm
