// The change history of every watched block: the watcher hands each batch it
// takes (time, offset, bytes before and after, from its snapshot) to
// `record`, which keeps them in one bounded ring per block (history.ts). Our
// writers and foreign ones alike: the watcher compares bytes, so it sees both.
// What the history covers: the whole block for blocks up to
// WHOLE_BLOCK_HISTORY_MAX_BYTES (limits.ts; the watcher compares them whole
// while any window watches them), else what windows watched while it happened
// (the union of watched ranges). Recording costs nothing while nothing
// changes: the recorder runs only on the watcher's batches.
//
// The contract's history calls are answered here: info, a window of changes
// (paged), the distinct times of a range (the timeline's steps), a range as it
// was at time T, and the JSON Lines export (paged).
import {
  ContractError,
  MAX_HISTORY_GAPS,
  MAX_HISTORY_PAGE,
  MAX_HISTORY_TIMES,
  MAX_READ_LENGTH,
  type ByteRange,
  type HistoryEntry,
  type HistoryGap,
  type HistoryExportPage,
  type HistoryInfo,
  type HistoryPage,
  type HistoryTimes,
} from '../../src-shared/contract';
import type { BlockService } from './block-service';
import { ChangeHistory, DEFAULT_HISTORY_BUDGET, HistoryError, type Change } from './history';
import { MAX_EXPORT_LINE_CHANGE_BYTES, MAX_EXPORT_PAGE_BYTES } from './limits';
import { argsObject, integerField, rangeFields } from './validate';

/** Lines per export page at most; MAX_EXPORT_PAGE_BYTES bounds its text (a page of 64 KiB changes was 124 MiB by count alone). */
export const EXPORT_PAGE_LINES = 2000;

/**
 * Small changes are copied into shared 64 KiB slabs: a Uint8Array with its
 * own ArrayBuffer costs V8 a few hundred bytes beside its contents (the
 * bench's "history-cost" measured ~570 bytes per 16-byte change that way),
 * a view into a slab far less. The ring drops its oldest first, so slabs are
 * freed roughly in order as their last views go.
 */
const SLAB_BYTES = 64 * 1024;
/**
 * Larger changes keep their own arrays (the overhead is small beside them).
 * The native take() gives a change this long or shorter a view into a buffer
 * shared with its take's other changes, a longer one its own
 * (kSharedMaxBytes, native/src/binding/watcher_binding.cc): the two stay equal.
 */
const SLAB_MAX_CHANGE = 1024;

/** The host option: MiB of history per block, for every host (`SHM_INSPECTOR_HISTORY_MB=256 npm start`). */
export const HISTORY_BUDGET_VARIABLE = 'SHM_INSPECTOR_HISTORY_MB';

/**
 * The history budget the environment asks for, in bytes; undefined (the
 * default) when unset, or when it is not a whole number of MiB from 1 to
 * 4096, which `warn` says rather than refuse to start.
 */
export function historyBudgetFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = console.warn,
): number | undefined {
  const text = env[HISTORY_BUDGET_VARIABLE];
  if (text === undefined || text === '') return undefined;
  const mib = Number(text);
  if (!Number.isInteger(mib) || mib < 1 || mib > 4096) {
    warn(
      `${HISTORY_BUDGET_VARIABLE}=${JSON.stringify(text)} is not a whole number of MiB from 1 to 4096; keeping the default of ${DEFAULT_HISTORY_BUDGET / 1024 / 1024} MiB`,
    );
    return undefined;
  }
  return mib * 1024 * 1024;
}

export interface HistoryRecorderOptions {
  /** Bytes of history kept per block (default 64 MiB). */
  budgetBytes?: number;
  /** Default Date.now; tests pass their own. */
  now?: () => number;
  /** Whether the watcher compares a block of this size whole (historyInfo's wholeBlock); default: never. */
  coversWholeBlock?: (size: number) => boolean;
}

export class HistoryRecorder {
  private readonly rings = new Map<string, ChangeHistory>();
  /** The latest spans the watcher coalesced, per block (its queue was full: see native/src/common/shm_limits.h). */
  private readonly gaps = new Map<string, HistoryGap[]>();
  readonly budgetBytes: number;
  private readonly now: () => number;
  private readonly coversWholeBlock: (size: number) => boolean;
  private slab = new Uint8Array(SLAB_BYTES);
  private slabUsed = 0;

  constructor(
    private readonly blocks: BlockService,
    /** Delivers changes the watcher found but has not yet handed over (so a query sees every change up to now). */
    private readonly flushWatcher: () => void,
    options: HistoryRecorderOptions = {},
  ) {
    this.budgetBytes = options.budgetBytes ?? DEFAULT_HISTORY_BUDGET;
    this.now = options.now ?? Date.now;
    this.coversWholeBlock = options.coversWholeBlock ?? (() => false);
  }

  /** Starts a block's recording (the watcher calls it when a block is first watched). */
  begin(name: string): void {
    if (!this.rings.has(name)) this.rings.set(name, new ChangeHistory({ budgetBytes: this.budgetBytes, startedAt: this.now() }));
  }

  /** The watcher's hook: one batch of changed runs in block `name`, seen at `time`. */
  record(
    name: string,
    time: number,
    changes: readonly { offset: number; bytes: Uint8Array; before: Uint8Array }[],
    coalesced?: { since: number; polls: number },
  ): void {
    this.begin(name);
    const ring = this.rings.get(name)!;
    // The steady clock never goes back, but epoch arithmetic may be a hair off from Date.now at start.
    const at = Math.max(time, ring.completeSince, ring.newestTime ?? -Infinity);
    if (coalesced) this.noteGap(name, { since: Math.min(coalesced.since, at), until: at, polls: coalesced.polls });
    for (const change of changes) {
      if (change.bytes.length === 0 || change.before.length !== change.bytes.length) continue;
      ring.record({ time: at, offset: change.offset, before: this.keep(change.before), after: this.keep(change.bytes) });
    }
  }

  private noteGap(name: string, gap: HistoryGap): void {
    const gaps = this.gaps.get(name) ?? [];
    gaps.push(gap);
    if (gaps.length > MAX_HISTORY_GAPS) gaps.shift();
    this.gaps.set(name, gaps);
  }

  /** A copy of `bytes` the ring may keep: a view into the current slab when it is small. */
  private keep(bytes: Uint8Array): Uint8Array {
    if (bytes.length > SLAB_MAX_CHANGE) return bytes;
    if (this.slabUsed + bytes.length > SLAB_BYTES) {
      this.slab = new Uint8Array(SLAB_BYTES);
      this.slabUsed = 0;
    }
    const view = this.slab.subarray(this.slabUsed, this.slabUsed + bytes.length);
    view.set(bytes);
    this.slabUsed += bytes.length;
    return view;
  }

  info(rawArgs: unknown): HistoryInfo {
    const { name, ring, size } = this.ringFor(rawArgs, 'historyInfo');
    const { count, bytes, budgetBytes, completeSince, dropped } = ring.stats();
    const coalesced = (this.gaps.get(name) ?? []).map((gap) => ({ ...gap }));
    const wholeBlock = this.coversWholeBlock(size);
    return { name, count, bytes, budgetBytes, completeSince, dropped, newest: ring.newestTime ?? null, coalesced, wholeBlock };
  }

  read(rawArgs: unknown): HistoryPage {
    const { args, ring, size } = this.ringFor(rawArgs, 'readHistory');
    const since = optionalTime(args, 'since') ?? -Infinity;
    const until = optionalTime(args, 'until') ?? Infinity;
    const window = optionalWindow(args, size);
    const start = args['start'] === undefined ? 0 : integerField(args, 'start', 0, Number.MAX_SAFE_INTEGER);
    const max = args['max'] === undefined ? MAX_HISTORY_PAGE : integerField(args, 'max', 1, MAX_HISTORY_PAGE);
    const matching = ring.changesBetween(since, until).filter((change) => touches(change, window));
    const entries = matching.slice(start, start + max).map(toEntry);
    const next = start + entries.length < matching.length ? start + entries.length : null;
    return { entries, total: matching.length, next, completeSince: ring.completeSince };
  }

  times(rawArgs: unknown): HistoryTimes {
    const { args, ring, size } = this.ringFor(rawArgs, 'historyTimes');
    const { offset, length } = rangeFields(args, size, size);
    const max = args['max'] === undefined ? MAX_HISTORY_TIMES : integerField(args, 'max', 1, MAX_HISTORY_TIMES);
    const after = optionalTime(args, 'after') ?? -Infinity;
    return { times: ring.newestTimes(offset, offset + length, max, after), completeSince: ring.completeSince };
  }

  bytesAt(rawArgs: unknown): ByteRange & { time: number } {
    const { args, ring, size } = this.ringFor(rawArgs, 'bytesAt');
    const { offset, length } = rangeFields(args, size, MAX_READ_LENGTH);
    const time = optionalTime(args, 'time');
    if (time === undefined) throw new ContractError('ERR_SHM_ARG', '"time" must be a number (epoch milliseconds)');
    const block = this.blocks.lookup(args);
    const current = this.blocks.readRange(block, offset, length);
    try {
      return { offset, bytes: ring.bytesAt(current, offset, time), time };
    } catch (error) {
      if (error instanceof HistoryError && error.code === 'ERR_HISTORY_INCOMPLETE') {
        throw new ContractError(
          'ERR_HISTORY_INCOMPLETE',
          `history of "${block.name}" is complete only since ${new Date(ring.completeSince).toISOString()}`,
        );
      }
      throw error;
    }
  }

  exportPage(rawArgs: unknown): HistoryExportPage {
    const { args, ring } = this.ringFor(rawArgs, 'exportHistory');
    const start = args['start'] === undefined ? 0 : integerField(args, 'start', 0, Number.MAX_SAFE_INTEGER);
    let text = '';
    let lines = 0;
    // A page ends before the line that would pass its line or byte cap (its first line always fits: see the caps).
    for (const line of ring.jsonLines(start, MAX_EXPORT_LINE_CHANGE_BYTES)) {
      if (lines === EXPORT_PAGE_LINES || (lines > 0 && text.length + line.length + 1 > MAX_EXPORT_PAGE_BYTES)) {
        return { text, lines, next: start + lines };
      }
      text += line + '\n';
      lines++;
    }
    return { text, lines, next: null };
  }

  dispose(): void {
    this.rings.clear();
  }

  /** The block's ring (an empty one, recording from now, if it was never watched), after the watcher's pending changes. */
  private ringFor(rawArgs: unknown, call: string): { args: Record<string, unknown>; name: string; ring: ChangeHistory; size: number } {
    const args = argsObject(rawArgs, call);
    const block = this.blocks.lookup(args);
    this.flushWatcher();
    this.begin(block.name);
    return { args, name: block.name, ring: this.rings.get(block.name)!, size: block.size };
  }
}

function toEntry(change: Change): HistoryEntry {
  return { time: change.time, offset: change.offset, before: Uint8Array.from(change.before), after: Uint8Array.from(change.after) };
}

function touches(change: Change, window: { start: number; end: number } | null): boolean {
  if (!window) return true;
  return change.offset < window.end && change.offset + change.after.length > window.start;
}

function optionalTime(args: Record<string, unknown>, field: string): number | undefined {
  const value = args[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value))
    throw new ContractError('ERR_SHM_ARG', `"${field}" must be a number (epoch milliseconds)`);
  return value;
}

function optionalWindow(args: Record<string, unknown>, size: number): { start: number; end: number } | null {
  if (args['offset'] === undefined && args['length'] === undefined) return null;
  const { offset, length } = rangeFields(args, size, size);
  return { start: offset, end: offset + length };
}
