// Windows has no death signal: a thread waits on the parent's handle. (A
// host on Node also puts its children in libuv's job object, which kills
// them when the host's handle to it closes, wine 8 included; this covers
// the hosts where that job is missing: a detached spawn, a host not on
// libuv, or a host in a job that refuses nested ones, where libuv goes on
// without its job.)
#include <windows.h>

#include <cstdint>

#include "parent_death.h"
#include "windows/ntdll.h"

namespace shm {

namespace {

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
  const auto query = ntdllFunction<NtQueryInformationProcessFn>("NtQueryInformationProcess");
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

}  // namespace

bool followParent(long parent) {
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
}

}  // namespace shm
