// Timers for the benchmark. Micro-operations are timed in batches: one
// hrtime pair around many calls, so the timer's own cost (tens of ns)
// disappears into the batch.

export function nowNs(): bigint {
  return process.hrtime.bigint();
}

export function elapsedMs(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

/** Epoch milliseconds with sub-millisecond precision; comparable across processes on one machine. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Milliseconds per call for calls too slow to batch (a round trip, a child
 * process): each awaited and timed on its own, after `warmup` untimed calls.
 */
export async function timeEachCall(call: () => unknown, count: number, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await call();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = nowNs();
    await call();
    samples.push(elapsedMs(start));
  }
  return samples;
}

export interface BatchPlan {
  opsPerBatch: number;
  batches: number;
  warmupBatches: number;
}

/** Nanoseconds per operation, one sample per batch. */
export function timeBatches(op: () => unknown, plan: BatchPlan): number[] {
  for (let b = 0; b < plan.warmupBatches; b++) runBatch(op, plan.opsPerBatch);
  const samples: number[] = [];
  for (let b = 0; b < plan.batches; b++) samples.push(runBatch(op, plan.opsPerBatch));
  return samples;
}

/**
 * Like timeBatches for several operations at once, interleaved: each round
 * runs one batch of every operation, so a change in the machine's load during
 * the run weighs on all of them alike and ratios between them stay fair.
 */
export function timeInterleaved<K extends string>(ops: Record<K, () => unknown>, plan: BatchPlan): Record<K, number[]> {
  const names = Object.keys(ops) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < plan.warmupBatches + plan.batches; round++) {
    for (const name of names) {
      const perOp = runBatch(ops[name], plan.opsPerBatch);
      if (round >= plan.warmupBatches) samples[name].push(perOp);
    }
  }
  return samples;
}

/**
 * Like timeInterleaved, for a figure that is a ratio between the operations:
 * each round runs one batch of every operation back to back, in the opposite
 * order every other round (so neither side always follows the other), and the
 * samples of one round sit at the same index, ready to be divided pairwise.
 * Each operation runs in a batch loop of its own (ownBatchLoop).
 */
export function timeAlternating<K extends string>(ops: Record<K, () => unknown>, plan: BatchPlan): Record<K, number[]> {
  const names = Object.keys(ops) as K[];
  const reversed = [...names].reverse();
  const loops = Object.fromEntries(names.map((name) => [name, ownBatchLoop(ops[name])])) as Record<K, (count: number) => number>;
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < plan.warmupBatches + plan.batches; round++) {
    for (const name of round % 2 === 0 ? names : reversed) {
      const perOp = loops[name](plan.opsPerBatch);
      if (round >= plan.warmupBatches) samples[name].push(perOp);
    }
  }
  return samples;
}

/** Where consume() leaves each result: observable from outside, so the optimizer cannot drop the calls. */
export const consumed: { last: unknown } = { last: undefined };

export function consume(value: unknown): void {
  consumed.last = value;
}

/**
 * A batch loop compiled for `op` alone. runBatch is one function for every
 * operation, so its call of op() is polymorphic and V8 optimizes it for
 * whichever operations it saw first: from one process to the next, one
 * operation's batches came out ~30 ns slower than the same code's (the
 * Electron-safe floor at 148 ns in one run, 115 ns in the next, our write
 * steady), which moved the 4 KiB write's ratio from 1.08x to 1.27x. A loop of
 * its own keeps each call monomorphic (with nothing run before it: five runs
 * gave 1.27 to 1.37x, each side of a round slowed alike).
 */
function ownBatchLoop(op: () => unknown): (count: number) => number {
  // new Function: the point is a function V8 compiles apart from every other.
  const loop = new Function(
    'op',
    'consume',
    'count',
    'const start = process.hrtime.bigint(); for (let i = 0; i < count; i++) consume(op()); return Number(process.hrtime.bigint() - start) / count;',
  ) as (op: () => unknown, sink: typeof consume, count: number) => number;
  return (count) => loop(op, consume, count);
}

function runBatch(op: () => unknown, ops: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) consume(op());
  return Number(process.hrtime.bigint() - start) / ops;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function pollUntil<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}
