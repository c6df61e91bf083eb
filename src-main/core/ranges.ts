// Interval arithmetic for the watcher: [start, end) byte intervals.

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

/** Gaps shorter than this between changed bytes are sent as one range. */
export const MERGE_GAP = 16;
/** Bytes compared with one memcmp before scanning a chunk that differs byte by byte. */
const CHUNK = 256;

/**
 * The changed runs between `before` and `after` (same length), as intervals
 * relative to their start, with gaps shorter than MERGE_GAP merged. Equal
 * chunks are skipped with a native compare, so an unchanged range costs one
 * memcmp per chunk, not a JavaScript loop per byte.
 */
export function changedRuns(before: Uint8Array, after: Uint8Array): Interval[] {
  const runs: Interval[] = [];
  const length = Math.min(before.length, after.length);
  const a = Buffer.from(before.buffer, before.byteOffset, length);
  const b = Buffer.from(after.buffer, after.byteOffset, length);
  if (a.equals(b)) return runs;
  for (let chunk = 0; chunk < length; chunk += CHUNK) {
    const end = Math.min(chunk + CHUNK, length);
    if (a.subarray(chunk, end).equals(b.subarray(chunk, end))) continue;
    for (let i = chunk; i < end; i++) {
      if (a[i] === b[i]) continue;
      const last = runs[runs.length - 1];
      if (last && i - last.end < MERGE_GAP) last.end = i + 1;
      else runs.push({ start: i, end: i + 1 });
    }
  }
  return runs;
}
