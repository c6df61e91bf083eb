// ntdll's undocumented calls, looked up once each where they are used
// (NtQuerySection, NtQueryInformationProcess, the object-directory calls):
// null when this ntdll (an old Windows, wine) lacks the call, and the caller
// falls back or says so.
#pragma once

#include <windows.h>

namespace shm {

template <typename Fn>
Fn ntdllFunction(const char* name) {
  const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  if (ntdll == nullptr) return nullptr;
  return reinterpret_cast<Fn>(reinterpret_cast<void*>(GetProcAddress(ntdll, name)));
}

}  // namespace shm
