#include "parent_death.h"

#include <cstdint>
#include <cstdlib>

#if defined(__linux__)
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#elif defined(_WIN32)
#include <windows.h>
#endif

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

#if defined(_WIN32)

// The pid of the process that created this one, as the system recorded it
// (it stays after that process ends); 0 when it cannot be asked.
DWORD creatorProcessId() {
  struct ProcessBasicInformation {
    LONG exitStatus;
    PVOID pebBaseAddress;
    ULONG_PTR affinityMask;
    LONG basePriority;
    ULONG_PTR uniqueProcessId;
    ULONG_PTR inheritedFromUniqueProcessId;
  };
  using NtQueryInformationProcessFn = LONG(WINAPI*)(HANDLE, int, PVOID, ULONG, PULONG);
  const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  const auto query = ntdll == nullptr ? nullptr
                                      : reinterpret_cast<NtQueryInformationProcessFn>(reinterpret_cast<void*>(
                                            GetProcAddress(ntdll, "NtQueryInformationProcess")));
  ProcessBasicInformation info{};
  if (query == nullptr || query(GetCurrentProcess(), 0 /* ProcessBasicInformation */, &info, sizeof info, nullptr) < 0) {
    return 0;
  }
  return static_cast<DWORD>(info.inheritedFromUniqueProcessId);
}

std::uint64_t creationTime(HANDLE process) {
  FILETIME created{}, exited{}, kernel{}, user{};
  if (!GetProcessTimes(process, &created, &exited, &kernel, &user)) return 0;
  return (static_cast<std::uint64_t>(created.dwHighDateTime) << 32) | created.dwLowDateTime;
}

// Waits for the parent's end, then ends this process at once, as SIGKILL
// would: whatever the main thread is doing (waiting for a lock, a read).
DWORD WINAPI endWithParent(void* parent) {
  WaitForSingleObject(static_cast<HANDLE>(parent), INFINITE);
  TerminateProcess(GetCurrentProcess(), kParentGoneExitCode);
  return 0;
}

#endif

}  // namespace

bool exitWithParentNamedInEnvironment() {
  const long parent = parentNamedInEnvironment();
  if (parent == 0) return true;
#if defined(__linux__)
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) return true;
  // The signal covers a death from now on; one that already happened shows
  // as a different parent (the process was adopted).
  return getppid() == static_cast<pid_t>(parent);
#elif defined(_WIN32)
  // Windows has no death signal: a thread waits on the parent's handle. (A
  // host on Node also puts its children in libuv's job object, which kills
  // them when the host's handle to it closes, wine 8 included; this covers
  // the hosts where that job is missing: a detached spawn, a host not on
  // libuv, or a host in a job that refuses nested ones, where libuv goes on
  // without its job.)
  const DWORD creator = creatorProcessId();
  if (creator != 0 && creator != static_cast<DWORD>(parent)) return true;  // not our parent: nothing to follow
  HANDLE handle = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(parent));
  if (handle == nullptr) return GetLastError() != ERROR_INVALID_PARAMETER;  // no such process: it is gone
  // A pid is reused once its process has ended: a process created after us is not our parent.
  const std::uint64_t parentCreated = creationTime(handle);
  const bool gone = WaitForSingleObject(handle, 0) == WAIT_OBJECT_0 ||
                    (parentCreated != 0 && parentCreated > creationTime(GetCurrentProcess()));
  if (gone) {
    CloseHandle(handle);
    return false;
  }
  constexpr SIZE_T kStackBytes = 64 * 1024;  // the thread only waits
  HANDLE thread = CreateThread(nullptr, kStackBytes, endWithParent, handle, STACK_SIZE_PARAM_IS_A_RESERVATION, nullptr);
  if (thread == nullptr) {
    CloseHandle(handle);
    return true;  // cannot follow it: the launcher's timeout remains
  }
  CloseHandle(thread);  // the thread keeps `handle` for the life of the process
  return true;
#else
  return true;
#endif
}

}  // namespace shm
