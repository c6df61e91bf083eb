# The one list of the native build's sources, by platform (the layout is in
# README.md). binding.gyp includes it and picks the platform's lists with
# `conditions`; sources.mjs reads it for win/build.sh (mingw),
# scripts/sanitize.mjs (ASan build, fuzz targets) and the freshness checks.
# A new file goes in exactly one list here.
{
  "variables": {
    # Every platform: the block, its checks, codec and limits.
    "common_sources": [
      "src/common/shm_error.cc",
      "src/common/validate.cc",
      "src/common/text_codec.cc",
      "src/common/shared_block.cc",
      "src/common/parent_death.cc",
      "src/common/cli_args.cc",
    ],
    # What Linux and macOS share: shm_open + mmap, the robust mutex, SIGBUS guard.
    "posix_sources": [
      "src/posix/backend_posix.cc",
      "src/posix/fault_guard_posix.cc",
      "src/posix/cli_args_posix.cc",
    ],
    "linux_sources": [
      "src/linux/platform_linux.cc",
      "src/linux/backend_sysv.cc",
      "src/linux/backend_proc.cc",
      "src/linux/wake_futex.cc",
      "src/linux/parent_death_linux.cc",
    ],
    "darwin_sources": [
      "src/darwin/platform_darwin.cc",
      "src/darwin/wake_portable.cc",
      "src/darwin/parent_death_darwin.cc",
      "src/common/sysv_unsupported.cc",
      "src/common/proc_unsupported.cc",
    ],
    "windows_sources": [
      "src/windows/backend_windows.cc",
      "src/windows/wake_windows.cc",
      "src/windows/parent_death_windows.cc",
      "src/windows/cli_args_windows.cc",
      "src/windows/section_list_windows.cc",
      "src/common/sysv_unsupported.cc",
      "src/common/proc_unsupported.cc",
    ],
    # The Node addon: the binding files (they only convert values) and the engines.
    "addon_sources": [
      "src/binding/addon.cc",
      "src/binding/binding_values.cc",
      "src/binding/watcher_binding.cc",
      "src/binding/search_binding.cc",
      "src/binding/scan_binding.cc",
      "src/binding/stats_binding.cc",
      "src/common/watcher.cc",
      "src/common/search.cc",
      "src/common/scan.cc",
      "src/common/byte_stats.cc",
    ],
    # The programs, each linked with the platform's library.
    "reader_sources": ["src/common/reader_options.cc", "src/programs/reader_main.cc"],
    "wintest_sources": ["src/common/reader_options.cc", "src/common/watcher.cc", "src/programs/wintest_main.cc"],
    "section_list_sources": ["src/common/reader_options.cc", "src/programs/section_list_main.cc"],
    # The libFuzzer targets (fuzz/<name>.cc) and what each links (Linux).
    "fuzz_text_codec_sources": [
      "src/common/text_codec.cc",
      "src/common/validate.cc",
      "src/common/shm_error.cc",
      "src/posix/backend_posix.cc",
      "src/linux/platform_linux.cc",
    ],
    "fuzz_reader_args_sources": [
      "src/common/reader_options.cc",
      "src/common/cli_args.cc",
      "src/posix/cli_args_posix.cc",
    ],
  },
}
