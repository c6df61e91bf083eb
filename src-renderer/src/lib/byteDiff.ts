// Where two byte sequences differ, as ranges: for Import's confirmation (how
// many bytes will change) and Compare with file (which ranges differ). Pure,
// so a chunked caller can feed it chunk by chunk with the chunk's base offset.
import { appendChangedRuns, emptyChangedRuns, MERGE_GAP_EXACT } from '../../../src-shared/change-runs';

export interface DiffRange {
  offset: number;
  length: number;
}

/**
 * Appends the differing runs of `a` and `b` (the same length, both starting
 * at `base`) to `ranges`, merging a run that continues the last one. Returns
 * how many bytes differ in this chunk. The shared finder's exact runs.
 */
export function appendDiffRanges(ranges: DiffRange[], base: number, a: Uint8Array, b: Uint8Array): number {
  const last = ranges[ranges.length - 1];
  const found = emptyChangedRuns();
  if (last) found.runs.push({ start: last.offset, end: last.offset + last.length });
  appendChangedRuns(found, a, b, { mergeGap: MERGE_GAP_EXACT, base });
  const runs = found.runs.map((run) => ({ offset: run.start, length: run.end - run.start }));
  if (last) last.length = runs.shift()!.length;
  for (const run of runs) ranges.push(run); // not push(...runs): a million runs overflow the stack
  return found.changedBytes;
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
