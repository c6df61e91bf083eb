// Where two byte sequences differ, as ranges: for Import's confirmation (how
// many bytes will change) and Compare with file (which ranges differ). Pure,
// so a chunked caller can feed it chunk by chunk with the chunk's base offset.

export interface DiffRange {
  offset: number;
  length: number;
}

/**
 * Appends the differing runs of `a` and `b` (the same length, both starting
 * at `base`) to `ranges`, merging a run that continues the last one. Returns
 * how many bytes differ in this chunk.
 */
export function appendDiffRanges(ranges: DiffRange[], base: number, a: Uint8Array, b: Uint8Array): number {
  let changed = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    changed++;
    const offset = base + i;
    const last = ranges[ranges.length - 1];
    if (last && last.offset + last.length === offset) last.length++;
    else ranges.push({ offset, length: 1 });
  }
  return changed;
}

/** Whether `offset` lies in one of `ranges` (ascending, not overlapping). */
export function inRanges(ranges: readonly DiffRange[], offset: number): boolean {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const range = ranges[mid]!;
    if (offset < range.offset) high = mid;
    else if (offset >= range.offset + range.length) low = mid + 1;
    else return true;
  }
  return false;
}
