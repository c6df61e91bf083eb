// The change history of one block: a bounded ring of the changes the
// watcher saw (time, offset, bytes before, bytes after), oldest dropped first.
// Pure data structure, fed by history-recorder.ts on the watcher's batches.
//
//   const history = new ChangeHistory({ budgetBytes: 64 << 20, startedAt: Date.now() });
//   history.record({ time, offset, before, after })   // time never goes back; takes the arrays as they are
//   history.completeSince                             // the earliest time whose bytes can be rebuilt
//   history.bytesAt(current, offset, time)            // a range as it was at `time`, from its bytes now
//   history.changesBetween(since, until)              // changes with since < time <= until, oldest first
//   history.jsonLines()                               // JSON Lines export, one change per line
//   history.stats()                                   // { count, bytes, budgetBytes, completeSince, dropped }
//
// "At time T" means after every change with time <= T. The bytes at T are the
// current bytes with every later change undone, newest first; that needs every
// change after T, so T must be >= completeSince (the time of the newest dropped
// change, or the time recording started). Memory per change is its two byte
// arrays plus CHANGE_OVERHEAD, counted against the budget.

export interface Change {
  /** When the watcher saw it (the caller's clock, e.g. Date.now()). */
  time: number;
  offset: number;
  before: Uint8Array;
  after: Uint8Array;
}

export interface HistoryStats {
  count: number;
  bytes: number;
  budgetBytes: number;
  completeSince: number;
  dropped: number;
}

export class HistoryError extends Error {
  constructor(
    readonly code: 'ERR_HISTORY_CHANGE' | 'ERR_HISTORY_INCOMPLETE' | 'ERR_HISTORY_BUDGET',
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_HISTORY_BUDGET = 64 * 1024 * 1024;
/**
 * What a change costs beyond its bytes: the object, two typed arrays (views
 * into history-recorder.ts's shared slabs), the slot. Measured by the bench
 * (`--only history-cost`, with --expose-gc): about 290 bytes per 16-byte change.
 */
export const CHANGE_OVERHEAD = 256;

function costOf(change: Change): number {
  return change.before.length + change.after.length + CHANGE_OVERHEAD;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

export class ChangeHistory {
  readonly budgetBytes: number;
  private ring: Change[] = [];
  private head = 0; // index of the oldest kept change in `ring`
  private bytes = 0;
  private dropped = 0;
  private complete: number;

  constructor(options: { budgetBytes?: number; startedAt?: number } = {}) {
    const budget = options.budgetBytes ?? DEFAULT_HISTORY_BUDGET;
    if (!Number.isSafeInteger(budget) || budget < CHANGE_OVERHEAD) {
      throw new HistoryError(
        'ERR_HISTORY_BUDGET',
        `the history budget must be a whole number of bytes from ${CHANGE_OVERHEAD} up, got ${budget}`,
      );
    }
    this.budgetBytes = budget;
    this.complete = options.startedAt ?? -Infinity;
  }

  /** The earliest time whose bytes can be rebuilt. */
  get completeSince(): number {
    return this.complete;
  }

  /** The newest kept change's time, or undefined when none is kept. */
  get newestTime(): number | undefined {
    return this.count > 0 ? this.ring[this.ring.length - 1]!.time : undefined;
  }

  get count(): number {
    return this.ring.length - this.head;
  }

  stats(): HistoryStats {
    return { count: this.count, bytes: this.bytes, budgetBytes: this.budgetBytes, completeSince: this.complete, dropped: this.dropped };
  }

  /** Adds a change (kept as given: do not modify its arrays), dropping the oldest over budget. */
  record(change: Change): void {
    this.check(change);
    this.ring.push(change);
    this.bytes += costOf(change);
    while (this.bytes > this.budgetBytes && this.count > 0) this.dropOldest();
  }

  private check(change: Change): void {
    const { time, offset, before, after } = change;
    if (!Number.isFinite(time)) throw new HistoryError('ERR_HISTORY_CHANGE', `a change needs a finite time, got ${time}`);
    if (!Number.isSafeInteger(offset) || offset < 0)
      throw new HistoryError('ERR_HISTORY_CHANGE', `a change needs an offset from 0 up, got ${offset}`);
    if (!(before instanceof Uint8Array) || !(after instanceof Uint8Array) || before.length !== after.length || before.length === 0) {
      throw new HistoryError('ERR_HISTORY_CHANGE', 'a change needs before and after bytes of the same, non-zero length');
    }
    const newest = this.ring[this.ring.length - 1];
    const floor = this.count > 0 && newest ? newest.time : this.complete;
    if (time < floor) throw new HistoryError('ERR_HISTORY_CHANGE', `changes must come in time order: ${time} is before ${floor}`);
  }

  private dropOldest(): void {
    const oldest = this.ring[this.head]!;
    this.ring[this.head] = undefined as unknown as Change; // let it be collected
    this.head++;
    this.bytes -= costOf(oldest);
    this.dropped++;
    this.complete = Math.max(this.complete, oldest.time);
    // Compact once the dead prefix is half the array: amortised O(1) per drop.
    if (this.head > 1024 && this.head * 2 > this.ring.length) {
      this.ring = this.ring.slice(this.head);
      this.head = 0;
    }
  }

  /** Index (in ring) of the first kept change with time > t. */
  private firstAfter(t: number): number {
    let lo = this.head;
    let hi = this.ring.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ring[mid]!.time > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Changes with since < time <= until, oldest first. */
  changesBetween(since = -Infinity, until = Infinity): Change[] {
    return this.ring.slice(this.firstAfter(since), this.firstAfter(until));
  }

  /** The distinct times of the kept changes, oldest first (the timeline's steps). */
  times(): number[] {
    const out: number[] = [];
    for (let i = this.head; i < this.ring.length; i++) {
      const t = this.ring[i]!.time;
      if (out[out.length - 1] !== t) out.push(t);
    }
    return out;
  }

  /**
   * The newest `max` distinct times of the changes touching [start, end),
   * oldest first. Walks back from the newest and stops at `max`: the
   * timeline asks twice a second while a writer adds 1,000 changes a second,
   * so its cost must not follow the ring's length. With `after`, it stops at
   * the first change at or before it (the ring is in time order): a timeline
   * that knows the older times is sent only the new ones.
   */
  newestTimes(start: number, end: number, max: number, after = -Infinity): number[] {
    const out: number[] = [];
    for (let i = this.ring.length - 1; i >= this.head && out.length < max; i--) {
      const { time, offset, after: bytes } = this.ring[i]!;
      if (time <= after) break;
      if (offset < end && offset + bytes.length > start && out[out.length - 1] !== time) out.push(time);
    }
    return out.reverse();
  }

  /**
   * The bytes of [offset, offset + current.length) as they were at `time`,
   * given the same range's bytes now (after the newest recorded change).
   */
  bytesAt(current: Uint8Array, offset: number, time: number): Uint8Array {
    if (time < this.complete) {
      throw new HistoryError('ERR_HISTORY_INCOMPLETE', `history is complete only since ${this.complete}; ${time} is earlier`);
    }
    const result = Uint8Array.from(current);
    const end = offset + current.length;
    const first = this.firstAfter(time);
    for (let i = this.ring.length - 1; i >= first; i--) {
      const change = this.ring[i]!;
      const from = Math.max(offset, change.offset);
      const to = Math.min(end, change.offset + change.before.length);
      if (from >= to) continue;
      result.set(change.before.subarray(from - change.offset, to - change.offset), from - offset);
    }
    return result;
  }

  /**
   * One JSON object per change, oldest first: {"time","offset","before","after"}
   * with hex bytes. A change of more than `pieceBytes` bytes is several lines,
   * its consecutive pieces (same time, adjacent offsets). Lines before `start`
   * are counted, not made, so a late page costs no more than an early one.
   */
  *jsonLines(start = 0, pieceBytes = Number.MAX_SAFE_INTEGER): Generator<string> {
    let line = 0;
    for (let i = this.head; i < this.ring.length; i++) {
      const { time, offset, before, after } = this.ring[i]!;
      const pieces = Math.max(1, Math.ceil(after.length / pieceBytes));
      if (line + pieces <= start) {
        line += pieces;
        continue;
      }
      for (let piece = 0; piece < pieces; piece++, line++) {
        if (line < start) continue;
        const from = piece * pieceBytes;
        const to = Math.min(after.length, from + pieceBytes);
        yield JSON.stringify({ time, offset: offset + from, before: hex(before.subarray(from, to)), after: hex(after.subarray(from, to)) });
      }
    }
  }

  /** The whole export as text (each line ends with \n). */
  exportJsonLines(): string {
    let text = '';
    for (const line of this.jsonLines()) text += line + '\n';
    return text;
  }
}
