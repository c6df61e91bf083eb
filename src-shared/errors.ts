// Every code a call can fail with, declared once. The TypeScript side of the
// project reads codes from here only; the C++ side spells the native ones in
// native/src/shm_error.cc, and tests/core/error-codes.test.ts checks that both
// lists agree. src-main/core/native-errors.ts fails to compile while a code of
// native/index.d.ts (ShmErrorCode) has no entry here.
//
// Pure (no imports): shared with the renderer, which shows the code to users.

/** Where a code comes from: the addon (passed through unchanged), the core, or a client that could not reach the host. */
type Origin = 'native' | 'core' | 'client';

/** Each code with its origin and what it means. */
export const ERROR_CODES = {
  ERR_SHM_ARG: { origin: 'native', meaning: 'an argument of the wrong type' },
  ERR_SHM_NAME: { origin: 'native', meaning: 'a block name that is empty, too long, or holds a refused character' },
  ERR_SHM_SIZE: { origin: 'native', meaning: 'a size that is 0, negative, fractional, or above the limit' },
  ERR_SHM_SIZE_MISMATCH: { origin: 'native', meaning: 'an existing object has another size' },
  ERR_SHM_RANGE: { origin: 'native', meaning: 'an offset or length outside the block' },
  ERR_SHM_NOT_FOUND: { origin: 'native', meaning: 'open-only, and no such block exists' },
  ERR_SHM_PERMISSION: { origin: 'native', meaning: 'the OS refused access' },
  ERR_SHM_CLOSED: { origin: 'native', meaning: 'a call on a closed block' },
  ERR_SHM_SYSTEM: { origin: 'native', meaning: 'any other OS failure' },
  ERR_SHM_BUSY: { origin: 'native', meaning: "the block's lock stayed held past its deadline; the message names the holder" },
  ERR_SHM_NO_SPACE: {
    origin: 'native',
    meaning: 'the system cannot back the block (shared memory full); the message says how much is free',
  },
  ERR_SHM_FAULT: {
    origin: 'native',
    meaning: 'pages of a foreign block cannot be backed (a sparse object larger than the memory behind it)',
  },
  ERR_SHM_UNSAFE: { origin: 'native', meaning: 'another user owns the object or may write it; open it read-only' },
  ERR_SHM_READ_ONLY: { origin: 'native', meaning: 'a write, Set or Unlink on a block opened read-only' },
  ERR_SHM_UNSUPPORTED: { origin: 'native', meaning: 'this platform cannot do that (for example System V segments off Linux)' },
  ERR_SHM_TRUNCATED: {
    origin: 'native',
    meaning: 'another process shrank the block while it was open; bytes past its new end are gone (the message says its new size)',
  },
  ERR_SHM_NOT_A_BLOCK: {
    origin: 'native',
    meaning: 'the name is a FIFO, symbolic link, directory, socket or device, not a shared memory block',
  },
  ERR_BAD_MESSAGE: { origin: 'core', meaning: 'a malformed message: unknown call, arguments not an object' },
  ERR_BLOCK_NOT_OPEN: { origin: 'core', meaning: 'a call names a block that was not opened through openBlock' },
  ERR_CHILD_LIMIT: { origin: 'core', meaning: 'launching would pass the cap on concurrent children' },
  ERR_CHILD_SPAWN: { origin: 'core', meaning: 'the reader executable could not be started' },
  ERR_SEARCH_PATTERN: {
    origin: 'core',
    meaning: 'a Find pattern that is empty, not hex, not in the encoding, or a number that does not fit its type',
  },
  ERR_SEARCH_CANCELLED: {
    origin: 'core',
    meaning: "the search was cancelled (its caller's signal, a newer find of the same window, or the window went away)",
  },
  ERR_DIGEST_CANCELLED: { origin: 'core', meaning: "the digest was cancelled (its caller's signal, or its window went away)" },
  ERR_STATS_CANCELLED: {
    origin: 'core',
    meaning:
      "the byte statistics or block map was cancelled (its caller's signal, a newer one of the same window, or the window went away)",
  },
  ERR_BLOCK_LIMIT: { origin: 'core', meaning: 'opening would pass the cap on blocks open in one host; close some first' },
  ERR_STREAM_LIMIT: { origin: 'core', meaning: 'the browser host already serves its most event streams (tabs); close some first' },
  ERR_LISTING_LIMIT: {
    origin: 'core',
    meaning: 'a listing reached a cap (a huge /proc/<pid>/maps, too many descriptors or objects); what is past it is left out',
  },
  ERR_INTERNAL: { origin: 'core', meaning: 'a failure the core did not expect; the message says what it was' },
  ERR_SCAN_BUSY: { origin: 'core', meaning: 'a value-scan step is running for this window and block; wait for it or cancel it' },
  ERR_SCAN_VALUE: { origin: 'core', meaning: 'a value-scan value that the chosen type cannot hold, or is not a number' },
  ERR_SCAN_ORDER: { origin: 'core', meaning: 'a next scan, or a candidate listing, without a first scan' },
  ERR_SCAN_CANCELLED: { origin: 'core', meaning: 'the value-scan step was cancelled; the previous candidates are kept' },
  ERR_SCAN_LIMIT: {
    origin: 'core',
    meaning: 'this window, or the host as a whole, already holds the most value-scan sessions (or candidate memory) it may',
  },
  ERR_JOB_LIMIT: {
    origin: 'core',
    meaning: 'the host already runs and queues the most finds, scans and digests it may; wait for one or cancel one',
  },
  ERR_CANCELLED: {
    origin: 'client',
    meaning: 'the caller cancelled a call that has no cancel of its own on the host (set by clients, never by the core)',
  },
  ERR_UNAVAILABLE: { origin: 'client', meaning: 'the host is unreachable or refused the page (set by clients, never by the core)' },
  ERR_HISTORY_INCOMPLETE: {
    origin: 'core',
    meaning: 'a time before the history is complete (older changes were dropped, or recording began later)',
  },
  ERR_NO_BASELINE: { origin: 'core', meaning: 'differences asked for a block that has no baseline' },
  ERR_BASELINE_SIZE: { origin: 'core', meaning: 'the block is larger than a baseline can snapshot (256 MiB)' },
  ERR_INPUT_TOO_LARGE: {
    origin: 'core',
    meaning:
      'an input past its cap, refused before it is parsed or read: a number value, struct text or its nesting, a file to import; the message gives the cap',
  },
  ERR_NOT_A_FILE: { origin: 'client', meaning: 'a file to read is a FIFO, a device, a directory or a socket: only regular files are read' },
} as const satisfies Record<`ERR_${string}`, { origin: Origin; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes the addon throws, which the core passes through unchanged. */
export type NativeErrorCode = { [K in ErrorCode]: (typeof ERROR_CODES)[K]['origin'] extends 'native' ? K : never }[ErrorCode];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

export function isNativeErrorCode(value: unknown): value is NativeErrorCode {
  return isErrorCode(value) && ERROR_CODES[value].origin === 'native';
}

export interface ContractErrorShape {
  code: ErrorCode;
  message: string;
}

/**
 * The one error every failure reaches the UI as, on every transport. Its code
 * travels as data inside the call's outcome envelope (an Error's own properties
 * do not survive Electron's contextBridge), and the contract client revives it.
 */
export class ContractError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ContractError';
    this.code = code;
  }

  toShape(): ContractErrorShape {
    return { code: this.code, message: this.message };
  }
}

/**
 * The one reviver: anything thrown or carried as a wire error (the addon's
 * Error with a code, an outcome's { code, message }, a ContractError) as a
 * ContractError. A known code is kept; a code this build does not know (an
 * addon or host newer than this side) becomes ERR_INTERNAL with the code
 * named in the message, not lost; anything else is ERR_INTERNAL.
 */
export function toContractError(error: unknown): ContractError {
  if (error instanceof ContractError) return error;
  const code = error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  const message = messageOf(error);
  if (isErrorCode(code)) return new ContractError(code, message);
  if (typeof code === 'string' && code.startsWith('ERR_')) {
    return new ContractError('ERR_INTERNAL', `${message} (unknown error code ${code.slice(0, 64)})`);
  }
  return new ContractError('ERR_INTERNAL', message);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error !== null && typeof error === 'object' && 'message' in error) {
    const { message } = error as { message: unknown };
    return typeof message === 'string' ? message : String(message);
  }
  return String(error);
}
