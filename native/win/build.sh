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

# The Node addon, from the same sources as binding.gyp's shm_native target,
# against Node-API's headers (node-api-headers) and node-addon-api. Node-API
# is imported from node.exe through an import library made from the headers'
# node_api.def. -static with -shared links libgcc, libstdc++ and winpthread
# into the DLL (-static-libstdc++ alone still imports libwinpthread-1.dll):
# no DLL beside the addon.
build_addon() {
  root="$here/../.."
  resolve_package() {
    # node_modules first; else the copy scripts/windows-node.mjs unpacked into the cache.
    node -e "try { console.log(require('path').dirname(require.resolve(process.argv[1] + '/package.json', { paths: [process.argv[2]] }))) } catch { process.exit(1) }" "$1" "$root" 2>/dev/null ||
      node "$root/scripts/windows-node.mjs" --package "$1"
  }
  headers="$(resolve_package node-api-headers)"
  addon_api="$(resolve_package node-addon-api)"
  dlltool="${DLLTOOL_WIN:-x86_64-w64-mingw32-dlltool}"
  "$dlltool" -d "$headers/def/node_api.def" -l "$out/libnode_api.a" -D node.exe
  addon_sources=(section_list_windows.cc addon.cc binding_values.cc watcher_binding.cc search.cc search_binding.cc scan.cc scan_binding.cc)
  sources=()
  for file in "${library[@]}" "${addon_sources[@]}"; do
    [[ "$file" == cli_args.cc || "$file" == reader_options.cc ]] && continue # the executables' only
    sources+=("$src/$file")
  done
  # The addon takes minutes on a busy machine: rebuilt only when a source or this script is newer.
  if [[ -f "$out/shm_native.node" && -z "$(find "$src" "$here" -newer "$out/shm_native.node" -print -quit)" ]]; then
    echo "up to date: $out/shm_native.node"
  else
    "$cxx" -std=c++17 -O2 -Wall -Wextra -shared -DUNICODE -D_UNICODE \
      -DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS -DNODE_ADDON_API_DISABLE_DEPRECATED -DBUILDING_NODE_EXTENSION \
      -I"$headers/include" -I"$addon_api" \
      -o "$out/shm_native.node" "${sources[@]}" \
      -static -L"$out" -lnode_api -lshell32
    echo "built $out/shm_native.node"
  fi
}

# The addon compiles on the second core while the executables build on the first.
build_addon &
addon_build=$!

build shm-reader.exe reader_main.cc
build shm-wintest.exe wintest_main.cc
build shm-list.exe "section_list_main.cc section_list_windows.cc"

# The stdio relay that `npm run windows` puts between wine and node.exe (see its header).
"$cxx" "${flags[@]}" -o "$out/shm-stdio-relay.exe" "$here/stdio_relay.cc"
echo "built $out/shm-stdio-relay.exe"

wait "$addon_build" || { echo "native:win: building the addon failed" >&2; exit 1; }
