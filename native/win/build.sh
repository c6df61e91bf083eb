#!/usr/bin/env bash
# Cross-compiles the Windows build of the shared-block library with mingw-w64:
# native/build-win/shm-reader.exe (the child reader), shm-wintest.exe (the
# driver of tests/win) and shm-list.exe (the named sections, for
# `shm-inspector list`). Static, so the executables need no extra DLLs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/../src"
out="$here/../build-win"
# The posix threads flavour: std::mutex and std::thread (shared_block.h, the
# watcher) are missing from the win32 flavour that Debian selects by default.
default_cxx=x86_64-w64-mingw32-g++-posix
command -v "$default_cxx" >/dev/null 2>&1 || default_cxx=x86_64-w64-mingw32-g++
cxx="${CXX_WIN:-$default_cxx}"

if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "native:win: $cxx not found; install mingw-w64 (Debian: apt-get install g++-mingw-w64-x86-64)" >&2
  exit 1
fi

mkdir -p "$out"
# watcher.cc is the addon's, built here too so the Windows build keeps compiling it.
library=(shm_error.cc fault_guard.cc validate.cc text_codec.cc shared_block.cc backend_posix.cc backend_windows.cc backend_sysv.cc parent_death.cc cli_args.cc reader_options.cc wake_futex.cc wake_portable.cc wake_windows.cc watcher.cc)
# Both programs keep an ordinary main() and read their UTF-16 command line with
# CommandLineToArgvW (cli_args.cc), so names and texts outside the ANSI code page survive.
flags=(-std=c++17 -O2 -Wall -Wextra -static -DUNICODE -D_UNICODE)

build() {
  local exe="$1" main="$2"
  local sources=()
  # shellcheck disable=SC2206 # $main may name more than one file
  for file in "${library[@]}" $main; do sources+=("$src/$file"); done
  "$cxx" "${flags[@]}" -o "$out/$exe" "${sources[@]}" -lshell32
  echo "built $out/$exe"
}

build shm-reader.exe reader_main.cc
build shm-wintest.exe wintest_main.cc
build shm-list.exe "section_list_main.cc section_list_windows.cc"
