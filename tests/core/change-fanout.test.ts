// The fan-out's merge: the union of a client's pending ranges, the latest bytes where they overlap.
import { describe, expect, it } from 'vitest';
import type { BlockChangedEvent } from '../../src-shared/contract';
import { ChangeFanout, mergeLatest } from '../../src-main/core/change-fanout';

const range = (offset: number, ...bytes: number[]) => ({ offset, bytes: Uint8Array.from(bytes) });
const plain = (ranges: { offset: number; bytes: Uint8Array }[]) => ranges.map((r) => ({ offset: r.offset, bytes: [...r.bytes] }));

describe('mergeLatest', () => {
  it('joins overlapping and touching ranges, later bytes winning, and keeps gaps', () => {
    const merged = mergeLatest([range(10, 1, 1, 1, 1), range(12, 2, 2, 2), range(15, 3), range(30, 4), range(8, 5, 5)]);
    expect(plain(merged)).toEqual([
      { offset: 8, bytes: [5, 5, 1, 1, 2, 2, 2, 3] },
      { offset: 30, bytes: [4] },
    ]);
  });
});

describe('ChangeFanout', () => {
  it('sends one event per client with the union and the latest time, then nothing until more comes', () => {
    const fanout = new ChangeFanout();
    fanout.add('a', 'blk', [range(8, 1, 0, 0, 0)], 100, 64);
    fanout.add('a', 'blk', [range(8, 2, 0, 0, 0)], 101, 64);
    fanout.add('b', 'blk', [range(40, 9)], 102, 64);
    const sent: [string, BlockChangedEvent][] = [];
    fanout.flush((clientId, event) => sent.push([clientId, event]));
    expect(sent.map(([id, e]) => [id, e.name, plain(e.ranges), e.detectedAt])).toEqual([
      ['a', 'blk', [{ offset: 8, bytes: [2, 0, 0, 0] }], 101],
      ['b', 'blk', [{ offset: 40, bytes: [9] }], 102],
    ]);
    fanout.flush((clientId, event) => sent.push([clientId, event]));
    expect(sent).toHaveLength(2);
  });

  it('holds at most twice the watched length per client however many changes come', () => {
    const fanout = new ChangeFanout();
    for (let i = 0; i < 10_000; i++) fanout.add('a', 'blk', [range(i % 60, i & 0xff, 7, 7, 7)], i, 64);
    const held = (fanout as unknown as { pending: Map<string, { bytes: number }> }).pending.get('a')!.bytes;
    expect(held).toBeLessThanOrEqual(2 * 64);
    let event: BlockChangedEvent | undefined;
    fanout.flush((_, e) => (event = e));
    // One span 0..63; the last write (9999, at 9999 % 60 = 39) is on top.
    expect(event!.ranges.map((r) => [r.offset, r.bytes.length])).toEqual([[0, 63]]);
    expect([...event!.ranges[0]!.bytes.subarray(39, 43)]).toEqual([9999 & 0xff, 7, 7, 7]);
  });

  it('forgets a dropped client, and a client that moved to another block keeps only the new one', () => {
    const fanout = new ChangeFanout();
    fanout.add('a', 'one', [range(0, 1)], 1, 16);
    fanout.drop('a');
    expect(fanout.hasPending()).toBe(false);
    fanout.add('b', 'one', [range(0, 1)], 1, 16);
    fanout.add('b', 'two', [range(4, 2)], 2, 16);
    const sent: BlockChangedEvent[] = [];
    fanout.flush((_, e) => sent.push(e));
    expect(sent.map((e) => [e.name, plain(e.ranges)])).toEqual([['two', [{ offset: 4, bytes: [2] }]]]);
  });
});
