#!/usr/bin/env bash
# Cross-compiles the Windows build of the shared-block library with mingw-w64:
# native/build-win/shm-reader.exe (the child reader) and shm-wintest.exe (the
# driver of tests/win). Static, so the executables need no extra DLLs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/../src"
out="$here/../build-win"
cxx="${CXX_WIN:-x86_64-w64-mingw32-g++}"

if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "native:win: $cxx not found; install mingw-w64 (Debian: apt-get install g++-mingw-w64-x86-64)" >&2
  exit 1
fi

mkdir -p "$out"
library=(shm_error.cc validate.cc text_codec.cc shared_block.cc backend_posix.cc backend_windows.cc backend_sysv.cc parent_death.cc cli_args.cc reader_options.cc)
# Both programs keep an ordinary main() and read their UTF-16 command line with
# CommandLineToArgvW (cli_args.cc), so names and texts outside the ANSI code page survive.
flags=(-std=c++17 -O2 -Wall -Wextra -static -DUNICODE -D_UNICODE)

build() {
  local exe="$1" main="$2"
  local sources=()
  for file in "${library[@]}" "$main"; do sources+=("$src/$file"); done
  "$cxx" "${flags[@]}" -o "$out/$exe" "${sources[@]}" -lshell32
  echo "built $out/$exe"
}

build shm-reader.exe reader_main.cc
build shm-wintest.exe wintest_main.cc
