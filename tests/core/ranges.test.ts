import { describe, expect, it } from 'vitest';
import { changedRuns, unionOf } from '../../src-main/core/ranges';

describe('ranges', () => {
  it('unionOf merges overlapping and touching intervals and drops empty ones', () => {
    expect(
      unionOf([
        { start: 10, end: 20 },
        { start: 0, end: 5 },
        { start: 15, end: 30 },
        { start: 30, end: 31 },
        { start: 40, end: 40 },
      ]),
    ).toEqual([
      { start: 0, end: 5 },
      { start: 10, end: 31 },
    ]);
  });

  it('changedRuns finds changed bytes across chunk borders and merges gaps under 16', () => {
    const before = new Uint8Array(1000);
    const after = new Uint8Array(1000);
    after[255] = 1;
    after[256] = 1; // across the 256-byte chunk border
    after[270] = 1; // 13 bytes on: merged
    after[600] = 1; // far: its own run
    after[999] = 1;
    expect(changedRuns(before, after)).toEqual([
      { start: 255, end: 271 },
      { start: 600, end: 601 },
      { start: 999, end: 1000 },
    ]);
    expect(changedRuns(after, after)).toEqual([]);
  });
});
