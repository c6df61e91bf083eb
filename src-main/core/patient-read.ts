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
