// The change ring: every reconstruction is checked against the bytes as they
// really were, recorded while a random sequence of writes was applied.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHANGE_OVERHEAD, ChangeHistory, DEFAULT_HISTORY_BUDGET } from '../../src-main/core/history';

/** Applies random writes to `bytes`, recording each; returns the state after each time. */
function simulate(history: ChangeHistory, bytes: Uint8Array, steps: number): Map<number, Uint8Array> {
  const states = new Map<number, Uint8Array>();
  for (let t = 1; t <= steps; t++) {
    const writes = 1 + (t % 3); // several changes may share a time
    for (let w = 0; w < writes; w++) {
      const length = 1 + Math.floor(Math.random() * 16);
      const offset = Math.floor(Math.random() * (bytes.length - length));
      const before = bytes.slice(offset, offset + length);
      const after = Uint8Array.from(randomBytes(length));
      bytes.set(after, offset);
      history.record({ time: t, offset, before, after });
    }
    states.set(t, bytes.slice());
  }
  return states;
}

describe('ChangeHistory', () => {
  it('rebuilds any range at any recorded time from the bytes now', () => {
    const initial = Uint8Array.from(randomBytes(256));
    const bytes = initial.slice();
    const history = new ChangeHistory({ startedAt: 0 });
    const states = simulate(history, bytes, 60);
    states.set(0, initial);
    for (const [time, state] of states) {
      expect(history.bytesAt(bytes, 0, time)).toEqual(state);
      expect(history.bytesAt(bytes.subarray(100, 140), 100, time)).toEqual(state.subarray(100, 140));
      expect(history.bytesAt(bytes, 0, time + 0.5)).toEqual(state); // between changes: the last state
    }
    expect(history.times()).toEqual([...Array(60).keys()].map((i) => i + 1));
    expect(history.completeSince).toBe(0);
  });

  it('drops the oldest changes over budget, says from when it is complete, and still rebuilds from then on', () => {
    const budget = 40 * (CHANGE_OVERHEAD + 32);
    const history = new ChangeHistory({ budgetBytes: budget, startedAt: 0 });
    const bytes = Uint8Array.from(randomBytes(512));
    const states = simulate(history, bytes, 100);
    const stats = history.stats();
    expect(stats.bytes).toBeLessThanOrEqual(budget);
    expect(stats.dropped).toBeGreaterThan(0);
    expect(stats.count).toBeGreaterThan(10);
    const since = history.completeSince;
    expect(since).toBeGreaterThan(0);
    // The oldest kept change is at or after completeSince, and nothing older is kept.
    expect(history.changesBetween()[0]!.time).toBeGreaterThanOrEqual(since);
    for (const [time, state] of states) {
      if (time < since) {
        expect(() => history.bytesAt(bytes, 0, time)).toThrow(expect.objectContaining({ code: 'ERR_HISTORY_INCOMPLETE' }));
      } else {
        expect(history.bytesAt(bytes, 0, time)).toEqual(state);
      }
    }
  });

  it('keeps many changes cheaply: dropping is amortised, memory stays under budget', () => {
    const history = new ChangeHistory({ budgetBytes: 1024 * 1024 });
    for (let t = 0; t < 200_000; t++)
      history.record({ time: t, offset: t % 4096, before: Uint8Array.of(1, 2, 3, 4), after: Uint8Array.of(5, 6, 7, 8) });
    const { bytes, count, completeSince } = history.stats();
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(count).toBe(Math.floor((1024 * 1024) / (CHANGE_OVERHEAD + 8)));
    expect(completeSince).toBe(199_999 - count);
  });

  it('lists changes between times and exports JSON Lines, one change per line', () => {
    const history = new ChangeHistory();
    history.record({ time: 10, offset: 0x1f0, before: Uint8Array.of(0, 1), after: Uint8Array.of(0xab, 0xcd) });
    history.record({ time: 20, offset: 4, before: Uint8Array.of(9), after: Uint8Array.of(8) });
    expect(history.changesBetween(10, 20).map((c) => c.time)).toEqual([20]);
    expect(history.changesBetween(0, 10).map((c) => c.time)).toEqual([10]);
    const lines = history
      .exportJsonLines()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { time: 10, offset: 0x1f0, before: '0001', after: 'abcd' },
      { time: 20, offset: 4, before: '09', after: '08' },
    ]);
  });

  it('gives the newest distinct times touching a range, as the full scan did, stopping at max', () => {
    // The scan historyTimes did before newestTimes: every kept change, oldest first, then the last `max`.
    const fullScan = (history: ChangeHistory, start: number, end: number, max: number): number[] => {
      const times: number[] = [];
      for (const change of history.changesBetween()) {
        const touches = change.offset < end && change.offset + change.after.length > start;
        if (touches && times[times.length - 1] !== change.time) times.push(change.time);
      }
      return times.slice(-max);
    };
    // Up to three changes share a time (duplicates), and the budget drops the oldest (a moving head).
    const history = new ChangeHistory({ budgetBytes: 300_000, startedAt: 0 });
    simulate(history, new Uint8Array(256), 3000);
    expect(history.stats().dropped).toBeGreaterThan(1024);
    const windows = [
      [0, 256],
      [100, 101],
      [10, 40],
      [255, 256],
      [300, 400], // past every change: none
    ] as const;
    for (const [start, end] of windows) {
      for (const max of [1, 2, 7, 100, 4096, 100_000]) {
        expect(history.newestTimes(start, end, max), `[${start}, ${end}) max ${max}`).toEqual(fullScan(history, start, end, max));
      }
    }
    expect(history.newestTimes(0, 256, 3)).toEqual([2998, 2999, 3000]); // every step writes somewhere
    expect(history.newestTimes(0, 256, 100_000)).toEqual(history.times());
    // After a time: only the newer ones, the newest `max` of them.
    for (const [start, end] of windows) {
      for (const after of [-Infinity, 0, 2500, 2999.5, 3000, 5000]) {
        for (const max of [1, 7, 4096]) {
          const expected = fullScan(history, start, end, 100_000)
            .filter((t) => t > after)
            .slice(-max);
          expect(history.newestTimes(start, end, max, after), `[${start}, ${end}) after ${after} max ${max}`).toEqual(expected);
        }
      }
    }
  });

  it('refuses changes out of time order, of mismatched length, and a budget too small', () => {
    const history = new ChangeHistory({ startedAt: 5 });
    expect(() => history.record({ time: 4, offset: 0, before: Uint8Array.of(1), after: Uint8Array.of(2) })).toThrow(/time order/);
    history.record({ time: 6, offset: 0, before: Uint8Array.of(1), after: Uint8Array.of(2) });
    expect(() => history.record({ time: 5, offset: 0, before: Uint8Array.of(1), after: Uint8Array.of(2) })).toThrow(/time order/);
    expect(() => history.record({ time: 7, offset: 0, before: Uint8Array.of(1), after: Uint8Array.of(2, 3) })).toThrow(
      expect.objectContaining({ code: 'ERR_HISTORY_CHANGE' }),
    );
    expect(() => history.record({ time: 7, offset: -1, before: Uint8Array.of(1), after: Uint8Array.of(2) })).toThrow(
      expect.objectContaining({ code: 'ERR_HISTORY_CHANGE' }),
    );
    expect(() => new ChangeHistory({ budgetBytes: 10 })).toThrow(expect.objectContaining({ code: 'ERR_HISTORY_BUDGET' }));
    expect(new ChangeHistory().budgetBytes).toBe(DEFAULT_HISTORY_BUDGET);
    expect(history.count).toBe(1);
  });
});
