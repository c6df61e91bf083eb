// Baselines and differences: `takeBaseline` copies the whole block (up to
// 256 MiB) into the main process's memory, never a window's; `differences`
// compares the block now with it and lists every range that differs.
//
// Both read the block in 4 MiB copies (readInto, under the block's lock,
// patient with a busy lock: patient-read.ts) with the event loop free between
// them, so the watcher's tick keeps running. The compare is the shared
// finder (src-shared/change-runs.ts): it skips equal 4 KiB slices with one
// Buffer.compare each (memcmp) and scans bytes only inside slices that
// differ. The last result is kept, so the pages of one listing come from one
// comparison.
import {
  ContractError,
  MAX_BASELINE_SIZE,
  MAX_DIFFERENCE_PAGE,
  MAX_DIFFERENCE_RANGES,
  type BaselineInfo,
  type DifferencesPage,
} from '../../src-shared/contract';
import { appendChangedRuns, emptyChangedRuns, MERGE_GAP_EXACT, type ChangedRun } from '../../src-shared/change-runs';
import type { BlockService } from './block-service';
import type { NativeBlock } from './native';
import { readIntoPatiently } from './patient-read';
import { argsObject, integerField } from './validate';

const COPY_CHUNK = 4 * 1024 * 1024;

interface Comparison {
  runs: ChangedRun[];
  totalBytes: number;
  capped: boolean;
}

interface Baseline {
  block: NativeBlock;
  bytes: Buffer;
  takenAt: number;
  /** The last comparison, reused for later pages (start > 0). */
  last: (Comparison & { checkedAt: number }) | null;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Baselines {
  private readonly byName = new Map<string, Baseline>();

  constructor(
    private readonly blocks: BlockService,
    private readonly now: () => number = Date.now,
  ) {}

  async take(rawArgs: unknown): Promise<BaselineInfo> {
    const block = this.blocks.lookup(argsObject(rawArgs, 'takeBaseline'));
    if (block.size > MAX_BASELINE_SIZE) {
      throw new ContractError(
        'ERR_BASELINE_SIZE',
        `block "${block.name}" is ${block.size} bytes; a baseline holds at most ${MAX_BASELINE_SIZE}`,
      );
    }
    const bytes = Buffer.allocUnsafe(block.size);
    await copyBlock(block, bytes);
    const takenAt = this.now();
    this.byName.set(block.name, { block, bytes, takenAt, last: null });
    return { name: block.name, size: block.size, takenAt };
  }

  async differences(rawArgs: unknown): Promise<DifferencesPage> {
    const args = argsObject(rawArgs, 'differences');
    const block = this.blocks.lookup(args);
    const start = args['start'] === undefined ? 0 : integerField(args, 'start', 0, MAX_DIFFERENCE_RANGES);
    const max = args['max'] === undefined ? MAX_DIFFERENCE_PAGE : integerField(args, 'max', 1, MAX_DIFFERENCE_PAGE);
    const baseline = this.byName.get(block.name);
    if (!baseline || baseline.block !== block) {
      throw new ContractError('ERR_NO_BASELINE', `block "${block.name}" has no baseline; take one first (takeBaseline)`);
    }
    // A first page compares afresh; later pages page through that same comparison.
    if (start === 0 || !baseline.last) baseline.last = { checkedAt: this.now(), ...(await compareWithBlock(block, baseline.bytes)) };
    const { runs, totalBytes, capped, checkedAt } = baseline.last;
    const totalRanges = runs.length;
    const ranges = runs.slice(start, start + max).map((run) => ({ offset: run.start, length: run.end - run.start }));
    const next = start + ranges.length < totalRanges ? start + ranges.length : null;
    return { baselineTakenAt: baseline.takenAt, checkedAt, ranges, totalRanges, totalBytes, rangesCapped: capped, next };
  }

  /** Forgets every baseline (their memory goes with them). */
  dispose(): void {
    this.byName.clear();
  }
}

async function copyBlock(block: NativeBlock, into: Buffer): Promise<void> {
  for (let offset = 0; offset < block.size; offset += COPY_CHUNK) {
    await readIntoPatiently(block, offset, into.subarray(offset, Math.min(offset + COPY_CHUNK, block.size)));
    if (offset + COPY_CHUNK < block.size) await yieldToEventLoop();
  }
}

/** The runs of differing bytes between the block now and `baseline`: the shared finder, exact runs, fed 4 MiB at a time. */
async function compareWithBlock(block: NativeBlock, baseline: Buffer): Promise<Comparison> {
  const found = emptyChangedRuns();
  const scratch = Buffer.allocUnsafe(Math.min(COPY_CHUNK, block.size));
  for (let chunk = 0; chunk < block.size; chunk += COPY_CHUNK) {
    const length = Math.min(COPY_CHUNK, block.size - chunk);
    const now = scratch.subarray(0, length);
    await readIntoPatiently(block, chunk, now);
    const then = baseline.subarray(chunk, chunk + length);
    appendChangedRuns(found, then, now, {
      mergeGap: MERGE_GAP_EXACT,
      base: chunk,
      maxRuns: MAX_DIFFERENCE_RANGES,
      sameSpan: (from, to) => then.compare(now, from, to, from, to) === 0,
    });
    if (chunk + COPY_CHUNK < block.size) await yieldToEventLoop();
  }
  return { runs: found.runs, totalBytes: found.changedBytes, capped: found.capped };
}
