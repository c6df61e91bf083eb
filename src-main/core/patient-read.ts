// The host's own long reads (a baseline, a compare, a digest, Find, a value
// scan) wait out a lock that stays busy past one read's deadline, with the
// event loop free.
//
// Every locked call gives up after the block's lock deadline (100 ms) with
// ERR_SHM_BUSY, so a stopped process can never freeze the main process. A
// holder that is merely descheduled (a loaded machine: the watcher's own
// thread, or a writer, preempted while it holds the lock for a microsecond)
// can overrun that deadline too, and a Take baseline or a Find that the user
// asked for should not fail for it. These reads try again every 20 ms, the
// event loop free in between, for up to a second of waiting; a holder that
// keeps the lock longer still gets ERR_SHM_BUSY naming it, as before.

/** What a patient read needs of a block: the native Block has it. */
export interface ReadableBlock {
  readInto(offset: number, target: Uint8Array): void;
}

export interface Patience {
  /** How long to keep trying after the first ERR_SHM_BUSY, in milliseconds. */
  waitMs: number;
  /** The pause between tries, in milliseconds. */
  retryMs: number;
}

export const HOST_READ_PATIENCE: Patience = { waitMs: 1000, retryMs: 20 };

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const isBusy = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'ERR_SHM_BUSY';

/** `block.readInto(offset, target)`, tried again while the lock is busy, up to `patience.waitMs`; other errors at once. */
export async function readIntoPatiently(
  block: ReadableBlock,
  offset: number,
  target: Uint8Array,
  patience: Patience = HOST_READ_PATIENCE,
): Promise<void> {
  const giveUpAt = Date.now() + patience.waitMs;
  for (;;) {
    try {
      block.readInto(offset, target);
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= giveUpAt) throw error;
    }
    await pause(patience.retryMs);
  }
}

/**
 * Bytes a heavy job (Find, a value scan, a digest) copies on the main thread
 * before it lets the event loop run: a 4 MiB chunk copied at once took the
 * loop 30 to 170 ms on a loaded two-core machine, and listBlocks (hundreds of
 * small file-system steps, each waiting for a turn of the loop) then took
 * seconds while two finds ran.
 */
export const READ_SLICE = 1024 * 1024;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** readIntoPatiently in slices of READ_SLICE, the event loop free between them. */
export async function readIntoInSlices(block: ReadableBlock, offset: number, target: Uint8Array): Promise<void> {
  for (let done = 0; done < target.length; done += READ_SLICE) {
    if (done > 0) await nextTurn();
    await readIntoPatiently(block, offset + done, target.subarray(done, Math.min(done + READ_SLICE, target.length)));
  }
}
