// The CLI is one more host of the core: it talks to an InspectorCore in its
// own process through the same contract calls the windows use, so every
// check and every behaviour is the app's, not a second implementation.
import { ContractError, MAX_READ_LENGTH, type BlockInfo } from '../../src-shared/contract';
import { createInProcessApi, type InProcessApi } from '../core/in-process-transport';
import { InspectorCore } from '../core/inspector-core';

export interface Session {
  api: InProcessApi;
  dispose(): void;
}

export function openSession(): Session {
  const core = new InspectorCore({ host: 'terminal' });
  const api = createInProcessApi(core, 'cli');
  return {
    api,
    dispose: () => {
      api.close();
      core.dispose();
    },
  };
}

/**
 * Opens an existing block to look at it, read-only: creates nothing (no
 * object, no lock companion) and takes no lock, so `dump`, `watch`, `get` and
 * `diff` leave the system as they found it. `sysv:<id>` names a System V
 * segment. The one place that says how the CLI opens a block for reading.
 */
export function openForInspection(api: InProcessApi, name: string): Promise<BlockInfo> {
  return api.call('openBlock', { name, readOnly: true });
}

/** Opens an existing block to change it (set, unlink); never creates one. */
export function openForChange(api: InProcessApi, name: string): Promise<BlockInfo> {
  return api.call('openBlock', { name, create: false });
}

/** Bytes [offset, offset + length) of an open block, read in contract-sized pieces. */
export async function* readChunks(api: InProcessApi, name: string, offset: number, length: number): AsyncGenerator<Uint8Array> {
  for (let at = offset; at < offset + length; at += MAX_READ_LENGTH) {
    const piece = Math.min(MAX_READ_LENGTH, offset + length - at);
    yield (await api.call('read', { name, offset: at, length: piece })).bytes;
  }
}

export async function readAll(api: InProcessApi, name: string, offset: number, length: number): Promise<Uint8Array> {
  const whole = new Uint8Array(length);
  let filled = 0;
  for await (const piece of readChunks(api, name, offset, length)) {
    whole.set(piece, filled);
    filled += piece.length;
  }
  return whole;
}

/** A failure the CLI reports: a contract code, a message, and its exit status. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export const EXIT = { ok: 0, differences: 1, notFound: 2, refused: 3, usage: 64, failure: 70 } as const;

/** The documented exit status of a contract error code. */
export function exitCodeFor(code: string): number {
  if (code === 'ERR_SHM_NOT_FOUND') return EXIT.notFound;
  // Permission today; the trust checks' codes (unsafe, read-only, busy) as they land.
  if (/PERMISSION|UNSAFE|REFUSED|READ_ONLY|BUSY|OWNER/.test(code)) return EXIT.refused;
  if (['ERR_SHM_ARG', 'ERR_SHM_NAME', 'ERR_SHM_RANGE', 'ERR_SHM_SIZE', 'ERR_BAD_MESSAGE'].includes(code)) return EXIT.usage;
  return EXIT.failure;
}

/** What to do about a refusal, in the CLI's own words (the host's words name no command). */
const WHAT_TO_DO_IN_THE_CLI: Readonly<Partial<Record<string, string>>> = {
  ERR_SHM_UNSAFE: 'dump, get, watch and diff open it read-only',
};

export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ContractError) {
    const whatToDo = WHAT_TO_DO_IN_THE_CLI[error.code];
    return new CliError(error.code, whatToDo ? `${error.message} (${whatToDo})` : error.message, exitCodeFor(error.code));
  }
  return new CliError('ERR_INTERNAL', error instanceof Error ? error.message : String(error), EXIT.failure);
}

export function usageError(message: string): CliError {
  return new CliError('ERR_SHM_ARG', message, EXIT.usage);
}
