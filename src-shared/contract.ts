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

import type { ContractErrorShape } from './errors';

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
  /** Forgets finished children (of the block `name` only, when given); running ones stay. */
  clearChildren: { args: { name?: string }; result: { cleared: number } };
  /** Every shared memory object on the machine (POSIX, System V, Windows sections), filtered and sorted. */
  listBlocks: { args: ListBlocksArgs; result: SharedMemoryListing };
  /** The calling window no longer uses the block; it is closed once no window uses it. */
  closeBlock: { args: BlockRef; result: { closed: boolean } };
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
  closeBlock: true,
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

/** Every event: its payload. */
export interface ContractEvents {
  blockChanged: BlockChangedEvent;
  childUpdated: ChildInfo;
  blockUnlinked: BlockUnlinkedEvent;
  blockBusy: BlockBusyEvent;
}

export type EventName = keyof ContractEvents;

const eventNameSet: { [K in EventName]: true } = {
  blockChanged: true,
  childUpdated: true,
  blockUnlinked: true,
  blockBusy: true,
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
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>>;
  /** Returns a function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void;
}
