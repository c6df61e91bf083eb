// The one contract between the UI and the main process.
//
// Every call and event the renderer uses is declared here, once. The Electron
// channels, the preload's transport, the browser host's routes and the one
// contract client (contract-client.ts) are all derived from these
// declarations, so a new call is added in this file and the compiler points at
// every place that must serve it (InspectorCore's handlers).
//
// This file is shared by every process: it must stay free of Node, DOM and
// Electron imports.

import type { ContractErrorShape, ErrorCode } from './errors';

/** The error codes and ContractError live in errors.ts; the contract re-exports them. */
export * from './errors';

import type { ListBlocksArgs, SharedMemoryListing } from './listing';

export type * from './listing';

export type Backend = 'posix' | 'win32';

/**
 * Which host serves the contract; the renderer shows it but never branches on
 * it. Only hosts a user can run: a core that tests or the benchmark run in
 * process says which host it stands in for.
 */
export type HostKind = 'electron' | 'browser' | 'terminal';

export interface BlockRef {
  /** The block's name as the user typed it (`dllmemfilemap` by default). */
  name: string;
}

export interface OpenBlockArgs {
  name: string;
  /** Bytes. Required to create; with `create: false` it may be left out to take the block's real size. */
  size?: number;
  /**
   * true (default): create-or-open, like the original DLL. false: open a block
   * that already exists, or fail with ERR_SHM_NOT_FOUND and create nothing.
   */
  create?: boolean;
  /**
   * Traceless look: map the existing object read-only, create nothing (no
   * object, no lock companion), take no lock (reads may tear). Set, write and
   * unlink then fail with ERR_SHM_READ_ONLY. A name `sysv:<id>` (decimal id)
   * opens System V segment <id>, always read-only.
   */
  readOnly?: boolean;
}

/** Names of this form open a System V segment by id (read-only): `sysv:<id>`. */
export const SYSV_NAME_PATTERN = /^sysv:([0-9]{1,10})$/;

/** The name openBlock takes for System V segment `id`. */
export function sysvBlockName(id: number): string {
  return `sysv:${id}`;
}

export interface BlockInfo {
  name: string;
  size: number;
  backend: Backend;
  /** true when this app's process created (and zero-filled) the object. */
  createdHere: boolean;
  /** The name system tools show: `/dev/shm/<name>`, or the Windows object name. */
  systemName: string;
  /** POSIX objects outlive every process until unlinked; Windows ones do not. */
  persistsUntilUnlinked: boolean;
  /** Text capacity in UTF-16 code units, not counting the NUL (size/2 - 1). */
  capacityUnits: number;
  /** Mapped read-only (readOnly open, or a System V segment): Set, write and unlink are refused. */
  readOnly: boolean;
  /** Whether reads and writes take our cross-process lock; false means reads of a block being written may tear. */
  locked: boolean;
}

export interface SetStringArgs extends BlockRef {
  text: string;
}

export interface SetStringResult {
  /** UTF-16 code units stored, not counting the NUL. */
  units: number;
  truncated: boolean;
  capacityUnits: number;
}

export interface GetStringArgs extends BlockRef {
  /** The original GetSharedMem's cch: at most cch - 1 units come back. Default: the whole capacity. */
  cch?: number;
}

export interface GetStringResult {
  text: string;
  units: number;
}

export interface ReadArgs extends BlockRef {
  offset: number;
  length: number;
}

export interface ByteRange {
  offset: number;
  bytes: Uint8Array;
}

export interface WriteArgs extends BlockRef {
  offset: number;
  bytes: Uint8Array;
}

export interface WriteResult {
  written: number;
}

/** Write `bytes` at `offset` only if the block there still holds `expect` (same length). */
export interface WriteIfUnchangedArgs extends BlockRef {
  offset: number;
  expect: Uint8Array;
  bytes: Uint8Array;
}

export interface WriteIfUnchangedResult {
  /** false: the block no longer held `expect` there, and nothing was written. */
  written: boolean;
  /** The bytes the block held at `offset` when compared (the same length as `expect`). */
  found: Uint8Array;
}

export interface UnlinkResult {
  /** false when there was no name to remove (already unlinked, or Windows). */
  unlinked: boolean;
}

/**
 * What one window is looking at. The watcher compares only the watched ranges,
 * so its cost follows what windows show, not the size of the block.
 */
export interface WatchArgs extends BlockRef {
  offset: number;
  length: number;
}

/** The largest range one window may watch (and one read may return). */
export const MAX_WATCH_LENGTH = 1 << 20;
export const MAX_READ_LENGTH = 1 << 20;

export type ReaderKind = 'native' | 'node';

export interface LaunchReadersArgs extends BlockRef {
  kind: ReaderKind;
  /** How many children to start at once (a batch). Default 1. */
  count?: number;
}

export type ChildState = 'running' | 'exited' | 'killed' | 'failed';

export interface ChildInfo {
  /** Unique within one run of the app. */
  id: number;
  kind: ReaderKind;
  blockName: string;
  pid: number | null;
  state: ChildState;
  /** Epoch milliseconds. */
  startedAt: number;
  /** Milliseconds from start to exit; null while running. */
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
  /** true when the launcher killed it for running past its timeout. */
  timedOut: boolean;
  /** Bounded; `outputTruncated` says when the child printed more. */
  stdout: string;
  stderr: string;
  outputTruncated: boolean;
}

export interface HelloResult {
  host: HostKind;
  platform: string;
  appVersion: string;
  defaultBlock: { name: string; size: number };
  /** Limits the UI shows and checks before it asks. */
  limits: {
    maxSize: number;
    maxNameLength: number;
    maxReadLength: number;
    maxWatchLength: number;
    maxBatch: number;
    maxConcurrentChildren: number;
    /** Blocks up to this size have whole-block history; larger ones record the watched rows only. */
    wholeBlockHistoryMaxBytes: number;
  };
}

/** A value scan's type: 8- to 64-bit integers, signed or not, f32, f64. */
/** A number's type as Find and the value scan read it: 8- to 64-bit integers, signed or not, f32, f64. */
export type NumberType = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64';
export type ScanType = NumberType;
export const SCAN_TYPES: readonly ScanType[] = ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64', 'f32', 'f64'];
export type ScanFirstMode = 'exact' | 'range' | 'unknown';
export type ScanNextMode = 'changed' | 'unchanged' | 'increased' | 'decreased' | 'increasedBy' | 'decreasedBy' | 'exact' | 'range';

/**
 * Scan values travel as decimal text ("42", "-1.5", "18446744073709551615"):
 * 64-bit integers do not fit a JSON number. `value` for exact, `min`/`max`
 * for range, `by` for increasedBy/decreasedBy.
 */
export interface ScanOperands {
  value?: string;
  min?: string;
  max?: string;
  by?: string;
}

export interface ScanFirstArgs extends BlockRef, ScanOperands {
  type: ScanType;
  endianness: 'little' | 'big';
  /** true: starts at multiples of the type's width only. */
  aligned: boolean;
  mode: ScanFirstMode;
}

export interface ScanNextArgs extends BlockRef, ScanOperands {
  mode: ScanNextMode;
}

export interface ScanStatus {
  name: string;
  type: ScanType;
  endianness: 'little' | 'big';
  aligned: boolean;
  /** Candidates left after the last step. */
  count: number;
  /** Native memory the candidates take. */
  memoryBytes: number;
  /** Steps done: 1 after the first scan. */
  steps: number;
}

export interface ScanCandidatesArgs extends BlockRef {
  /** Index of the first candidate (offset order). */
  from: number;
  /** At most MAX_SCAN_PAGE. */
  max: number;
}

export interface ScanCandidate {
  offset: number;
  /** The value at the last scan, as decimal text. */
  previous: string;
  /** The value now, read for this answer. */
  current: string;
}

export interface ScanCandidatesResult {
  total: number;
  from: number;
  candidates: ScanCandidate[];
}

/** The most candidates one scanCandidates call returns, and the sessions one window may hold (one per block). */
export const MAX_SCAN_PAGE = 1000;
export const MAX_SCAN_SESSIONS_PER_CLIENT = 4;

export interface ScanProgressEvent {
  name: string;
  /** Bytes scanned so far, and how many there are. */
  done: number;
  total: number;
}

/** What the user asked Find for; the main process compiles it (src-main/core/search/patterns.ts). */
export type FindTextEncoding = 'ascii' | 'utf8' | 'utf16le' | 'utf16be';
export type FindNumberType = NumberType;
export type FindPattern =
  | { kind: 'hex'; text: string }
  | { kind: 'text'; text: string; encoding: FindTextEncoding; caseInsensitive?: boolean }
  /** `value` as typed (decimal; 64-bit integers keep every digit). */
  | { kind: 'number'; value: string; type: FindNumberType; endianness: 'little' | 'big' };

export interface FindArgs extends BlockRef {
  /**
   * Chosen by the caller: its findProgress events carry it, so a window tells
   * its current search's progress from a superseded one's. (Cancel is the
   * call's signal, not this id.)
   */
  searchId: string;
  pattern: FindPattern;
  /** Offsets returned (every match is counted). Default and cap: MAX_FIND_RESULTS. */
  maxResults?: number;
}

export const MAX_FIND_RESULTS = 100_000;

export interface FindResult {
  searchId: string;
  /** Every match in the block. */
  count: number;
  /** The first maxResults match offsets, ascending. */
  offsets: number[];
  truncated: boolean;
  /** Bytes of the compiled pattern: each match covers [offset, offset + patternLength). */
  patternLength: number;
}

export interface FindProgressEvent {
  searchId: string;
  name: string;
  /** Bytes searched so far, and how many there are. */
  done: number;
  total: number;
  matches: number;
}

export interface SelectionDigests {
  length: number;
  /** Unsigned 32-bit values. */
  crc32: number;
  adler32: number;
  /** Lower-case hex. */
  sha256: string;
}

// ---- Byte statistics and the block map (issue 24) ------------------------

/** byteStats: a range of the block (default: all of it). */
export interface ByteStatsArgs {
  name: string;
  offset?: number;
  length?: number;
  /** The ranges changed since this window's previous byteStats of the same range began: only they are counted again (omit: all). */
  changed?: ChangedRange[];
}

/** The histogram, entropy and byte classes of a range (the Statistics panel, `shm-inspector stats`). */
export interface ByteStats {
  name: string;
  offset: number;
  length: number;
  /** Count of each byte value 0..255. */
  histogram: number[];
  /** Shannon entropy, bits per byte (0: one value only; 8: every value equally often). */
  entropy: number;
  /** 0x00. */
  zero: number;
  /** Printable ASCII 0x20-0x7E, and tab, LF, CR. */
  printable: number;
  /** 0x80-0xFF (0xFF included). */
  high: number;
  /** 0xFF alone. */
  ff: number;
  /** The rest: control bytes 0x01-0x1F and 0x7F, less tab, LF, CR. */
  control: number;
}

/** blockMap: `regions` equal regions (1 to MAX_STATS_REGIONS) of a range (default: the whole block). */
export interface BlockMapArgs {
  name: string;
  regions: number;
  offset?: number;
  length?: number;
  /** The ranges changed since this window's previous blockMap of the same regions began: only their regions are counted again (omit: all). */
  changed?: ChangedRange[];
}

/** Each region's byte classes and entropy (the block map). */
export interface BlockMapResult {
  name: string;
  offset: number;
  length: number;
  /** Region i covers [offset + i * regionBytes, min(offset + length, that + regionBytes)). */
  regionBytes: number;
  /** Four counts per region, in this order: zero, printable (0x20-0x7E, tab, LF, CR), 0xFF, other. */
  classes: number[];
  /** Bits per byte, per region. */
  entropy: number[];
}

/** The most regions one blockMap call may ask for (the native engine's cap, kMaxStatsRegions). */
export const MAX_STATS_REGIONS = 4096;
/** A range a window heard changed (byteStats and blockMap `changed`). */
export interface ChangedRange {
  offset: number;
  length: number;
}
/** The most `changed` ranges one byteStats or blockMap call may carry (more: send their span, or omit them). */
export const MAX_STATS_CHANGED_RANGES = 1024;

// ---- History and baseline differences (issue 11) -------------------------

/** One change the watcher saw in a watched range: its bytes before and after. */
export interface HistoryEntry {
  /** Epoch milliseconds when the watcher saw it (the same clock as blockChanged's detectedAt). */
  time: number;
  offset: number;
  before: Uint8Array;
  after: Uint8Array;
}

/** How much history a block has, and from when it is complete. */
export interface HistoryInfo {
  name: string;
  count: number;
  /** Memory the kept changes take, counted against budgetBytes. */
  bytes: number;
  budgetBytes: number;
  /** The earliest time whose bytes can be rebuilt: when recording began, or the newest dropped change. */
  completeSince: number;
  /** How many of the oldest changes were dropped to stay in budget. */
  dropped: number;
  /** The newest change's time; null when nothing was recorded. */
  newest: number | null;
  /**
   * Spans the watcher coalesced (the host's JavaScript stalled and its queue of
   * changes filled): each span's changes are one change at `until`, from the
   * bytes as they were at `since`; the states between are unknown. The latest
   * MAX_HISTORY_GAPS spans, oldest first.
   */
  coalesced: HistoryGap[];
  /**
   * Whether the history covers the whole block (blocks up to
   * hello's limits.wholeBlockHistoryMaxBytes) or only the rows windows watched
   * while it happened (larger blocks).
   */
  wholeBlock: boolean;
}

export interface HistoryGap {
  since: number;
  until: number;
  /** Polls that saw a change inside the span. */
  polls: number;
}

/** Coalesced spans historyInfo keeps per block (the oldest are forgotten). */
export const MAX_HISTORY_GAPS = 32;

/** A window of the history: changes with since < time <= until that touch [offset, offset + length). */
export interface ReadHistoryArgs extends BlockRef {
  since?: number;
  until?: number;
  offset?: number;
  length?: number;
  /** Index of the first matching change to return (paging); default 0. */
  start?: number;
  /** At most this many changes (1..MAX_HISTORY_PAGE, default MAX_HISTORY_PAGE). */
  max?: number;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** How many changes match in all. */
  total: number;
  /** `start` of the next page; null on the last. */
  next: number | null;
  completeSince: number;
}

export interface HistoryTimesArgs extends BlockRef {
  offset: number;
  length: number;
  /** The newest `max` distinct times (1..MAX_HISTORY_TIMES, default MAX_HISTORY_TIMES). */
  max?: number;
  /** Epoch milliseconds: only times after it (a timeline that knows the times until then asks for the new ones). */
  after?: number;
}

export interface HistoryTimes {
  /** Distinct times of changes touching the range, oldest first. */
  times: number[];
  completeSince: number;
}

export interface BytesAtArgs extends BlockRef {
  offset: number;
  length: number;
  /** Epoch milliseconds: the bytes after every change at or before it. */
  time: number;
}

export interface ExportHistoryArgs extends BlockRef {
  /** Index of the first line of this page (the previous page's `next`); default 0. */
  start?: number;
}

export interface HistoryExportPage {
  /**
   * JSON Lines, one change per line: {"time","offset","before","after"} with hex
   * bytes; a change of more than 256 KiB is several lines (consecutive pieces,
   * same time). At most 2 MiB of text a page (MAX_EXPORT_PAGE_BYTES).
   */
  text: string;
  lines: number;
  /** `start` of the next page; null on the last. */
  next: number | null;
}

export interface BaselineInfo {
  name: string;
  size: number;
  takenAt: number;
}

export interface DifferencesArgs extends BlockRef {
  start?: number;
  /** At most this many ranges (1..MAX_DIFFERENCE_PAGE, default MAX_DIFFERENCE_PAGE). */
  max?: number;
}

/** The ranges of the block that differ from its baseline now. */
export interface DifferencesPage {
  baselineTakenAt: number;
  checkedAt: number;
  ranges: { offset: number; length: number }[];
  /** Every differing range (up to MAX_DIFFERENCE_RANGES), and every differing byte. */
  totalRanges: number;
  totalBytes: number;
  /** true when more than MAX_DIFFERENCE_RANGES ranges differ (the rest are counted in totalBytes only). */
  rangesCapped: boolean;
  next: number | null;
}

/** Where in the whole block something changed (a coarse detector, not only the watched ranges). */
export interface ChangeMarks {
  /** The detector's granularity, bytes. */
  regionSize: number;
  /** Regions whose bytes changed after `since`, with the time each was last seen changing. */
  regions: { offset: number; length: number; changedAt: number }[];
  /** When the detector last finished a pass over the whole block (0 before its first); now, for a block the watcher sees whole. */
  checkedAt: number;
}

export interface ChangeMarksArgs extends BlockRef {
  since?: number;
  follow?: boolean;
}

/** A followed block's marks moved (a region newly changed, or changed again): every marked region, as changeMarks answers without `since`. */
export interface MarksChangedEvent extends ChangeMarks {
  name: string;
}

export const MAX_HISTORY_PAGE = 1000;
export const MAX_HISTORY_TIMES = 4096;
export const MAX_DIFFERENCE_PAGE = 1000;
export const MAX_DIFFERENCE_RANGES = 1_000_000;
/** The largest block a baseline can snapshot. */
export const MAX_BASELINE_SIZE = 256 * 1024 * 1024;

/** Every call: its arguments and its result. */
export interface ContractCalls {
  hello: { args: Record<string, never>; result: HelloResult };
  openBlock: { args: OpenBlockArgs; result: BlockInfo };
  info: { args: BlockRef; result: BlockInfo };
  setString: { args: SetStringArgs; result: SetStringResult };
  getString: { args: GetStringArgs; result: GetStringResult };
  read: { args: ReadArgs; result: ByteRange };
  write: { args: WriteArgs; result: WriteResult };
  unlink: { args: BlockRef; result: UnlinkResult };
  /** Sets what the calling window watches; its blockChanged events cover this range only. */
  watch: { args: WatchArgs; result: ByteRange };
  launchReaders: { args: LaunchReadersArgs; result: ChildInfo[] };
  listChildren: { args: Record<string, never>; result: ChildInfo[] };
  /** Forgets finished children (of the block `name` only, when given); running ones stay. */
  clearChildren: { args: { name?: string }; result: { cleared: number } };
  /** Every shared memory object on the machine (POSIX, System V, Windows sections), filtered and sorted. */
  listBlocks: { args: ListBlocksArgs; result: SharedMemoryListing };
  /** Value scan, per window and block: a first scan starts (or restarts) the window's session on the block. Cancellable. */
  scanFirst: { args: ScanFirstArgs; result: ScanStatus };
  /** Narrows the candidates of the window's session; progress comes as scanProgress events. Cancellable (the previous candidates are kept). */
  scanNext: { args: ScanNextArgs; result: ScanStatus };
  /** A page of the window's candidates with their values at the last scan and now. */
  scanCandidates: { args: ScanCandidatesArgs; result: ScanCandidatesResult };
  /** Frees the window's session on the block. */
  scanRelease: { args: BlockRef; result: { released: boolean } };
  /** Searches the whole block off the main thread; findProgress events meanwhile. A client's new find cancels its previous one. Cancellable. */
  find: { args: FindArgs; result: FindResult };
  /** Length, CRC-32, Adler-32 and SHA-256 of a range of any length, read in chunks. Cancellable. */
  digest: { args: { name: string; offset: number; length: number }; result: SelectionDigests };
  // History and baseline differences (issue 11)
  historyInfo: { args: BlockRef; result: HistoryInfo };
  readHistory: { args: ReadHistoryArgs; result: HistoryPage };
  historyTimes: { args: HistoryTimesArgs; result: HistoryTimes };
  /** A range as it was at `time`, rebuilt from its bytes now and the history (ERR_HISTORY_INCOMPLETE before completeSince). */
  bytesAt: { args: BytesAtArgs; result: ByteRange & { time: number } };
  exportHistory: { args: ExportHistoryArgs; result: HistoryExportPage };
  /** Snapshots the whole block (up to MAX_BASELINE_SIZE) in the main process. */
  takeBaseline: { args: BlockRef; result: BaselineInfo };
  differences: { args: DifferencesArgs; result: DifferencesPage };
  /**
   * Regions of the whole block changed after `since`; asking keeps the coarse detector running for a few seconds.
   * `follow: true` also sends this window a marksChanged event whenever the marks move, until `follow: false`,
   * closeBlock or disconnect (one followed block per window: following another stops the first).
   */
  changeMarks: { args: ChangeMarksArgs; result: ChangeMarks };
  /**
   * Compare-and-write, for undo and redo: writes only where the block still
   * holds what this window last wrote there. The compare and the write run in
   * one synchronous step of the core, so no other call of this host comes between.
   */
  writeIfUnchanged: { args: WriteIfUnchangedArgs; result: WriteIfUnchangedResult };
  /** The calling window no longer uses the block; it is closed once no window uses it. */
  closeBlock: { args: BlockRef; result: { closed: boolean } };
  /** The calling window is shown or hidden (document.visibilityState): a block every window of which is hidden is polled only as often as its History needs (HIDDEN_POLL_MS). */
  setVisibility: { args: { visible: boolean }; result: { visible: boolean } };
  /** Histogram, entropy and byte classes of a range, computed off the main thread. Cancellable; a client's newer one cancels its previous. */
  byteStats: { args: ByteStatsArgs; result: ByteStats };
  /** Classes and entropy of equal regions of a range, off the main thread. Cancellable; a client's newer one cancels its previous. */
  blockMap: { args: BlockMapArgs; result: BlockMapResult };
}

export type CallName = keyof ContractCalls;
export type CallArgs<K extends CallName> = ContractCalls[K]['args'];
export type CallResult<K extends CallName> = ContractCalls[K]['result'];

/** Written as a map so the compiler rejects a missing or extra call name. */
const callNameSet: { [K in CallName]: true } = {
  hello: true,
  openBlock: true,
  info: true,
  setString: true,
  getString: true,
  read: true,
  write: true,
  unlink: true,
  watch: true,
  launchReaders: true,
  listChildren: true,
  clearChildren: true,
  listBlocks: true,
  scanFirst: true,
  scanNext: true,
  scanCandidates: true,
  scanRelease: true,
  find: true,
  digest: true,
  historyInfo: true,
  readHistory: true,
  historyTimes: true,
  bytesAt: true,
  exportHistory: true,
  takeBaseline: true,
  differences: true,
  changeMarks: true,
  writeIfUnchanged: true,
  closeBlock: true,
  setVisibility: true,
  byteStats: true,
  blockMap: true,
};
export const CALL_NAMES = Object.keys(callNameSet) as CallName[];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(callNameSet, value);
}

/**
 * The calls the host can stop when their caller's signal aborts, with the
 * code each then fails with. The host keeps a cancel handle for these only; an
 * aborted call of any other kind runs to its end and its caller gets
 * ERR_CANCELLED.
 */
export const CANCELLABLE_CALLS = {
  find: 'ERR_SEARCH_CANCELLED',
  scanFirst: 'ERR_SCAN_CANCELLED',
  scanNext: 'ERR_SCAN_CANCELLED',
  digest: 'ERR_DIGEST_CANCELLED',
  byteStats: 'ERR_STATS_CANCELLED',
  blockMap: 'ERR_STATS_CANCELLED',
} as const satisfies Partial<Record<CallName, ErrorCode>>;

export type CancellableCall = keyof typeof CANCELLABLE_CALLS;

export function isCancellableCall(name: CallName): name is CancellableCall {
  return Object.prototype.hasOwnProperty.call(CANCELLABLE_CALLS, name);
}

/** The code a cancelled call fails with. */
export function cancelCodeOf(name: CallName): ErrorCode {
  return isCancellableCall(name) ? CANCELLABLE_CALLS[name] : 'ERR_CANCELLED';
}

/** How a caller may steer one call. */
export interface CallOptions {
  /** Aborting it cancels the call: the host stops a cancellable call's work, and the call fails with its cancel code. */
  signal?: AbortSignal;
}

export interface BlockChangedEvent {
  name: string;
  /** Only ranges inside what the receiving window watches, with their new bytes. */
  ranges: ByteRange[];
  /** Epoch milliseconds (with fraction) when the watcher saw the change. */
  detectedAt: number;
}

/**
 * A command chosen from the Electron app's menu (`undo`, `redo`, ...), sent by
 * the main process to the focused window only; the browser host never sends it.
 */
export interface MenuCommandEvent {
  command: string;
}

/** A block's name was removed (by a window, the CLI in this host, or another program): open views now show an object no one else can open. */
export interface BlockUnlinkedEvent {
  name: string;
}

/**
 * A block's lock stays held past its deadline (holder: who, e.g. `pid 42
 * (python3)`, or "another process"), or is free again (holder: null). Sent on
 * a change only, at most twice a second per block.
 */
export interface BlockBusyEvent {
  name: string;
  holder: string | null;
}

/**
 * Another process shrank a block while it was open (size: its size now, in
 * bytes): bytes past its new end are gone, and reads of them fail with
 * ERR_SHM_TRUNCATED. Sent to every window once per block and size.
 */
export interface BlockShrankEvent {
  name: string;
  size: number;
}

/** Every event: its payload. */
export interface ContractEvents {
  blockChanged: BlockChangedEvent;
  childUpdated: ChildInfo;
  /** To the window whose scan step is running. */
  scanProgress: ScanProgressEvent;
  /** To the client whose find runs, after each chunk searched. */
  findProgress: FindProgressEvent;
  /** Electron: a menu item was chosen in this window (`find`, `findNext`, `findPrevious`, `export`, `import`, `undo`, `redo`); the page acts as its own control would. */
  menuCommand: MenuCommandEvent;
  blockUnlinked: BlockUnlinkedEvent;
  blockBusy: BlockBusyEvent;
  blockShrank: BlockShrankEvent;
  /** To the windows that follow the block's change marks (changeMarks with follow: true), at most four times a second per block. */
  marksChanged: MarksChangedEvent;
}

export type EventName = keyof ContractEvents;

const eventNameSet: { [K in EventName]: true } = {
  blockChanged: true,
  childUpdated: true,
  scanProgress: true,
  findProgress: true,
  menuCommand: true,
  blockUnlinked: true,
  blockBusy: true,
  blockShrank: true,
  marksChanged: true,
};
export const EVENT_NAMES = Object.keys(eventNameSet) as EventName[];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(eventNameSet, value);
}

/** The envelope every transport carries a call's outcome in: the error's code is data, which every transport keeps (a thrown Error's properties do not cross Electron's IPC or contextBridge). */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: ContractErrorShape };

/**
 * What the renderer holds. Each host provides one: the preload bridge in
 * Electron, an HTTP + server-sent-events client in the browser, the core itself
 * in tests.
 */
export interface InspectorApi {
  call<K extends CallName>(name: K, args: CallArgs<K>, options?: CallOptions): Promise<CallResult<K>>;
  /** Subscribes this client to the event (the host sends a client only the events it listens to); returns a function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void;
}
