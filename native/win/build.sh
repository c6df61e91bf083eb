#!/usr/bin/env bash
# Cross-compiles the Windows build with mingw-w64 into native/build-win/: the
# Node addon shm_native.node (for Windows Node: `npm run windows`),
# shm-reader.exe (the child reader), shm-wintest.exe (the driver of
# tests/win), shm-list.exe (the named sections) and shm-stdio-relay.exe
# (between wine and node.exe). Static, so nothing needs a DLL beside it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
native="$here/.."
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

mkdir -p "$out/obj"
# The source lists are native/sources.gypi's, as binding.gyp's on Windows:
# the common files and src/windows/ (paths relative to native/).
sources() { node "$native/sources.mjs" windows "$1"; }
mapfile -t library < <(sources library)
# The programs keep an ordinary main() and read their UTF-16 command line with
# CommandLineToArgvW (windows/cli_args_windows.cc), so names and texts outside
# the ANSI code page survive.
mapfile -t reader < <(sources reader)
mapfile -t wintest < <(sources wintest)
mapfile -t section_list < <(sources section_list)
# The addon's own files; common/watcher.cc is among them, so the Windows
# addon keeps the watcher compiling for Windows.
mapfile -t addon_sources < <(sources addon)
((${#library[@]} > 0 && ${#addon_sources[@]} > 0)) || { echo "native:win: no sources from sources.gypi" >&2; exit 1; }
programs=("${reader[@]}" "${wintest[@]}" "${section_list[@]}")
compile_flags=(-std=c++17 -O2 -Wall -Wextra -DUNICODE -D_UNICODE -I"$native/src" -I"$native/src/common")

# Node-API's headers (node-api-headers) and node-addon-api, for the addon's
# own sources: node_modules first, else the copy scripts/windows-node.mjs
# unpacked into the cache.
root="$here/../.."
resolve_package() {
  node -e "try { console.log(require('path').dirname(require.resolve(process.argv[1] + '/package.json', { paths: [process.argv[2]] }))) } catch { process.exit(1) }" "$1" "$root" 2>/dev/null ||
    node "$root/scripts/windows-node.mjs" --package "$1"
}
headers="$(resolve_package node-api-headers)"
addon_api="$(resolve_package node-addon-api)"
addon_flags=(-DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS -DNODE_ADDON_API_DISABLE_DEPRECATED -DBUILDING_NODE_EXTENSION -I"$headers/include" -I"$addon_api")

# Every source is compiled once into build-win/obj, two at a time (the
# machines have two cores); an object newer than its source, every header,
# sources.gypi and this script is kept. The programs are then linked from
# the objects. src/windows/x.cc -> obj/windows_x.o.
object_of() {
  local file="${1#src/}"
  file="${file%.cc}.o"
  echo "$out/obj/${file//\//_}"
}
compile() {
  local file="$1" extra=()
  [[ " ${addon_sources[*]} " == *" $file "* ]] && extra=("${addon_flags[@]}")
  "$cxx" "${compile_flags[@]}" "${extra[@]}" -c "$native/$file" -o "$(object_of "$file")"
}
up_to_date() {
  local object
  object="$(object_of "$1")"
  [[ -f "$object" && "$object" -nt "$native/$1" && "$object" -nt "$0" && "$object" -nt "$native/sources.gypi" &&
    -z "$(find "$native/src" -name '*.h' -newer "$object" -print -quit)" ]]
}
failed=0
mapfile -t every_source < <(printf '%s\n' "${library[@]}" "${programs[@]}" "${addon_sources[@]}" | sort -u)
for file in "${every_source[@]}"; do
  up_to_date "$file" && continue
  while (($(jobs -rp | wc -l) >= 2)); do wait -n || failed=1; done
  compile "$file" &
done
while (($(jobs -rp | wc -l) > 0)); do wait -n || failed=1; done
((failed == 0)) || { echo "native:win: compiling failed (see above)" >&2; exit 1; }

objects() {
  local file
  for file in "$@"; do object_of "$file"; done
}

link() {
  local exe="$1"
  shift
  # shellcheck disable=SC2046 # one object path a line, none with spaces
  "$cxx" -static -o "$out/$exe" $(objects "${library[@]}" "$@") -lshell32
  echo "built $out/$exe"
}

link shm-reader.exe "${reader[@]}"
link shm-wintest.exe "${wintest[@]}"
link shm-list.exe "${section_list[@]}"

# The Node addon, from the same sources as binding.gyp's shm_native target.
# Node-API is imported from node.exe through an import library made from the
# headers' node_api.def. -static with -shared links libgcc, libstdc++ and
# winpthread into the DLL (-static-libstdc++ alone still imports
# libwinpthread-1.dll): no DLL beside the addon.
"${DLLTOOL_WIN:-x86_64-w64-mingw32-dlltool}" -d "$headers/def/node_api.def" -l "$out/libnode_api.a" -D node.exe
# shellcheck disable=SC2046
"$cxx" -shared -o "$out/shm_native.node" $(objects "${library[@]}" "${addon_sources[@]}") \
  -static -L"$out" -lnode_api -lshell32
echo "built $out/shm_native.node"

# The stdio relay that `npm run windows` puts between wine and node.exe (see its header).
if [[ ! -f "$out/shm-stdio-relay.exe" || "$here/stdio_relay.cc" -nt "$out/shm-stdio-relay.exe" ]]; then
  "$cxx" "${compile_flags[@]}" -static -o "$out/shm-stdio-relay.exe" "$here/stdio_relay.cc"
fi
echo "built $out/shm-stdio-relay.exe"
