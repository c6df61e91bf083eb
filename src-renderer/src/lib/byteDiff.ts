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
  // Compare/Import walk up to 256 MiB, almost all of it equal: skip equal
  // 4-byte words where both views are aligned, then look at bytes.
  const words = a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0 ? a.length >>> 2 : 0;
  if (words > 0) {
    const aWords = new Uint32Array(a.buffer, a.byteOffset, words);
    const bWords = new Uint32Array(b.buffer, b.byteOffset, words);
    for (let w = 0; w < words; w++) {
      if (aWords[w] !== bWords[w]) changed += appendByteRuns(ranges, base, a, b, w * 4, w * 4 + 4);
    }
  }
  return changed + appendByteRuns(ranges, base, a, b, words * 4, a.length);
}

/** appendDiffRanges over the bytes [from, to) of `a` and `b`. */
function appendByteRuns(ranges: DiffRange[], base: number, a: Uint8Array, b: Uint8Array, from: number, to: number): number {
  let changed = 0;
  for (let i = from; i < to; i++) {
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
