// Constants shared by the library, the addon and the reader.
#pragma once

#include <cstddef>
#include <cstdint>

namespace shm {

// The seed's block: the Windows example maps 4096 bytes named "dllmemfilemap".
constexpr const char* kDefaultName = "dllmemfilemap";
constexpr std::uint64_t kDefaultSize = 4096;

// A generous cap that still catches a mistyped size before it eats the machine.
constexpr std::uint64_t kMaxSize = std::uint64_t{1} << 30;  // 1 GiB

// The lock and the write counter live in a companion object named
// "<name>.lock", so the block keeps the original layout byte for byte.
constexpr const char* kLockSuffix = ".lock";

// Windows: watcher processes (watcher threads) per block that a writer wakes
// at once, each through its own slot and auto-reset event in the block's
// watcher table "<name>.lock.slots" (backend_windows.cc). One 32-bit word
// holds a bit per slot, so a writer finds every sleeper with one load. Watchers
// beyond it find that block's writes by polling (every 1 to 16 ms in the host).
constexpr unsigned kWakeSlots = 32;

// The watcher's poll for writers that do not use this library (watcher.h).
// While changes arrive it polls every kWatcherFastestPollUs; while none do it
// backs off by doubling to kWatcherSlowestPollUs, and once nothing has
// changed for kWatcherIdleAfterMs, to kWatcherIdlePollUs: one frame at 60 Hz,
// so a foreign write after a long quiet spell still reaches the screen within
// about a frame, while an idle host wakes 62 times a second instead of 250.
// The first change found drops it to the fastest poll again, and a write
// through this library wakes it at once whatever the interval.
// src-main/core/watcher.ts mirrors them (WATCHER_POLL; tests/core/watcher-poll.test.ts).
constexpr unsigned kWatcherFastestPollUs = 1000;
constexpr unsigned kWatcherSlowestPollUs = 4000;
constexpr unsigned kWatcherIdlePollUs = 16000;
constexpr unsigned kWatcherIdleAfterMs = 1000;
// A writer that keeps changing a block (over the last kWatcherSustainedAfterMs,
// a change in at least half the polls a kWatcherSustainedPollUs poll makes:
// about 125 writes a second or more) is polled every kWatcherSustainedPollUs
// and no longer wakes the thread per write: at 1,000 writes a second a wake
// per write cost the host 3.7% of a core (about 60 us a wake on these
// machines), for history steps 1 ms apart that no screen shows. The History's
// resolution is then this interval; the first change after a quiet spell is
// still seen at once.
constexpr unsigned kWatcherSustainedPollUs = 4000;
constexpr unsigned kWatcherSustainedAfterMs = 250;

// Windows: the most the section listing reads of the system's handle table
// (NtQuerySystemInformation) to find which processes hold each section. A
// busy machine has ~100k handles, 40 bytes each (~4 MiB); past this cap the
// listing says that the holders are unknown instead of growing further.
constexpr std::size_t kMaxHandleSnapshotBytes = std::size_t{64} << 20;  // 64 MiB

// Longest accepted name, in bytes of UTF-8. Linux stores POSIX objects as files
// in /dev/shm, whose names may have 255 bytes (NAME_MAX); we keep room for the
// ".lock" suffix of the companion. Windows accepts object names up to MAX_PATH
// (260) UTF-16 units, so 250 UTF-8 bytes fit there too. macOS limits POSIX
// shared-memory names to 31 bytes (PSHMNAMLEN) including the leading '/', which
// leaves 30 - 5 (".lock") = 25 bytes. (An #if here, not in darwin/: every
// limit stays in this one table, which src-main mirrors.)
#if defined(__APPLE__)
constexpr std::size_t kMaxNameLength = 25;
#else
constexpr std::size_t kMaxNameLength = 250;
#endif

// The native watcher's queue to JavaScript (watcher.h). JavaScript may stall
// (a long task, a debugger, a swapped-out host) while a writer changes a
// watched range thousands of times a second; each poll queues the changed
// bytes twice (after and before). Past any of these caps a block's pending
// changes are coalesced into one "changed since" batch (its bytes as they were
// when coalescing began, and as they are when JavaScript takes them), so the
// queue's memory stays flat however long JavaScript stalls. A host that
// watched 64 KiB written at 10 kHz grew by about 1.2 GB a second without them.
// Queued change bytes (after + before + a fixed cost per change), host-wide.
constexpr std::uint64_t kMaxQueuedChangeBytes = std::uint64_t{16} << 20;  // 16 MiB
// The same, per block: one busy block leaves room for the others' detail.
constexpr std::uint64_t kMaxQueuedChangeBytesPerBlock = std::uint64_t{4} << 20;  // 4 MiB
// Batches queued host-wide (one per block per poll that found a change).
constexpr std::size_t kMaxQueuedBatches = 4096;
// JavaScript takes the queue at most once a frame; past 1/4 of any cap above the watcher asks it to take it now.
constexpr unsigned kWatcherUrgentQueueDivisor = 4;

// Byte statistics (byte_stats.h): the most regions one block-map call splits a
// range into. The result the main thread converts is 4 counts and an entropy
// per region (~20 bytes), so this bounds its cost whatever the block's size.
constexpr std::uint32_t kMaxStatsRegions = 4096;
// Bytes a statistics job counts in place at a time (on its worker thread,
// under the fault guard, without the block's lock): at ~2 GB/s, ~30 us a
// chunk, so close() waits at most that long and a cancel acts that soon.
constexpr std::size_t kStatsChunkBytes = std::size_t{64} << 10;  // 64 KiB
// A statistics job over at least this many bytes counts half of them on a
// second thread of its own (so a job uses at most two threads; the host's
// heavy-job cap bounds the jobs).
constexpr std::uint64_t kStatsHelperThresholdBytes = std::uint64_t{8} << 20;  // 8 MiB

// Set to "1" in the environment before a block is opened, it disables the
// cross-process lock for that block. TEST ONLY: it exists so that the
// many-process test can prove that, without the lock, readers do see torn strings.
constexpr const char* kNoLockEnvVar = "SHM_INSPECTOR_TEST_NO_LOCK";

// Windows: set to a number of milliseconds (at most kMaxWakeGapMs), the
// watcher thread sleeps that long between its last look at the counters and
// its wait on the wake events. TEST ONLY: it widens the moment in which a
// write must still wake it (tests/win/watcher-wake.test.ts).
constexpr const char* kWakeGapEnvVar = "SHM_INSPECTOR_TEST_WAKE_GAP_MS";
constexpr unsigned long kMaxWakeGapMs = 10000;

// Set to a number of milliseconds (at most kMaxReaderPauseMs), shm-reader
// sleeps that long before it opens the block. TEST ONLY: a reader that lives
// long enough for a test to kill its host (tests/win/reader-job.test.ts).
constexpr const char* kReaderPauseEnvVar = "SHM_INSPECTOR_TEST_READER_PAUSE_MS";
constexpr unsigned long kMaxReaderPauseMs = 60000;

}  // namespace shm
