// The byteStats and blockMap calls (issue 24): the Statistics panel, the
// block map and `shm-inspector stats`. The native engine (native stats,
// byte_stats.h) counts the block in place on a worker thread in 64 KiB chunks,
// bounded by its size now and guarded against a shrink; this thread only
// checks the arguments and converts the result, whose size is fixed by the
// region count, so a 256 MiB block costs it what a 4 KiB one does.
//
// Both are cancellable (the caller's signal), take a heavy-job slot (the
// host-wide cap shared with finds, scans and digests), and a client's newer
// call of the same kind cancels its previous one, so a panel that asks again
// while the bytes change never queues behind itself.
//
// Refreshes count only what changed: each window's last map (and last
// statistics of a range of at least CELL_MIN_BYTES, counted in CELLS regions)
// keeps every region's histogram here (MAX_STATS_CACHES sets, host-wide). A
// call that names the ranges changed since its previous one began (`changed`)
// counts only the regions they touch and answers from the kept histograms, so
// its figures equal a full count's while its cost follows the change, not
// the block.
import {
  ContractError,
  MAX_STATS_CHANGED_RANGES,
  MAX_STATS_REGIONS,
  toContractError,
  type BlockMapResult,
  type ByteStats,
  type ChangedRange,
} from '../../src-shared/contract';
import { abortWith } from './abort';
import type { BlockService } from './block-service';
import { HeavyJobs } from './heavy-jobs';
import { MAX_STATS_CACHES } from './limits';
import type { NativeBlock, NativeModule } from './native';
import { argsObject, integerField, optionalIntegerField } from './validate';

type Summary = Awaited<ReturnType<NativeModule['stats']['summarize']>['promise']>;
type SummaryOptions = Parameters<NativeModule['stats']['summarize']>[4];
type Kind = 'byteStats' | 'blockMap';

/** A range of at least this many bytes has its statistics counted in CELLS regions, kept for the next call. */
export const CELL_MIN_BYTES = 1024 * 1024;
/** Regions the statistics of a large range are counted in (each one's histogram is kept). */
export const CELLS = 256;
/** A map of at most this many regions keeps its regions' histograms (256 KiB): the block map shows 256. */
export const CACHED_MAP_MAX_REGIONS = 256;

/** Every region's counts from one window's last call of one kind, and what they are of. */
interface RegionCounts {
  block: NativeBlock;
  offset: number;
  length: number;
  regions: number;
  regionBytes: number;
  /** 256 counts per region. */
  histograms: Uint32Array;
  /** Four counts per region (zero, printable, 0xFF, other). */
  classes: Uint32Array;
  /** Bits per byte, per region. */
  entropy: Float32Array;
}

/** The block's range from optional offset and length (default: from 0 to the end). */
function rangeOf(args: Record<string, unknown>, size: number): { offset: number; length: number } {
  const offset = optionalIntegerField(args, 'offset', 0, size) ?? 0;
  const length = args['length'] === undefined ? size - offset : integerField(args, 'length', 0, size - offset, 'ERR_SHM_RANGE');
  return { offset, length };
}

/** The optional `changed` ranges, each inside the block. */
function changedOf(args: Record<string, unknown>, size: number): ChangedRange[] | undefined {
  const value = args['changed'];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > MAX_STATS_CHANGED_RANGES) {
    throw new ContractError('ERR_SHM_ARG', `"changed" must be an array of at most ${MAX_STATS_CHANGED_RANGES} ranges`);
  }
  return value.map((item: unknown) => {
    const range = argsObject(item, 'a changed range');
    const offset = integerField(range, 'offset', 0, size, 'ERR_SHM_RANGE');
    return { offset, length: integerField(range, 'length', 0, size - offset, 'ERR_SHM_RANGE') };
  });
}

/** Runs the native summary; `signal` cancels it within one chunk. */
export async function summarize(
  native: NativeModule,
  block: NativeBlock,
  offset: number,
  length: number,
  regions: number,
  signal?: AbortSignal,
  options?: SummaryOptions,
): Promise<Summary> {
  signal?.throwIfAborted();
  const job = native.stats.summarize(block, offset, length, regions, options);
  const cancel = () => job.cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await job.promise;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

/** The contract's ByteStats from a histogram of `total` bytes: the classes are sums of its bins. */
function byteStatsFrom(name: string, offset: number, histogram: number[], total: number, entropy: number): ByteStats {
  let printable = histogram[0x09]! + histogram[0x0a]! + histogram[0x0d]!;
  for (let value = 0x20; value <= 0x7e; value++) printable += histogram[value]!;
  let high = 0;
  for (let value = 0x80; value <= 0xff; value++) high += histogram[value]!;
  const zero = histogram[0]!;
  return {
    name,
    offset,
    length: total,
    histogram,
    entropy,
    zero,
    printable,
    high,
    ff: histogram[0xff]!,
    control: total - zero - printable - high,
  };
}

/** The contract's ByteStats from a native summary. */
export function byteStatsOf(name: string, offset: number, summary: Summary): ByteStats {
  return byteStatsFrom(name, offset, Array.from(summary.histogram), summary.total, summary.entropy);
}

/** The contract's BlockMapResult from a native summary of `regions` regions. */
export function blockMapOf(name: string, offset: number, summary: Summary): BlockMapResult {
  return mapResult(name, offset, summary.total, summary.regionBytes, summary.regionClasses, summary.regionEntropy);
}

function mapResult(
  name: string,
  offset: number,
  length: number,
  regionBytes: number,
  classes: Uint32Array,
  entropy: Float32Array,
): BlockMapResult {
  return {
    name,
    offset,
    length,
    regionBytes,
    classes: Array.from(classes),
    entropy: Array.from(entropy, (bits) => Math.round(bits * 1000) / 1000),
  };
}

/** Shannon entropy, bits per byte, of a histogram of `total` bytes (as byte_stats.cc entropyOf). */
export function entropyOf(histogram: ArrayLike<number>, total: number): number {
  if (total === 0) return 0;
  let sum = 0;
  for (let value = 0; value < 256; value++) {
    const count = histogram[value]!;
    if (count > 1) sum += count * Math.log2(count);
  }
  return Math.max(0, Math.log2(total) - sum / total);
}

/** The regions of `counts` that `changed` touches, in order. */
function regionsTouched(counts: RegionCounts, changed: readonly ChangedRange[]): Uint32Array {
  const touched = new Uint8Array(counts.regions);
  const end = counts.offset + counts.length;
  for (const { offset, length } of changed) {
    const from = Math.max(offset, counts.offset);
    const to = Math.min(offset + Math.max(1, length), end);
    if (from >= to) continue;
    const last = Math.floor((to - 1 - counts.offset) / counts.regionBytes);
    for (let region = Math.floor((from - counts.offset) / counts.regionBytes); region <= last; region++) touched[region] = 1;
  }
  const list: number[] = [];
  touched.forEach((flag, region) => flag && list.push(region));
  return Uint32Array.from(list);
}

export class StatsService {
  /** Each client's running call of each kind, so that a newer one (or the client's going) stops it. */
  private readonly running = new Map<string, AbortController>();
  /** Each client's kept counts of each kind, least recently used first (at most MAX_STATS_CACHES). */
  private readonly kept = new Map<string, RegionCounts>();

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
    const changed = changedOf(args, block.size);
    if (length < CELL_MIN_BYTES) {
      const summary = await this.run('byteStats', clientId, cancelled, (signal) =>
        summarize(this.native, block, offset, length, 1, signal),
      );
      return byteStatsOf(block.name, offset, summary);
    }
    const counts = await this.counted('byteStats', clientId, cancelled, block, offset, length, CELLS, changed);
    const histogram = new Array<number>(256).fill(0);
    for (let at = 0; at < counts.histograms.length; at += 256) {
      for (let value = 0; value < 256; value++) histogram[value]! += counts.histograms[at + value]!;
    }
    return byteStatsFrom(block.name, offset, histogram, length, entropyOf(histogram, length));
  }

  async blockMap(rawArgs: unknown, clientId: string, cancelled?: AbortSignal): Promise<BlockMapResult> {
    const args = argsObject(rawArgs, 'blockMap');
    const block = this.blocks.lookup(args);
    const regions = integerField(args, 'regions', 1, MAX_STATS_REGIONS);
    const { offset, length } = rangeOf(args, block.size);
    const changed = changedOf(args, block.size);
    if (regions > CACHED_MAP_MAX_REGIONS) {
      const summary = await this.run('blockMap', clientId, cancelled, (signal) =>
        summarize(this.native, block, offset, length, regions, signal),
      );
      return blockMapOf(block.name, offset, summary);
    }
    const counts = await this.counted('blockMap', clientId, cancelled, block, offset, length, regions, changed);
    return mapResult(block.name, offset, length, counts.regionBytes, counts.classes, counts.entropy);
  }

  /** The client is gone: its calls stop within one chunk, and its kept counts go. */
  forget(clientId: string): void {
    for (const kind of ['byteStats', 'blockMap'] as const) {
      this.running.get(`${kind}\n${clientId}`)?.abort();
      this.kept.delete(`${kind}\n${clientId}`);
    }
  }

  /** How many sets of counts are kept (for tests). */
  keptCount(): number {
    return this.kept.size;
  }

  /**
   * Every region's counts of the range, kept for the client's next call: with
   * `changed`, and counts kept of the same range and regions of the same
   * block object, only the regions the changes touch are counted again.
   */
  private async counted(
    kind: Kind,
    clientId: string,
    cancelled: AbortSignal | undefined,
    block: NativeBlock,
    offset: number,
    length: number,
    regions: number,
    changed: readonly ChangedRange[] | undefined,
  ): Promise<RegionCounts> {
    const key = `${kind}\n${clientId}`;
    const previous = this.kept.get(key);
    const reusable =
      changed !== undefined &&
      previous !== undefined &&
      previous.block === block &&
      previous.offset === offset &&
      previous.length === length &&
      previous.regions === regions;
    const only = reusable ? regionsTouched(previous, changed) : undefined;
    if (reusable && only!.length === 0) {
      this.running.get(key)?.abort(); // a newer call replaces the running one, as any call does
      this.keep(key, previous);
      return previous;
    }
    const summary = await this.run(kind, clientId, cancelled, (signal) =>
      summarize(this.native, block, offset, length, regions, signal, { histograms: true, ...(only ? { only } : {}) }),
    );
    const counts = reusable ? previous : emptyCounts(block, offset, length, regions, summary.regionBytes);
    const histograms = summary.regionHistograms!;
    for (const region of only ?? counts.entropy.keys()) {
      counts.histograms.set(histograms.subarray(region * 256, region * 256 + 256), region * 256);
      counts.classes.set(summary.regionClasses.subarray(region * 4, region * 4 + 4), region * 4);
      counts.entropy[region] = summary.regionEntropy[region]!;
    }
    this.keep(key, counts);
    return counts;
  }

  /** Keeps `counts` as the most recently used set, dropping the least recently used past MAX_STATS_CACHES. */
  private keep(key: string, counts: RegionCounts): void {
    this.kept.delete(key);
    this.kept.set(key, counts);
    while (this.kept.size > MAX_STATS_CACHES) this.kept.delete(this.kept.keys().next().value!);
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
      const summary = await this.jobs.run(kind === 'byteStats' ? 'the byte statistics' : 'the block map', signal, () => job(signal));
      // A newer call started meanwhile: this answer must not overwrite its kept counts.
      signal.throwIfAborted();
      return summary;
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

function emptyCounts(block: NativeBlock, offset: number, length: number, regions: number, regionBytes: number): RegionCounts {
  return {
    block,
    offset,
    length,
    regions,
    regionBytes,
    histograms: new Uint32Array(regions * 256),
    classes: new Uint32Array(regions * 4),
    entropy: new Float32Array(regions),
  };
}
