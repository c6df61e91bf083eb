// Interval arithmetic for the watcher: [start, end) byte intervals.
import { findChangedRuns, MERGE_GAP_WATCH } from '../../src-shared/change-runs';

export interface Interval {
  start: number;
  end: number;
}

/** Sorted, non-overlapping union of the given intervals (empty ones dropped). */
export function unionOf(intervals: Iterable<Interval>): Interval[] {
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else out.push({ start: next.start, end: next.end });
  }
  return out;
}

/** The part of `a` inside `b`, or null. */
export function intersect(a: Interval, b: Interval): Interval | null {
  const start = Math.max(a.start, b.start);
  const end = Math.min(a.end, b.end);
  return end > start ? { start, end } : null;
}

/** Gaps shorter than this between changed bytes are sent as one range (the watcher's rule). */
export const MERGE_GAP = MERGE_GAP_WATCH;

/**
 * The changed runs between `before` and `after` (same length), as intervals
 * relative to their start, with gaps shorter than MERGE_GAP merged: the
 * shared finder (src-shared/change-runs.ts) with Node's memcmp to skip equal
 * spans, so an unchanged range costs one compare per 4 KiB, not a JavaScript
 * loop per byte.
 */
export function changedRuns(before: Uint8Array, after: Uint8Array): Interval[] {
  const length = Math.min(before.length, after.length);
  const a = Buffer.from(before.buffer, before.byteOffset, length);
  const b = Buffer.from(after.buffer, after.byteOffset, length);
  if (a.equals(b)) return [];
  return findChangedRuns(a, b, { mergeGap: MERGE_GAP, sameSpan: (from, to) => a.compare(b, from, to, from, to) === 0 });
}
