// The JavaScript face of the native shared-block library.
// `require('./native')` from the repository root gives this module.

/** Which platform backend maps the block. */
export type Backend = 'posix' | 'win32';

/** Stable codes carried by every error this module throws (`err.code`). */
export type ShmErrorCode =
  | 'ERR_SHM_ARG' // an argument of the wrong type (non-string text, non-integer offset, ...)
  | 'ERR_SHM_NAME' // empty, too long, or containing a character the platform refuses
  | 'ERR_SHM_SIZE' // size 0, negative, fractional, or above MAX_SIZE
  | 'ERR_SHM_SIZE_MISMATCH' // an existing object has another size; the message names the real one
  | 'ERR_SHM_RANGE' // offset/length outside the block
  | 'ERR_SHM_NOT_FOUND' // open-only, and no such block exists
  | 'ERR_SHM_PERMISSION' // the OS refused access
  | 'ERR_SHM_CLOSED' // a call on a closed block
  | 'ERR_SHM_SYSTEM' // any other OS failure; the message carries the OS error
  | 'ERR_SHM_BUSY' // the lock was not free within lockTimeoutMs (the message names the holder's pid when known), or a companion's initialiser is stuck
  | 'ERR_SHM_NO_SPACE' // the file system (/dev/shm) cannot back a new block of that size; the message names the free space
  | 'ERR_SHM_FAULT' // pages of an existing (sparse) block have no memory behind them: touching them would raise SIGBUS
  | 'ERR_SHM_UNSAFE' // read-write open refused: another user's object, one group/others may write, or such a companion; open it read-only
  | 'ERR_SHM_READ_ONLY' // write, setString or unlink on a block opened with readOnly: true
  | 'ERR_SHM_UNSUPPORTED' // not available on this platform (System V segments off Linux)
  | 'ERR_SHM_TRUNCATED' // another process shrank the object under our mapping; the error's newSize is its size now
  | 'ERR_SHM_NOT_A_BLOCK'; // the name is a FIFO, symbolic link, directory, socket or device: never opened, followed or mapped

export interface OpenOptions {
  /** Defaults to DEFAULT_NAME. */
  name?: string;
  /**
   * Bytes. Defaults to DEFAULT_SIZE. Must match an existing object's size.
   * 'existing' (only with create: false) adopts the existing object's real size.
   */
  size?: number | 'existing';
  /** true (default): create-or-open, like the original DLL. false: open an existing block only. */
  create?: boolean;
  /**
   * Traceless look: map an existing object read-only (PROT_READ / FILE_MAP_READ),
   * create nothing (no object, no companion), take no lock (reads may tear).
   * Size defaults to the object's own. write/setString/unlink throw ERR_SHM_READ_ONLY.
   */
  readOnly?: boolean;
  /**
   * Deadline of every lock (and of a companion's initialisation), in whole
   * milliseconds from 0 to 60000. Default 100. A busy lock throws ERR_SHM_BUSY.
   */
  lockTimeoutMs?: number;
}

export interface SetStringResult {
  /** UTF-16 code units stored, not counting the NUL. */
  units: number;
  /** true when the text did not fit and was cut (never inside a surrogate pair). */
  truncated: boolean;
}

export interface Block {
  readonly name: string;
  readonly size: number;
  /** true when this process created (and zero-filled) the object. */
  readonly createdHere: boolean;
  readonly backend: Backend;
  /** What a user looks for in system tools: `/dev/shm/<name>` on Linux, the object name on Windows. */
  readonly systemName: string;
  readonly closed: boolean;
  /** Opened with readOnly: true (or a System V segment): writes throw ERR_SHM_READ_ONLY. */
  readonly readOnly: boolean;
  /** Whether reads and writes take the cross-process lock. false for read-only blocks: their reads may tear. */
  readonly locked: boolean;
  /** A copy of `length` bytes from `offset` (never a view over the mapping). */
  read(offset: number, length: number): Buffer;
  /** Fills `target` (all of it) with the bytes from `offset`: read() without an allocation. */
  readInto(offset: number, target: Uint8Array): void;
  /** Copies `bytes` into the block at `offset`; throws ERR_SHM_RANGE rather than write past the end. */
  write(offset: number, bytes: Uint8Array): void;
  /**
   * Compare-and-write: under one hold of the cross-process lock, reads the
   * bytes at `offset` (as long as `bytes`) and writes `bytes` only when they
   * equal `expect`, so no other process's write can come between the compare
   * and the write. Returns whether it wrote and the bytes it found there.
   * ERR_SHM_ARG when expect and bytes differ in length, ERR_SHM_RANGE past the
   * end, ERR_SHM_READ_ONLY, ERR_SHM_CLOSED, ERR_SHM_BUSY (nothing written).
   */
  writeIfUnchanged(offset: number, expect: Uint8Array, bytes: Uint8Array): { written: boolean; found: Buffer };
  /** The original SetSharedMem on this block: UTF-16LE from offset 0, NUL-terminated, at most size/2 - 1 units. */
  setString(text: string): SetStringResult;
  /** The string at offset 0 up to its NUL, at most `maxUnits` code units (default: all that fit). */
  getString(maxUnits?: number): string;
  /**
   * A counter in the lock's companion object, bumped by every write made through
   * this library by any process. Writers that do not use the library do not bump it.
   * Always 0 on a read-only block (it opens no companion).
   */
  writeCount(): number;
  /**
   * false once the name was unlinked or now names another object (POSIX; always
   * true on Windows). Costs a shm_open + fstat: call it now and then, not per access.
   */
  linked(): boolean;
  /**
   * The object's size now: less than `size` once another process shrank it
   * (a read or write past the new end then throws ERR_SHM_TRUNCATED, whose
   * `newSize` says the same). `size` on Windows. Throws ERR_SHM_CLOSED when closed.
   */
  currentSize(): number;
  /** Unmaps and closes. Closing twice is harmless. */
  close(): void;
  /**
   * Removes the name (POSIX) and the lock companion's name. Existing mappings stay
   * valid. On Windows a no-op returning false. Throws ERR_SHM_CLOSED on a closed
   * block: use unlinkBlock(name) then.
   */
  unlink(): boolean;
}

export const DEFAULT_NAME: 'dllmemfilemap';
export const DEFAULT_SIZE: 4096;
/** The largest size openBlock accepts (1 GiB). */
export const MAX_SIZE: number;
/** The longest name accepted, in bytes of UTF-8. */
export const MAX_NAME_LENGTH: number;

export function openBlock(options?: OpenOptions): Block;
/**
 * A System V shared memory segment (Linux), attached read-only with
 * shmat(SHM_RDONLY): a Block named `sysv:<id>` with readOnly true and locked
 * false. ERR_SHM_NOT_FOUND for an unknown id, ERR_SHM_UNSUPPORTED off Linux.
 */
export function openSysvSegment(options: { id: number }): Block;
/**
 * Unnamed shared memory (an unlinked /dev/shm object, a memfd, an anonymous
 * shared mapping) through /proc/<pid>/fd/<fd> or /proc/<pid>/map_files/<start>-<end>
 * (hex as map_files spells them), mapped read-only: a Block named
 * `proc:<pid>:fd:<fd>` or `proc:<pid>:map:<start>-<end>`, readOnly true,
 * locked false. ERR_SHM_NOT_FOUND when the process or descriptor is gone,
 * ERR_SHM_PERMISSION saying what would allow it, ERR_SHM_NOT_A_BLOCK for
 * anything but shared memory, ERR_SHM_NAME for a malformed range,
 * ERR_SHM_UNSUPPORTED off Linux.
 */
export function openProcObject(options: { pid: number; fd: number } | { pid: number; start: string; end: string }): Block;
/** Removes a block's name without opening it. Returns false if there was none. */
export function unlinkBlock(name: string): boolean;

/**
 * For child readers: on Linux, asks the kernel to kill this process when the
 * parent named in SHM_INSPECTOR_PARENT_PID dies, so no reader outlives an
 * inspector that was killed outright. Returns false when that parent is
 * already gone (the caller should exit). Without the variable, or elsewhere
 * than Linux, it does nothing and returns true.
 */
export function exitWithParent(): boolean;

/** A named section (Windows file mapping) in an object directory. */
export interface NamedSection {
  /** The section's name in its directory (what CreateFileMappingW was given, without Local\ or Global\). */
  name: string;
  /** e.g. `\Sessions\1\BaseNamedObjects`. */
  directory: string;
  /**
   * The processes holding a handle to it, by pid (from the system's handle
   * table); null when this system does not give that table.
   */
  holders: NamedSectionHolder[] | null;
}

/** A process holding a handle to a section. */
export interface NamedSectionHolder {
  pid: number;
  /** The executable's file name, e.g. `shm-wintest.exe`; empty when unknown. */
  image: string;
}

/**
 * Windows only (undefined elsewhere): every named section in \BaseNamedObjects
 * and each session's \Sessions\<n>\BaseNamedObjects (NtQueryDirectoryObject).
 */
export const listSections: (() => NamedSection[]) | undefined;

/** The original SetSharedMem(LPWSTR) on the default block. */
export function setSharedMem(text: string): SetStringResult;
/** The original GetSharedMem(LPWSTR, DWORD): at most cch - 1 units (default: the whole capacity). */
export function getSharedMem(cch?: number): string;

/** Absolute path of the built child reader executable (shm-reader). */
export const readerPath: string;

/** The backend compiled into this build. */
export const backend: Backend;
/** Suffix of the lock companion object ("<name>.lock"); names ending with it are refused. */
export const LOCK_SUFFIX: '.lock';
/**
 * TEST ONLY: the environment variable ("SHM_INSPECTOR_TEST_NO_LOCK") that, set to
 * "1" when a block is opened, disables that block's cross-process lock. It exists
 * so a test can prove that without the lock readers see torn strings.
 */
export const NO_LOCK_ENV: 'SHM_INSPECTOR_TEST_NO_LOCK';

/** TEST ONLY hooks on the cross-process lock. Not for application code. */
export const testing: {
  /** Takes the block's lock and keeps it until releaseLock or close (to kill a holder in a test). */
  holdLock(block: Block): void;
  releaseLock(block: Block): void;
  /** true when the lock was free (it is taken and released at once). */
  tryLock(block: Block): boolean;
  /** false when the block was opened with SHM_INSPECTOR_TEST_NO_LOCK=1. */
  lockEnabled(block: Block): boolean;
  /**
   * BENCH ONLY: the Electron-safe floor of a 4 KiB write: a plain Node-API call
   * taking an offset and a Uint8Array that copies its bytes (at most 4 KiB) into
   * memory of the addon's own. No lock, no mapping.
   */
  emptyWriteFloor(offset: number, bytes: Uint8Array): void;
  /**
   * BENCH ONLY: emptyWriteFloor plus what every write through the library does
   * after its copy: bump a write counter and check, behind a full fence, whether
   * a watcher sleeps on it (none does here, so no system call).
   */
  countedWriteFloor(offset: number, bytes: Uint8Array): void;
  /**
   * BENCH ONLY: emptyWriteFloor with its copy made through the fault guard
   * every touch of a mapping goes through (a sigsetjmp and two thread-local
   * stores): what the guard against a shrunk block costs a call.
   */
  guardedWriteFloor(offset: number, bytes: Uint8Array): void;
  /**
   * BENCH ONLY: the floor of a statistics job: its counting loop over private
   * memory on 1 or 2 threads (as a job splits), with no block, lock or regions.
   * Runs on the calling thread; returns the bytes counted.
   */
  countFloor(bytes: Uint8Array, threads: 1 | 2): number;
  /**
   * BENCH ONLY: the CPU time the calling thread has used, ns (-1 where the
   * system cannot say): a main thread's cost of a call, without the time it
   * waited or was preempted.
   */
  threadCpuNs(): number;
};

/** What one poll of the native watcher found in one block. */
export interface ChangeBatch {
  name: string;
  /** The watched block was closed (reported once; its name may have been reopened). */
  closed: boolean;
  /** The block's size after another process shrank it (each smaller size once); null otherwise. */
  shrunkTo: number | null;
  /** The monitor (monitorMs) found the block's name gone or leading to another object (once per block object). */
  unlinked: boolean;
  /** The monitor found that polls skipped the block because its lock was held (at most once per monitorMs). */
  busy: boolean;
  /** When the poll found it, on the steadyNowMs() clock. */
  detectedAtMs: number;
  /** Each changed run: its new bytes and the snapshot's bytes they replaced (same length). */
  changes: { offset: number; bytes: Uint8Array; before: Uint8Array }[];
  /**
   * A "changed since" batch: JavaScript left the queue full (kMaxQueuedChangeBytes and the
   * other caps of shm_limits.h), so the polls since coalescedSinceMs were merged into this one;
   * `before` is the bytes as they were then, `bytes` as they are now, the states between unknown.
   */
  coalesced: boolean;
  coalescedSinceMs?: number;
  /** Polls that found a change and were merged into this batch. */
  coalescedPolls?: number;
}

export interface WatcherOptions {
  /** Poll interval while changes arrive (default 1 ms, kWatcherFastestPollUs). */
  fastestMs?: number;
  /** The interval the idle poll backs off to (default 4 ms). Writes through this library wake it at once (Linux). */
  slowestMs?: number;
  /** The interval once nothing changed for idleAfterMs (default 16 ms, one frame; at least slowestMs). */
  idleMs?: number;
  /** How long without a change before the poll slows to idleMs (default 1000 ms). */
  idleAfterMs?: number;
  /** The poll once changes have kept coming for sustainedAfterMs; writers no longer wake it then (default 4 ms; at most fastestMs: never). */
  sustainedMs?: number;
  /** How long changes must keep coming before the poll is sustainedMs (default 250 ms). */
  sustainedAfterMs?: number;
  /**
   * The monitor: this often the watcher's thread looks at each watched block's
   * name, size and skipped polls, and queues a batch (unlinked, shrunkTo, busy)
   * only when it finds something (default: no monitor).
   */
  monitorMs?: number;
  /** The monitor's interval for a block on the slow poll (setSlowPoll: hidden windows); at least monitorMs. */
  monitorHiddenMs?: number;
}

/**
 * The native watcher: one background thread compares the watched ranges of
 * each block with snapshots and queues what changed. It calls `onPending`
 * (on the JavaScript thread, through a thread-safe function) only when
 * something was queued; take() returns it. It never waits for a block's lock
 * (a busy block is skipped until a later poll) and never keeps the process
 * alive. After close(), onPending is never called again.
 */
export class Watcher {
  /** onPending(urgent): the queue became non-empty (take it within a frame), or, urgent, filled to a quarter of a cap (take it now). */
  constructor(onPending: (urgent: boolean) => void, options?: WatcherOptions);
  /**
   * Polls block `name` at most once every `intervalMs` (0: the adaptive poll
   * again, at once) and no writer wakes the thread for it meanwhile. Returns
   * whether `name` is watched; the interval is forgotten with its ranges.
   */
  setSlowPoll(name: string, intervalMs: number): boolean;
  /**
   * Differences inside `quiet` (flat [start, end, ...] pairs, sorted and
   * disjoint) of block `name` update its snapshot but are not queued, so they
   * signal nothing. Returns whether `name` is watched; the quiet ranges are
   * forgotten with its ranges. ERR_SHM_RANGE for pairs out of order.
   */
  setQuiet(name: string, quiet: number[]): boolean;
  /**
   * Sets the watched intervals of block `name` as flat [start, end, ...] pairs
   * (sorted, disjoint, inside the block; [] stops watching it). First queues
   * the changes found against the snapshots so far (take them before changing
   * who gets events). Returns the snapshot's bytes of [answerStart, answerEnd).
   */
  setRanges(name: string, block: Block, intervals: number[], answerStart: number, answerEnd: number): Uint8Array;
  /**
   * The batches queued since the last take. With `holdMs`, onPending is not
   * called for changes found from now until `holdMs` after this take (unless
   * the queue fills): the watcher thread calls it then, so a caller that
   * takes once a frame needs no timer of its own. Without it, a hold set
   * before stays. ERR_SHM_ARG outside 0 to 60000 ms.
   */
  take(holdMs?: number): ChangeBatch[];
  /** One poll of every watched block on the calling thread. */
  pollNow(): void;
  watchedBytes(): number;
  /** coalescedPolls: polls merged into "changed since" batches (queue full); queuedBytes: change bytes queued now. */
  stats(): { polls: number; wokenByWriters: number; skippedBusy: number; coalescedPolls: number; queuedBytes: number };
  close(): void;
}

/** Milliseconds on the monotonic clock the watcher stamps detectedAtMs with. */
export function steadyNowMs(): number;

// ---- Engines behind Find and the value scan (docs/ENGINES.md) -------------
// Both work on copies of block bytes the caller made (readInto under the
// block's lock) and run on a worker thread; src-main/core/search and
// src-main/core/scan are the wrappers to use.

export interface ChunkMatches {
  /** Every match that starts in [0, startLimit). */
  count: number;
  /** At most maxOffsets of them (the first or, with keepLast, the last), ascending, relative to the chunk. */
  offsets: number[];
}

export const search: {
  /**
   * Finds `pattern` in `chunk` where (byte & mask) == (pattern & mask) (mask 0xFF exact, 0x00 wildcard),
   * ASCII letters folded when caseInsensitive. Only starts below startLimit count, so chunks that
   * overlap by pattern.length - 1 bytes find a boundary-spanning match once. The caller must not
   * change `chunk` until the promise settles.
   */
  findInChunk(
    chunk: Uint8Array,
    startLimit: number,
    pattern: Uint8Array,
    mask: Uint8Array,
    caseInsensitive: boolean,
    maxOffsets: number,
    keepLast: boolean,
    /** A whole number naming the job, for cancel(); 0 or absent: not cancellable. */
    jobId?: number,
  ): Promise<ChunkMatches>;
  /**
   * Cancels every chunk of job `jobId` now running or queued: each stops within a few
   * milliseconds (the engine polls the flag every ~1 Mi byte compares, whatever the
   * pattern) and rejects with ERR_SEARCH_CANCELLED. false when none was in flight.
   */
  cancel(jobId: number): boolean;
};

export type ScanKind = 'signed' | 'unsigned' | 'float';
export type ScanMode = 'exact' | 'range' | 'unknown' | 'changed' | 'unchanged' | 'increased' | 'decreased' | 'increasedBy' | 'decreasedBy';

export interface ScanStats {
  count: number;
  /** Native bytes the candidates (and a running pass) hold. */
  memoryBytes: number;
  /** true: a copy of the block plus a bit per start; false: offsets plus previous values. */
  dense: boolean;
  passOpen: boolean;
  scanned: boolean;
}

/** The candidates of one value scan, in native memory (see native/src/scan.h). */
export class ScanSession {
  constructor(options: { kind: ScanKind; width: 1 | 2 | 4 | 8; bigEndian: boolean; step: number; blockSize: number });
  beginFirst(mode: ScanMode, a?: number | bigint, b?: number | bigint): void;
  beginNext(mode: ScanMode, a?: number | bigint, b?: number | bigint): void;
  /** Block bytes [base, base + chunk.length); its starts are [base, startEnd). Chunks in order, no gaps. */
  feed(chunk: Uint8Array, base: number, startEnd: number): Promise<void>;
  finish(): Promise<void>;
  abort(): void;
  stats(): ScanStats;
  /** Candidates from index `from` in offset order, with their values at the last scan (width bytes each). */
  list(from: number, max: number): { offsets: number[]; values: Buffer };
  dispose(): void;
}

// ---- Byte statistics (native/src/common/byte_stats.h) ----------------------
// Unlike Find and the scan, the worker thread reads the block itself, chunk by
// chunk under its lock: the main thread only converts the result, whose size
// is fixed by the region count. src-main/core/stats.ts is the wrapper to use.

export interface ByteSummary {
  /** Count of each byte value 0..255 over the whole range. */
  histogram: Float64Array;
  /** Bytes summarized (the range's length). */
  total: number;
  /** Shannon entropy of the range, bits per byte (0..8). */
  entropy: number;
  /** Each region's length (the last may be shorter; trailing regions of a short range are empty). */
  regionBytes: number;
  /** Four counts per region: zero, printable ASCII (0x20-0x7E, tab, LF, CR), 0xFF, other. */
  regionClasses: Uint32Array;
  /** Entropy per region, bits per byte. */
  regionEntropy: Float32Array;
  /** 256 counts per region, with options.histograms. */
  regionHistograms?: Uint32Array;
}

export interface ByteSummaryOptions {
  /** The region indices to count (1 to `regions` of them); the others read 0, and histogram/entropy cover these only. */
  only?: Uint32Array;
  /** Each region's histogram too (regionHistograms). */
  histograms?: boolean;
}

export interface ByteSummaryJob {
  promise: Promise<ByteSummary>;
  /** Stops the job within one chunk (64 KiB): the promise rejects with ERR_STATS_CANCELLED. */
  cancel(): void;
}

export const stats: {
  /**
   * Summarizes [offset, offset + length) of `block` in `regions` equal regions (1 to MAX_REGIONS)
   * on a worker thread. Rejects with ERR_SHM_RANGE (outside the block), ERR_SHM_TRUNCATED (it
   * shrank; newSize), ERR_SHM_CLOSED. It never waits for the block's lock: writers go on while it counts.
   */
  summarize(block: Block, offset: number, length: number, regions: number, options?: ByteSummaryOptions): ByteSummaryJob;
  readonly MAX_REGIONS: number;
};
