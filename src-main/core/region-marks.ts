// A coarse detector of changes anywhere in a block, for the scrollbar's
// markers. The watcher compares only what windows show; this compares the
// whole block, region by region (64 KiB), by CRC-32, every 250 ms, and only
// while a window keeps asking (`changeMarks`): a block nobody asks about for
// KEEP_ALIVE_MS costs nothing. A tick checks at most MAX_BYTES_PER_TICK of
// each block (round robin), so a 256 MiB block is covered in 16 ticks and a
// tick never holds the event loop for long. The first pass only learns the
// checksums: a region is marked when a later pass sees its checksum move.
import type { ChangeMarks } from '../../src-shared/contract';
import type { BlockService } from './block-service';
import { crc32 } from './digest';
import type { NativeBlock } from './native';
import { argsObject } from './validate';

export const REGION_SIZE = 64 * 1024;
export const TICK_MS = 250;
/** A block's detector stops this long after the last window asked for its marks. */
export const KEEP_ALIVE_MS = 3000;
export const MAX_BYTES_PER_TICK = 16 * 1024 * 1024;

interface Detector {
  block: NativeBlock;
  sums: Uint32Array;
  changedAt: Float64Array;
  /** The next region a tick checks. */
  cursor: number;
  /** A full pass learnt every checksum (regions compare from then on). */
  primed: boolean;
  checkedAt: number;
  askedAt: number;
}

export class RegionMarks {
  private readonly detectors = new Map<string, Detector>();
  private timer: NodeJS.Timeout | null = null;
  private readonly scratch = Buffer.allocUnsafe(REGION_SIZE);

  constructor(
    private readonly blocks: BlockService,
    private readonly now: () => number = Date.now,
  ) {}

  /** The regions changed after `since` (default: ever); keeps the block's detector running. */
  marks(rawArgs: unknown): ChangeMarks {
    const args = argsObject(rawArgs, 'changeMarks');
    const block = this.blocks.lookup(args);
    const since = typeof args['since'] === 'number' ? args['since'] : -Infinity;
    const detector = this.detectorFor(block);
    detector.askedAt = this.now();
    const regions: ChangeMarks['regions'] = [];
    for (let i = 0; i < detector.changedAt.length; i++) {
      const at = detector.changedAt[i]!;
      if (at > 0 && at > since)
        regions.push({ offset: i * REGION_SIZE, length: Math.min(REGION_SIZE, block.size - i * REGION_SIZE), changedAt: at });
    }
    return { regionSize: REGION_SIZE, regions, checkedAt: detector.checkedAt };
  }

  /** One tick over every detector (the timer's work; tests and the bench call it directly). */
  tick(): void {
    const now = this.now();
    for (const [name, detector] of this.detectors) {
      if (now - detector.askedAt > KEEP_ALIVE_MS || detector.block.closed) this.detectors.delete(name);
      else this.advance(detector, now);
    }
    if (this.detectors.size === 0) this.stopTimer();
  }

  /** How many blocks are being checked (0: the timer is off). */
  activeBlocks(): number {
    return this.detectors.size;
  }

  dispose(): void {
    this.detectors.clear();
    this.stopTimer();
  }

  private detectorFor(block: NativeBlock): Detector {
    let detector = this.detectors.get(block.name);
    if (!detector || detector.block !== block) {
      const regions = Math.ceil(block.size / REGION_SIZE);
      detector = {
        block,
        sums: new Uint32Array(regions),
        changedAt: new Float64Array(regions),
        cursor: 0,
        primed: false,
        checkedAt: 0,
        askedAt: 0,
      };
      this.detectors.set(block.name, detector);
      this.advance(detector, this.now()); // learn the first checksums now, so the next tick can compare
    }
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), TICK_MS);
      this.timer.unref();
    }
    return detector;
  }

  private advance(detector: Detector, now: number): void {
    const { block, sums, changedAt } = detector;
    let budget = MAX_BYTES_PER_TICK;
    while (budget > 0) {
      const region = detector.cursor;
      const offset = region * REGION_SIZE;
      const length = Math.min(REGION_SIZE, block.size - offset);
      const bytes = this.scratch.subarray(0, length);
      try {
        block.readInto(offset, bytes);
      } catch {
        return; // closed meanwhile: the next tick drops the detector
      }
      const sum = crc32(bytes);
      if (detector.primed && sum !== sums[region]) changedAt[region] = now;
      sums[region] = sum;
      budget -= length;
      detector.cursor = (region + 1) % sums.length;
      if (detector.cursor === 0) {
        detector.primed = true;
        detector.checkedAt = now;
        return; // one pass per tick at most
      }
    }
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
