// The byteStats and blockMap calls (issue 24): the Statistics panel, the
// block map and `shm-inspector stats`. The native engine (native stats,
// byte_stats.h) reads the block on a worker thread in 256 KiB chunks, bounded
// by its size now and guarded against a shrink; this thread only checks the
// arguments and converts the result, whose size is fixed by the region count,
// so a 256 MiB block costs it what a 4 KiB one does.
//
// Both are cancellable (the caller's signal), take a heavy-job slot (the
// host-wide cap shared with finds, scans and digests), and a client's newer
// call of the same kind cancels its previous one, so a panel that asks again
// while the bytes change never queues behind itself.
import { ContractError, MAX_STATS_REGIONS, toContractError, type BlockMapResult, type ByteStats } from '../../src-shared/contract';
import { abortWith } from './abort';
import type { BlockService } from './block-service';
import { HeavyJobs } from './heavy-jobs';
import type { NativeBlock, NativeModule } from './native';
import { argsObject, integerField, optionalIntegerField } from './validate';

type Summary = Awaited<ReturnType<NativeModule['stats']['summarize']>['promise']>;
type Kind = 'byteStats' | 'blockMap';

/** The block's range from optional offset and length (default: from 0 to the end). */
function rangeOf(args: Record<string, unknown>, size: number): { offset: number; length: number } {
  const offset = optionalIntegerField(args, 'offset', 0, size) ?? 0;
  const length = args['length'] === undefined ? size - offset : integerField(args, 'length', 0, size - offset, 'ERR_SHM_RANGE');
  return { offset, length };
}

/** Runs the native summary; `signal` cancels it within one chunk. */
export async function summarize(
  native: NativeModule,
  block: NativeBlock,
  offset: number,
  length: number,
  regions: number,
  signal?: AbortSignal,
): Promise<Summary> {
  signal?.throwIfAborted();
  const job = native.stats.summarize(block, offset, length, regions);
  const cancel = () => job.cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await job.promise;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

/** The contract's ByteStats from a native summary: the classes are sums of the histogram's bins. */
export function byteStatsOf(name: string, offset: number, summary: Summary): ByteStats {
  const histogram = Array.from(summary.histogram);
  let printable = histogram[0x09]! + histogram[0x0a]! + histogram[0x0d]!;
  for (let value = 0x20; value <= 0x7e; value++) printable += histogram[value]!;
  let high = 0;
  for (let value = 0x80; value <= 0xff; value++) high += histogram[value]!;
  const zero = histogram[0]!;
  return {
    name,
    offset,
    length: summary.total,
    histogram,
    entropy: summary.entropy,
    zero,
    printable,
    high,
    ff: histogram[0xff]!,
    control: summary.total - zero - printable - high,
  };
}

/** The contract's BlockMapResult from a native summary of `regions` regions. */
export function blockMapOf(name: string, offset: number, summary: Summary): BlockMapResult {
  return {
    name,
    offset,
    length: summary.total,
    regionBytes: summary.regionBytes,
    classes: Array.from(summary.regionClasses),
    entropy: Array.from(summary.regionEntropy, (bits) => Math.round(bits * 1000) / 1000),
  };
}

export class StatsService {
  /** Each client's running call of each kind, so that a newer one (or the client's going) stops it. */
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly blocks: BlockService,
    private readonly native: NativeModule,
    /** The host-wide cap on heavy jobs (shared with finds, scans and digests). */
    private readonly jobs = new HeavyJobs(),
  ) {}

  async byteStats(rawArgs: unknown, clientId: string, cancelled?: AbortSignal): Promise<ByteStats> {
    const args = argsObject(rawArgs, 'byteStats');
    const block = this.blocks.lookup(args);
    const { offset, length } = rangeOf(args, block.size);
    const summary = await this.run('byteStats', clientId, cancelled, (signal) => summarize(this.native, block, offset, length, 1, signal));
    return byteStatsOf(block.name, offset, summary);
  }

  async blockMap(rawArgs: unknown, clientId: string, cancelled?: AbortSignal): Promise<BlockMapResult> {
    const args = argsObject(rawArgs, 'blockMap');
    const block = this.blocks.lookup(args);
    const regions = integerField(args, 'regions', 1, MAX_STATS_REGIONS);
    const { offset, length } = rangeOf(args, block.size);
    const summary = await this.run('blockMap', clientId, cancelled, (signal) =>
      summarize(this.native, block, offset, length, regions, signal),
    );
    return blockMapOf(block.name, offset, summary);
  }

  /** The client is gone: its calls stop within one chunk. */
  forget(clientId: string): void {
    for (const kind of ['byteStats', 'blockMap'] as const) this.running.get(`${kind}\n${clientId}`)?.abort();
  }

  private async run(
    kind: Kind,
    clientId: string,
    cancelled: AbortSignal | undefined,
    job: (signal: AbortSignal) => Promise<Summary>,
  ): Promise<Summary> {
    const key = `${kind}\n${clientId}`;
    this.running.get(key)?.abort();
    const controller = new AbortController();
    this.running.set(key, controller);
    const unlink = abortWith(cancelled, controller);
    const { signal } = controller;
    try {
      return await this.jobs.run(kind === 'byteStats' ? 'the byte statistics' : 'the block map', signal, () => job(signal));
    } catch (error) {
      if (signal.aborted)
        throw new ContractError('ERR_STATS_CANCELLED', `the ${kind === 'byteStats' ? 'byte statistics were' : 'block map was'} cancelled`);
      throw toContractError(error);
    } finally {
      unlink();
      if (this.running.get(key) === controller) this.running.delete(key);
    }
  }
}
