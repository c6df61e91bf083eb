// Child readers must not outlive the inspector, even when it is killed with
// SIGKILL and cannot clean up. On Linux the kernel can signal a process when
// its parent dies (PR_SET_PDEATHSIG). The launcher names its own pid in
// SHM_INSPECTOR_PARENT_PID, so that a child whose parent died before the
// request was made (its parent is then someone else) notices and leaves too.
// Elsewhere this is a no-op; the launcher's timeout and exit hooks remain.
#pragma once

namespace shm {

constexpr const char* kParentPidEnv = "SHM_INSPECTOR_PARENT_PID";

// Asks to be killed with the parent named in SHM_INSPECTOR_PARENT_PID.
// Returns false when that parent is already gone: the caller should exit.
// Without the variable (a reader started by hand) it does nothing.
bool exitWithParentNamedInEnvironment();

}  // namespace shm
