// Linux: the kernel kills this process when its parent dies (PR_SET_PDEATHSIG).
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>

#include "parent_death.h"

namespace shm {

bool followParent(long parent) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return true;
  // The signal covers a death from now on; one that already happened shows
  // as a different parent (the process was adopted).
  return getppid() == static_cast<pid_t>(parent);
}

}  // namespace shm
