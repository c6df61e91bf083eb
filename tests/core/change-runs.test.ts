// The one change-run finder (src-shared/change-runs.ts) and its named merge
// rules, at their boundaries: a mutant that merged one byte further (`<=` for
// `<`, or 17 for 16) survived every test before these.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendChangedRuns,
  emptyChangedRuns,
  findChangedRuns,
  MERGE_GAP_EXACT,
  MERGE_GAP_WATCH,
  SKIP_SPAN,
} from '../../src-shared/change-runs';
import { changedRuns } from '../../src-main/core/ranges';
import { appendDiffRanges } from '../../src-renderer/src/lib/byteDiff';

/** A pair of zeroed blocks of `size` bytes where `after` has 1 at each offset. */
function pairWithChangesAt(size: number, ...offsets: number[]): [Uint8Array, Uint8Array] {
  const after = new Uint8Array(size);
  for (const offset of offsets) after[offset] = 1;
  return [new Uint8Array(size), after];
}

describe('findChangedRuns: the merge rules at their boundary', () => {
  it('the watcher rule joins changes 15 unchanged bytes apart and keeps 16 apart separate', () => {
    expect(MERGE_GAP_WATCH).toBe(16);
    // 100 and 116: bytes 101..115 (15) unchanged between them.
    expect(findChangedRuns(...pairWithChangesAt(256, 100, 116), { mergeGap: MERGE_GAP_WATCH })).toEqual([{ start: 100, end: 117 }]);
    // 100 and 117: bytes 101..116 (16) unchanged between them.
    expect(findChangedRuns(...pairWithChangesAt(256, 100, 117), { mergeGap: MERGE_GAP_WATCH })).toEqual([
      { start: 100, end: 101 },
      { start: 117, end: 118 },
    ]);
  });

  it('the exact rule joins only touching changes', () => {
    expect(findChangedRuns(...pairWithChangesAt(64, 10, 11), { mergeGap: MERGE_GAP_EXACT })).toEqual([{ start: 10, end: 12 }]);
    expect(findChangedRuns(...pairWithChangesAt(64, 10, 12), { mergeGap: MERGE_GAP_EXACT })).toEqual([
      { start: 10, end: 11 },
      { start: 12, end: 13 },
    ]);
  });

  it('the callers keep their rules: the CLI diff merges like the watcher, Compare with file exactly', () => {
    expect(changedRuns(...pairWithChangesAt(256, 100, 116))).toEqual([{ start: 100, end: 117 }]);
    expect(changedRuns(...pairWithChangesAt(256, 100, 117))).toHaveLength(2);
    const ranges: { offset: number; length: number }[] = [];
    expect(appendDiffRanges(ranges, 0, ...pairWithChangesAt(64, 10, 11, 13))).toBe(3);
    expect(ranges).toEqual([
      { offset: 10, length: 2 },
      { offset: 13, length: 1 },
    ]);
  });

  it('the native watcher merges by the same gap (native/src/common/watcher.h kMergeGap)', () => {
    const header = readFileSync(join(__dirname, '..', '..', 'native', 'src', 'common', 'watcher.h'), 'utf8');
    expect(header).toMatch(new RegExp(`\\bkMergeGap = ${MERGE_GAP_WATCH};`));
  });
});

describe('findChangedRuns: chunks, spans and caps', () => {
  it('a run continues across chunks fed with their base offset, and across skip spans', () => {
    const [before, after] = pairWithChangesAt(3 * SKIP_SPAN, SKIP_SPAN - 1, SKIP_SPAN + 5, 2 * SKIP_SPAN + 100);
    const found = emptyChangedRuns();
    for (let base = 0; base < before.length; base += 1000) {
      const end = Math.min(base + 1000, before.length);
      appendChangedRuns(found, before.subarray(base, end), after.subarray(base, end), { mergeGap: MERGE_GAP_WATCH, base });
    }
    expect(found.runs).toEqual([
      { start: SKIP_SPAN - 1, end: SKIP_SPAN + 6 },
      { start: 2 * SKIP_SPAN + 100, end: 2 * SKIP_SPAN + 101 },
    ]);
    expect(found.changedBytes).toBe(3);
  });

  it('finds the same runs with a memcmp, by aligned words and on unaligned views', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const size = 3 * SKIP_SPAN + 13;
    const before = new Uint8Array(size + 1).map(() => (random() < 0.5 ? 0 : 1));
    const after = before.map((byte) => (random() < 0.01 ? byte ^ 0xff : byte));
    const expected: { start: number; end: number }[] = [];
    for (let i = 0; i < size; i++) {
      if (before[i] === after[i]) continue;
      const last = expected[expected.length - 1];
      if (last && i - last.end < MERGE_GAP_WATCH) last.end = i + 1;
      else expected.push({ start: i, end: i + 1 });
    }
    expect(expected.length).toBeGreaterThan(5);
    const [a, b] = [before.subarray(0, size), after.subarray(0, size)];
    const rule = { mergeGap: MERGE_GAP_WATCH };
    expect(findChangedRuns(a, b, rule)).toEqual(expected);
    const sameSpan = (from: number, to: number) => a.subarray(from, to).every((byte, i) => byte === b[from + i]);
    expect(findChangedRuns(a, b, { ...rule, sameSpan })).toEqual(expected);
    // One byte in: no 4-byte alignment, so bytes one by one.
    const shifted = findChangedRuns(before.subarray(1), after.subarray(1), rule).map((run) => ({ start: run.start + 1, end: run.end + 1 }));
    expect(shifted).toEqual(findChangedRuns(before, after, rule).filter((run) => run.end > 1));
  });

  it('Compare with file takes a million runs in one chunk (no spread of them onto the stack)', () => {
    const [a, b] = [new Uint8Array(2 << 20), new Uint8Array(2 << 20).map((_, i) => i % 2)];
    const ranges: { offset: number; length: number }[] = [];
    expect(appendDiffRanges(ranges, 0, a, b)).toBe(1 << 20);
    expect(ranges).toHaveLength(1 << 20);
    expect(ranges[ranges.length - 1]).toEqual({ offset: (2 << 20) - 1, length: 1 });
  });

  it('keeps at most maxRuns runs, says so, and still counts every changed byte', () => {
    const found = appendChangedRuns(emptyChangedRuns(), ...pairWithChangesAt(64, 0, 10, 20, 21), { mergeGap: MERGE_GAP_EXACT, maxRuns: 2 });
    expect(found.runs).toEqual([
      { start: 0, end: 1 },
      { start: 10, end: 11 },
    ]);
    expect(found.capped).toBe(true);
    expect(found.changedBytes).toBe(4);
  });
});
