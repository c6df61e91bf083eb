// Notices writes to open blocks by any process and tells each watching client
// what changed inside the range it watches.
//
// Writers in other processes need not use our library, so no notification can
// be relied on: the watcher polls. Its cost follows what clients watch, never
// the block size: each tick it reads only the union of the watched ranges of
// each block (one copy per union interval), compares it with a snapshot of the
// same ranges (one memcmp per 256-byte chunk, a byte scan only where a chunk
// differs), coalesces changed bytes into ranges (gaps < 16 bytes merged), and
// sends each client only the parts of those ranges inside its own watch. The
// poll runs every few milliseconds, only while someone watches, on an unref'd
// timer so it never keeps the process alive.
import { ContractError, MAX_WATCH_LENGTH, type BlockChangedEvent, type ByteRange } from '../../src-shared/contract';
import type { BlockService } from './block-service';
import type { NativeBlock } from './native';
import { changedRuns, intersect, unionOf, type Interval } from './ranges';
import { argsObject, rangeFields } from './validate';

export const DEFAULT_POLL_MS = 4;

export type ChangeSink = (clientId: string, event: BlockChangedEvent) => void;

interface Snapshot extends Interval {
  bytes: Uint8Array;
}

interface WatchedBlock {
  /** The block object the snapshots were taken from (replaced when the name is reopened). */
  block: NativeBlock;
  clients: Map<string, Interval>;
  snapshots: Snapshot[];
}

export interface WatcherOptions {
  pollMs?: number;
}

export class Watcher {
  private readonly byBlock = new Map<string, WatchedBlock>();
  /** Which block each client watches (one range per client). */
  private readonly clientBlock = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly pollMs: number;

  constructor(
    private readonly blocks: BlockService,
    private readonly sink: ChangeSink,
    options: WatcherOptions = {},
  ) {
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  }

  /** The block a client watches, if any (the app's New Window opens on it). */
  blockOf(clientId: string): string | undefined {
    return this.clientBlock.get(clientId);
  }

  /**
   * Sets the client's watched range (length 0 stops watching) and returns the
   * range's current bytes, taken from the same snapshot later changes are
   * measured against, so the client misses nothing in between.
   */
  watch(rawArgs: unknown, clientId: string): ByteRange {
    const args = argsObject(rawArgs, 'watch');
    const block = this.blocks.lookup(args);
    const { offset, length } = rangeFields(args, block.size, MAX_WATCH_LENGTH);
    this.unwatch(clientId);
    if (length === 0) return { offset, bytes: new Uint8Array(0) };

    const entry = this.entryFor(block);
    this.pollBlock(block.name, entry); // deliver pending changes before the snapshots move
    entry.clients.set(clientId, { start: offset, end: offset + length });
    this.clientBlock.set(clientId, block.name);
    this.rebuildSnapshots(entry);
    this.schedule();
    return { offset, bytes: this.snapshotBytes(entry, offset, offset + length) };
  }

  /** Stops the client's watch (on disconnect or a new watch). */
  unwatch(clientId: string): void {
    const name = this.clientBlock.get(clientId);
    if (name === undefined) return;
    this.clientBlock.delete(clientId);
    const entry = this.byBlock.get(name);
    if (!entry) return;
    entry.clients.delete(clientId);
    if (entry.clients.size === 0) this.byBlock.delete(name);
    else this.rebuildSnapshots(entry);
  }

  /** How many bytes one tick compares (the union of watched ranges); for tests and the benchmark. */
  watchedBytes(): number {
    let total = 0;
    for (const entry of this.byBlock.values()) for (const s of entry.snapshots) total += s.end - s.start;
    return total;
  }

  /** Whether the poll timer runs (only while some client watches something). */
  isPolling(): boolean {
    return this.timer !== null;
  }

  /** One poll of every watched block, now. */
  pollNow(): void {
    for (const [name, entry] of this.byBlock) this.pollBlock(name, entry);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.byBlock.clear();
    this.clientBlock.clear();
  }

  private entryFor(block: NativeBlock): WatchedBlock {
    let entry = this.byBlock.get(block.name);
    if (!entry) {
      entry = { block, clients: new Map(), snapshots: [] };
      this.byBlock.set(block.name, entry);
    }
    return entry;
  }

  private schedule(): void {
    if (this.timer || this.byBlock.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pollNow();
      this.schedule();
    }, this.pollMs);
    this.timer.unref();
  }

  private pollBlock(name: string, entry: WatchedBlock): void {
    const current = this.blocks.peek(name);
    if (!current || current.closed) return;
    if (current !== entry.block) {
      // The name was reopened (after an unlink): compare the new object's bytes with what clients saw.
      entry.block = current;
    }
    const changes: ByteRange[] = [];
    for (const snapshot of entry.snapshots) {
      let now: Uint8Array;
      try {
        now = this.blocks.readRange(current, snapshot.start, snapshot.end - snapshot.start);
      } catch {
        continue; // A block closed under us: nothing to report.
      }
      for (const run of changedRuns(snapshot.bytes, now)) {
        changes.push({ offset: snapshot.start + run.start, bytes: copyOf(now, run.start, run.end) });
      }
      snapshot.bytes = now;
    }
    if (changes.length > 0) this.deliver(name, entry, changes);
  }

  private deliver(name: string, entry: WatchedBlock, changes: ByteRange[]): void {
    const detectedAt = performance.timeOrigin + performance.now();
    for (const [clientId, watched] of entry.clients) {
      const ranges = clip(changes, watched);
      if (ranges.length > 0) this.sink(clientId, { name, ranges, detectedAt });
    }
  }

  /** Snapshots cover the union of the clients' ranges; kept bytes are reused so no change is lost. */
  private rebuildSnapshots(entry: WatchedBlock): void {
    const current = this.blocks.peek(entry.block.name);
    if (current && !current.closed) entry.block = current;
    const union = unionOf(entry.clients.values());
    entry.snapshots = union.map((interval) => ({
      ...interval,
      bytes: this.composeSnapshot(entry, interval),
    }));
  }

  private composeSnapshot(entry: WatchedBlock, interval: Interval): Uint8Array {
    let fresh: Uint8Array;
    try {
      fresh = this.blocks.readRange(entry.block, interval.start, interval.end - interval.start);
    } catch {
      // The block was closed, or reopened smaller: the next poll reports what can be read.
      fresh = new Uint8Array(interval.end - interval.start);
    }
    for (const old of entry.snapshots) {
      const overlap = intersect(old, interval);
      if (!overlap) continue;
      fresh.set(old.bytes.subarray(overlap.start - old.start, overlap.end - old.start), overlap.start - interval.start);
    }
    return fresh;
  }

  private snapshotBytes(entry: WatchedBlock, start: number, end: number): Uint8Array {
    const snapshot = entry.snapshots.find((s) => s.start <= start && s.end >= end);
    if (!snapshot) throw new ContractError('ERR_INTERNAL', 'watched range has no snapshot');
    return copyOf(snapshot.bytes, start - snapshot.start, end - snapshot.start);
  }
}

/** The parts of `changes` inside `watched`, with their bytes. */
function clip(changes: ByteRange[], watched: Interval): ByteRange[] {
  const out: ByteRange[] = [];
  for (const change of changes) {
    const overlap = intersect({ start: change.offset, end: change.offset + change.bytes.length }, watched);
    if (!overlap) continue;
    out.push({ offset: overlap.start, bytes: copyOf(change.bytes, overlap.start - change.offset, overlap.end - change.offset) });
  }
  return out;
}

/** A plain Uint8Array copy (Buffer#slice would share memory with a whole snapshot). */
function copyOf(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}
