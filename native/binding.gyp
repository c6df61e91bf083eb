# Builds the shared-block library twice over: into the Node addon
# (build/Release/shm_native.node) and into the child reader executable
# (build/Release/shm-reader). The Windows executables are cross-compiled by
# win/build.sh instead. The source lists are in sources.gypi (one list for
# every build); each platform compiles its own folder and no other, as
# @parcel/watcher does.
{
  "includes": ["sources.gypi"],
  "target_defaults": {
    "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++14", "-std=gnu++17", "-std=c++14"],
    "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-fvisibility=hidden", "-fvisibility-inlines-hidden", "-fno-plt"],
    "xcode_settings": {
      "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
      "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
      "MACOSX_DEPLOYMENT_TARGET": "10.15",
    },
    "msvs_settings": {"VCCLCompilerTool": {"ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17"]}},
    # Common headers by name ("backend.h"), a platform's by its folder ("windows/...").
    "include_dirs": ["src", "src/common"],
    # The library every target links: the common files and the platform's backend.
    "sources": ["<@(common_sources)"],
    "conditions": [
      ["OS=='linux'", {"sources": ["<@(posix_sources)", "<@(linux_sources)"], "libraries": ["-lrt", "-pthread"]}],
      ["OS=='mac'", {"sources": ["<@(posix_sources)", "<@(darwin_sources)"]}],
      ["OS=='win'", {"sources": ["<@(windows_sources)"], "libraries": ["shell32.lib"]}],
    ],
  },
  "targets": [
    {
      "target_name": "shm_native",
      "sources": ["<@(addon_sources)"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
    },
    {
      "target_name": "shm-reader",
      "type": "executable",
      "sources": ["<@(reader_sources)"],
    },
  ],
}
