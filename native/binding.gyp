# Builds the shared-block library twice over: into the Node addon
# (build/Release/shm_native.node) and into the child reader executable
# (build/Release/shm-reader). The Windows executables are cross-compiled by
# win/build.sh instead.
{
  "variables": {
    "library_sources": [
      "src/shm_error.cc",
      "src/fault_guard.cc",
      "src/validate.cc",
      "src/text_codec.cc",
      "src/shared_block.cc",
      "src/backend_posix.cc",
      "src/backend_windows.cc",
      "src/backend_sysv.cc",
      "src/parent_death.cc",
      "src/section_list_windows.cc",
      "src/wake_futex.cc",
      "src/wake_portable.cc",
      "src/wake_windows.cc",
    ],
  },
  "target_defaults": {
    "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++14", "-std=gnu++17", "-std=c++14"],
    "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-fvisibility=hidden", "-fvisibility-inlines-hidden", "-fno-plt"],
    "xcode_settings": {
      "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
      "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
      "MACOSX_DEPLOYMENT_TARGET": "10.15",
    },
    "msvs_settings": {"VCCLCompilerTool": {"ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17"]}},
    "conditions": [
      ["OS=='linux'", {"libraries": ["-lrt", "-pthread"]}],
      ["OS=='win'", {"libraries": ["shell32.lib"]}],
    ],
  },
  "targets": [
    {
      "target_name": "shm_native",
      "sources": ["<@(library_sources)", "src/addon.cc", "src/binding_values.cc", "src/watcher.cc", "src/watcher_binding.cc", "src/search.cc", "src/search_binding.cc", "src/scan.cc", "src/scan_binding.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
    },
    {
      "target_name": "shm-reader",
      "type": "executable",
      "sources": ["<@(library_sources)", "src/cli_args.cc", "src/reader_options.cc", "src/reader_main.cc"],
    },
  ],
}
