// Whole-block history: the rows no window shows, for blocks up to
// WHOLE_BLOCK_HISTORY_MAX_BYTES (limits.ts). The watcher (watcher.ts) compares
// only the watched rows, every 1 to 16 ms; this runs a second native watcher
// over each such block whole, but slowly (every OFFSCREEN_POLL_MS; a write
// through our library does not wake it: a writer changing the rows on screen
// 1,000 times a second would wake it, and JavaScript, as often, to find
// nothing off screen), and hands the recorder only what lies outside the
// watched rows, which the fast watcher records itself (its native watcher
// leaves them out: setQuiet). Off screen the History thus has a change every
// OFFSCREEN_POLL_MS at most (docs/ENGINES.md).
//
// Nothing is lost or counted twice when the watched rows move: the watcher
// calls `beforeRangesChange` (a poll now, recorded outside the old rows) and
// `afterRangesChange` (a poll now, recorded outside the rows watched both
// before and after). A change in the rows that come on screen is then seen
// by this poll up to the fast watcher's fresh snapshot, one in the rows that
// leave it by the fast watcher up to its last comparison.
//
// Costs: one 1 MiB poll is about a memcpy and a memcmp of 1 MiB (about 150 µs
// on the dev machine), so 1 MiB idles at about 0.1 % of a core; nothing at
// all runs while no small block is watched, or while the windows show all of
// it (a 4 KiB block): the native thread then sleeps.
import type { NativeBlock, NativeModule } from './native';
import { intersect, unionOf, type Interval } from './ranges';
import type { ChangeRecorder } from './watcher';

type NativeWatcher = InstanceType<NativeModule['Watcher']>;
type NativeBatch = ReturnType<NativeWatcher['take']>[number];
type RecordedChange = { offset: number; bytes: Uint8Array; before: Uint8Array };

interface CoveredBlock {
  block: NativeBlock;
  /** The rows the fast watcher compares (recorded by it, left out here). */
  watched: Interval[];
}

export class OffscreenHistory {
  private readonly covered = new Map<string, CoveredBlock>();
  private nativeWatcher: NativeWatcher | null;

  constructor(
    native: NativeModule,
    private readonly recorder: ChangeRecorder,
    /** Adds to the native steady clock to give epoch milliseconds (the fast watcher's). */
    private readonly epochOffsetMs: number,
    private readonly pollMs: number,
    /** Records what the fast watcher took so far, so that the History gets every change in time order. */
    private readonly recordFastFirst: () => void = () => undefined,
  ) {
    this.nativeWatcher = new native.Watcher(
      () => {
        this.recordFastFirst();
        this.deliver(null);
      },
      { fastestMs: pollMs, slowestMs: pollMs },
    );
  }

  /** The fast watcher is about to compare other rows of `name`: record what changed outside the old ones. */
  beforeRangesChange(name: string): void {
    if (this.covered.has(name)) this.pollNow();
  }

  /**
   * The fast watcher now compares `watched` of `block` (empty: no window
   * watches it). `cover` says whether this block is covered whole.
   */
  afterRangesChange(name: string, block: NativeBlock, watched: Interval[], cover: boolean): void {
    const entry = this.covered.get(name);
    if (entry) {
      // Outside the rows watched both before and after: nothing twice, nothing lost (see the top).
      const stayed = unionOf(watched.flatMap((now) => entry.watched.flatMap((then) => intersect(now, then) ?? [])));
      this.setQuiet(name, stayed);
      this.pollNow(stayed);
    }
    if (!cover || watched.length === 0) return this.stop(name);
    const whole = wholeRange(block);
    // Nothing off screen (a 4 KiB block in one window): the fast watcher records it all, this costs nothing.
    if (!whole || unionOf(watched).some((range) => range.start <= whole.start && range.end >= whole.end)) return this.stop(name);
    const blockChanged = entry?.block !== block;
    this.covered.set(name, { block, watched: unionOf(watched) });
    // A new block object (a name opened again) gets a fresh snapshot; the same one keeps its own.
    if (blockChanged || !entry) this.setRange(name, block, whole);
    this.setQuiet(name, unionOf(watched));
  }

  /**
   * The native watcher leaves out what changed in `rows` (they update its
   * snapshot only): the rows the fast watcher records, so a writer busy on
   * screen neither signals this watcher nor wakes JavaScript. deliver()'s own
   * filter stays, for batches queued before.
   */
  private setQuiet(name: string, rows: Interval[]): void {
    this.nativeWatcher?.setQuiet(
      name,
      rows.flatMap((row) => [row.start, row.end]),
    );
  }

  /** Whether it compares this block object (the rows no window shows). */
  covers(block: NativeBlock): boolean {
    return this.covered.get(block.name)?.block === block;
  }

  /** Polls `name` every `intervalMs` (its windows are hidden), or every OFFSCREEN_POLL_MS (0); never woken by a writer. */
  setSlowPoll(name: string, intervalMs: number): void {
    if (this.covered.has(name)) this.nativeWatcher?.setSlowPoll(name, intervalMs > 0 ? intervalMs : this.pollMs);
  }

  /** Stops and joins the native thread. */
  dispose(): void {
    this.nativeWatcher?.close();
    this.nativeWatcher = null;
    this.covered.clear();
  }

  /** How many bytes one of its polls compares (for tests and the benchmark). */
  comparedBytes(): number {
    return this.nativeWatcher?.watchedBytes() ?? 0;
  }

  /** Its native watcher's counters: polls, and sleeps a writer ended (none: see the top); for tests. */
  stats(): { polls: number; wokenByWriters: number } {
    const { polls, wokenByWriters } = this.nativeWatcher?.stats() ?? { polls: 0, wokenByWriters: 0 };
    return { polls, wokenByWriters };
  }

  /** Stops comparing `name`; what changed since the last poll is recorded first (outside the rows watched then). */
  private stop(name: string): void {
    const entry = this.covered.get(name);
    if (!entry || !this.nativeWatcher) return;
    this.nativeWatcher.setRanges(name, entry.block, [], 0, 0);
    this.deliver(null);
    this.covered.delete(name);
  }

  private setRange(name: string, block: NativeBlock, range: Interval): void {
    this.nativeWatcher?.setRanges(name, block, [range.start, range.end], 0, 0);
    this.nativeWatcher?.setSlowPoll(name, this.pollMs); // no writer wakes it (see the top); the watcher sets the hidden pace
    this.deliver(null);
  }

  /** One poll now, on this thread; its changes recorded before it returns (outside `keepOut`, default the watched rows). */
  pollNow(keepOut?: Interval[]): void {
    if (!this.nativeWatcher) return;
    this.nativeWatcher.pollNow();
    this.deliver(keepOut ?? null);
  }

  /** Records each batch outside the watched rows (`keepOut`, default: the rows watched now). */
  private deliver(keepOut: Interval[] | null): void {
    if (!this.nativeWatcher) return;
    for (const batch of this.nativeWatcher.take()) {
      const entry = this.covered.get(batch.name);
      if (!entry) continue;
      if (batch.shrunkTo != null) this.followShrink(batch.name, entry);
      const changes = outside(batch.changes, keepOut ?? entry.watched);
      if (changes.length > 0 || batch.coalesced) this.record(batch, changes);
    }
  }

  private record(batch: NativeBatch, changes: RecordedChange[]): void {
    const coalesced = batch.coalesced
      ? { since: (batch.coalescedSinceMs ?? batch.detectedAtMs) + this.epochOffsetMs, polls: batch.coalescedPolls ?? 0 }
      : undefined;
    this.recorder.record(batch.name, batch.detectedAtMs + this.epochOffsetMs, changes, coalesced);
  }

  /** Another process shrank the block: compare up to its size now (past it the native watcher reads nothing). */
  private followShrink(name: string, entry: CoveredBlock): void {
    const whole = wholeRange(entry.block);
    if (whole) this.nativeWatcher?.setRanges(name, entry.block, [whole.start, whole.end], 0, 0);
    else this.stop(name);
  }
}

/** [0, size now) of an open block (one fstat), or null when it is closed or empty. */
function wholeRange(block: NativeBlock): Interval | null {
  if (block.closed) return null;
  try {
    const size = Math.min(block.size, block.currentSize());
    return size > 0 ? { start: 0, end: size } : null;
  } catch {
    return null; // closed meanwhile
  }
}

/** The parts of `changes` outside every interval of `keepOut` (sorted, disjoint), with their bytes. */
function outside(changes: readonly RecordedChange[], keepOut: Interval[]): RecordedChange[] {
  const out: RecordedChange[] = [];
  for (const change of changes) {
    let from = change.offset;
    const end = change.offset + change.bytes.length;
    for (const hole of keepOut) {
      if (hole.end <= from || hole.start >= end) continue;
      if (hole.start > from) out.push(piece(change, from, hole.start));
      from = Math.max(from, hole.end);
    }
    if (from < end) out.push(piece(change, from, end));
  }
  return out;
}

function piece(change: RecordedChange, from: number, to: number): RecordedChange {
  const start = from - change.offset;
  const stop = to - change.offset;
  return { offset: from, bytes: change.bytes.subarray(start, stop), before: change.before.subarray(start, stop) };
}
