#pragma once
#include <windows.h>

__declspec(dllimport) VOID __cdecl SetSharedMem(LPWSTR lpszBuf);
__declspec(dllimport) BOOL __cdecl GetSharedMem(LPWSTR lpszBuf, DWORD cchSize);
