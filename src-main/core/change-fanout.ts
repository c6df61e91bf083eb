// What each client has not yet been sent of its block's changes. The watcher
// may find a change every millisecond; a page can show one frame in ~16 ms.
// So the watcher adds every change it takes here (clipped to the client's
// watch) and sends each client at most one blockChanged per block per frame
// interval (EVENT_FRAME_MS, watcher.ts): the union of the ranges that changed
// since the last one, each with its latest bytes, and the time of the latest
// change. The History records every change on its own (the recorder gets each
// batch before this), so nothing is lost there; a page sees the final bytes of
// every burst, in the order the watcher saw them.
//
// Memory: a client's pending ranges are merged into their union whenever the
// bytes they hold exceed its watched length, so they never hold more than
// twice what it watches (at most 2 x MAX_WATCH_LENGTH per client).
import type { BlockChangedEvent, ByteRange } from '../../src-shared/contract';

interface Pending {
  name: string;
  /** Oldest first; later ranges overwrite earlier ones where they overlap. */
  ranges: ByteRange[];
  bytes: number;
  /** The client's watched length: past it the ranges are merged (their union cannot be larger). */
  limit: number;
  detectedAt: number;
}

export class ChangeFanout {
  private readonly pending = new Map<string, Pending>();

  /** Adds `ranges` (inside the client's watch of `name`, `watchedLength` bytes) seen at `detectedAt`. */
  add(clientId: string, name: string, ranges: ByteRange[], detectedAt: number, watchedLength: number): void {
    let entry = this.pending.get(clientId);
    if (entry && entry.name !== name) entry = undefined; // a client watches one block: the old one's are stale
    if (!entry) {
      entry = { name, ranges: [], bytes: 0, limit: watchedLength, detectedAt };
      this.pending.set(clientId, entry);
    }
    for (const range of ranges) {
      entry.ranges.push(range);
      entry.bytes += range.bytes.length;
    }
    entry.detectedAt = Math.max(entry.detectedAt, detectedAt);
    if (entry.bytes > entry.limit) {
      entry.ranges = mergeLatest(entry.ranges);
      entry.bytes = entry.ranges.reduce((sum, range) => sum + range.bytes.length, 0);
    }
  }

  /** Forgets what the client was not yet sent (it left, or watches anew: its watch's answer carries the bytes). */
  drop(clientId: string): void {
    this.pending.delete(clientId);
  }

  /** Whether some client waits for an event. */
  hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Sends each client with pending changes one event (the union, latest bytes) and forgets them. */
  flush(send: (clientId: string, event: BlockChangedEvent) => void): void {
    if (this.pending.size === 0) return;
    const entries = [...this.pending];
    this.pending.clear();
    for (const [clientId, entry] of entries) {
      send(clientId, { name: entry.name, ranges: mergeLatest(entry.ranges), detectedAt: entry.detectedAt });
    }
  }

  /** Sends the pending event of one client now, if it has one (before another event about its block). */
  flushClient(clientId: string, send: (clientId: string, event: BlockChangedEvent) => void): void {
    const entry = this.pending.get(clientId);
    if (!entry) return;
    this.pending.delete(clientId);
    send(clientId, { name: entry.name, ranges: mergeLatest(entry.ranges), detectedAt: entry.detectedAt });
  }
}

/**
 * The union of `ranges` (oldest first) as sorted, disjoint ranges; where they
 * overlap, the later one's bytes. Touching ranges are joined; a gap stays a
 * gap (its bytes did not change, and we do not have them). A single range is
 * returned as it is.
 */
export function mergeLatest(ranges: readonly ByteRange[]): ByteRange[] {
  if (ranges.length <= 1) return [...ranges];
  const spans = spansOf(ranges);
  const buffers = spans.map((span) => new Uint8Array(span.end - span.start));
  for (const range of ranges) {
    const index = spanIndex(spans, range.offset);
    buffers[index]!.set(range.bytes, range.offset - spans[index]!.start);
  }
  return spans.map((span, index) => ({ offset: span.start, bytes: buffers[index]! }));
}

function spansOf(ranges: readonly ByteRange[]): { start: number; end: number }[] {
  const sorted = ranges.map((r) => ({ start: r.offset, end: r.offset + r.bytes.length })).sort((a, b) => a.start - b.start);
  const spans: { start: number; end: number }[] = [];
  for (const next of sorted) {
    const last = spans[spans.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else spans.push({ ...next });
  }
  return spans;
}

/** The span holding `offset` (spans sorted, disjoint, and one holds it). */
function spanIndex(spans: readonly { start: number; end: number }[], offset: number): number {
  let low = 0;
  let high = spans.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (spans[mid]!.start <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
