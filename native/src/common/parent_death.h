// Child readers must not outlive the inspector, even when it is killed with
// SIGKILL (TerminateProcess) and cannot clean up. On Linux the kernel can
// signal a process when its parent dies (PR_SET_PDEATHSIG); on Windows a
// thread of the reader waits on its parent's process handle and ends the
// reader when it is signalled. The launcher names its own pid in
// SHM_INSPECTOR_PARENT_PID, so that a child whose parent died before the
// request was made (its parent is then someone else, or on Windows a pid
// that no process or a younger one has) notices and leaves too. Elsewhere
// (macOS) this is a no-op; the launcher's timeout and exit hooks remain.
#pragma once

namespace shm {

constexpr const char* kParentPidEnv = "SHM_INSPECTOR_PARENT_PID";

// Windows: the exit status of a reader ended because its parent ended (as
// the reader's own status when it finds its parent gone at start).
constexpr unsigned kParentGoneExitCode = 1;

// Asks to be killed with the parent named in SHM_INSPECTOR_PARENT_PID.
// Returns false when that parent is already gone: the caller should exit.
// Without the variable (a reader started by hand) it does nothing.
bool exitWithParentNamedInEnvironment();

// The platform's half (linux/, windows/, darwin/parent_death_*.cc): asks to be
// ended with `parent` (a pid from the environment). false when it is gone.
bool followParent(long parent);

}  // namespace shm
