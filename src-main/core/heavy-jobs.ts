// The host-wide cap on heavy jobs (finds, scan steps, digests): at most
// MAX_HEAVY_JOBS run at once, up to MAX_WAITING_HEAVY_JOBS more wait in
// arrival order, and one more is refused with ERR_JOB_LIMIT. A job's native
// chunks run on libuv's pool (four threads): without the cap, four
// pathological finds took every thread and listBlocks and the browser host's
// pages timed out behind them. A waiting job whose signal aborts leaves the
// queue at once.
import { ContractError } from '../../src-shared/contract';
import { MAX_HEAVY_JOBS, MAX_WAITING_HEAVY_JOBS } from './limits';

interface Waiter {
  start: () => void;
}

export class HeavyJobs {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly maxRunning = MAX_HEAVY_JOBS,
    private readonly maxWaiting = MAX_WAITING_HEAVY_JOBS,
  ) {}

  /** Runs `job` once a slot is free; rejects with ERR_JOB_LIMIT when the queue is full, or the signal's reason. */
  async run<T>(what: string, signal: AbortSignal | undefined, job: () => Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    if (this.running >= this.maxRunning) await this.waitForSlot(what, signal);
    else this.running++;
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  /** Jobs running and waiting now (tests, diagnostics). */
  counts(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private waitForSlot(what: string, signal: AbortSignal | undefined): Promise<void> {
    if (this.waiting.length >= this.maxWaiting) {
      throw new ContractError(
        'ERR_JOB_LIMIT',
        `the host already runs ${this.running} and queues ${this.waiting.length} finds, scans and digests; ${what} was refused (wait for one or cancel one)`,
      );
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A job ended: its slot goes to the oldest waiter (the running count stays), or is freed. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.running--;
  }
}
