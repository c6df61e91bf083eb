// The one contract between the UI and the main process.
//
// Every call and event the renderer uses is declared here, once. The Electron
// handlers, the preload bridge, the browser host and the renderer's clients are
// all derived from these declarations, so a new call is added in this file and
// the compiler points at every place that must serve it.
//
// This file is shared with the renderer: it must stay free of Node and Electron
// imports.

export type Backend = 'posix' | 'win32';

/** Which host serves the contract; the renderer shows it but never branches on it. */
export type HostKind = 'electron' | 'browser' | 'in-process';

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
  };
}

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
  /** Forgets finished children; running ones stay. */
  clearChildren: { args: Record<string, never>; result: { cleared: number } };
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
};
export const CALL_NAMES = Object.keys(callNameSet) as CallName[];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(callNameSet, value);
}

export interface BlockChangedEvent {
  name: string;
  /** Only ranges inside what the receiving window watches, with their new bytes. */
  ranges: ByteRange[];
  /** Epoch milliseconds (with fraction) when the watcher saw the change. */
  detectedAt: number;
}

/** Every event: its payload. */
export interface ContractEvents {
  blockChanged: BlockChangedEvent;
  childUpdated: ChildInfo;
}

export type EventName = keyof ContractEvents;

const eventNameSet: { [K in EventName]: true } = {
  blockChanged: true,
  childUpdated: true,
};
export const EVENT_NAMES = Object.keys(eventNameSet) as EventName[];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(eventNameSet, value);
}

/** Codes a call can fail with. The native ERR_SHM_* codes pass through unchanged. */
export type ErrorCode =
  | 'ERR_SHM_ARG'
  | 'ERR_SHM_NAME'
  | 'ERR_SHM_SIZE'
  | 'ERR_SHM_SIZE_MISMATCH'
  | 'ERR_SHM_RANGE'
  | 'ERR_SHM_NOT_FOUND'
  | 'ERR_SHM_PERMISSION'
  | 'ERR_SHM_CLOSED'
  | 'ERR_SHM_SYSTEM'
  | 'ERR_SHM_BUSY'
  | 'ERR_SHM_NO_SPACE'
  | 'ERR_SHM_FAULT'
  | 'ERR_SHM_UNSAFE'
  | 'ERR_SHM_READ_ONLY'
  | 'ERR_SHM_UNSUPPORTED'
  | 'ERR_BAD_MESSAGE'       // a malformed message: unknown call, arguments not an object
  | 'ERR_BLOCK_NOT_OPEN'    // a call names a block that was not opened through openBlock
  | 'ERR_CHILD_LIMIT'       // launching would pass the cap on concurrent children
  | 'ERR_CHILD_SPAWN'       // the reader executable could not be started
  | 'ERR_UNAVAILABLE'       // the host is unreachable (set by clients, never by core)
  | 'ERR_INTERNAL';

export interface ContractErrorShape {
  code: ErrorCode;
  message: string;
}

/** The envelope every transport carries a call's outcome in (Electron's invoke drops error codes). */
export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: ContractErrorShape };

export class ContractError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ContractError';
    this.code = code;
  }
}

/**
 * What the renderer holds. Each host provides one: the preload bridge in
 * Electron, an HTTP + server-sent-events client in the browser, the core itself
 * in tests.
 */
export interface InspectorApi {
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>>;
  /** Returns a function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void;
}
