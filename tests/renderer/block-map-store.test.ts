// Issue 24: the block map's and the Statistics panel's stores. The map's
// region count follows its height (each region at least MIN_BAND_PX tall,
// MIN_MAP_REGIONS to MAP_REGIONS, never more than the block's bytes), changes
// mark the regions they touch with their time, and a newer request aborts the
// one before through the call's signal.
import { describe, expect, it } from 'vitest';
import type { CallName, CallOptions, InspectorApi } from '../../src-shared/contract';
import { ContractError } from '../../src-shared/contract';
import { MAP_REGIONS, MIN_MAP_REGIONS, createBlockMapStore, regionsFor } from '../../src-renderer/src/stores/blockMap';
import { createStatisticsStore } from '../../src-renderer/src/stores/statistics';
import { followHeardChanges } from '../../src-renderer/src/stores/statisticsChanges';
import { createTimelineStore } from '../../src-renderer/src/stores/timeline';

function hangingApi(): { api: InspectorApi; calls: { call: CallName; args: unknown; signal?: AbortSignal }[] } {
  const calls: { call: CallName; args: unknown; signal?: AbortSignal }[] = [];
  const api: InspectorApi = {
    call: ((call: CallName, args: unknown, options?: CallOptions) => {
      calls.push({ call, args, signal: options?.signal });
      return new Promise((_resolve, reject) => {
        options?.signal?.addEventListener('abort', () => reject(new ContractError('ERR_STATS_CANCELLED', 'cancelled')));
      });
    }) as InspectorApi['call'],
    on: () => () => undefined,
  };
  return { api, calls };
}

/** An api whose calls the test answers (and which rejects a call whose signal aborts). */
function answeringApi() {
  const answers: { args: unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];
  const api: InspectorApi = {
    call: ((_call: CallName, args: unknown, options?: CallOptions) =>
      new Promise<unknown>((resolve, reject) => {
        answers.push({ args, resolve, reject });
        options?.signal?.addEventListener('abort', () => reject(new ContractError('ERR_STATS_CANCELLED', 'cancelled')));
      })) as InspectorApi['call'],
    on: () => () => undefined,
  };
  return { api, answers };
}

/** The offsets of a call's `changed` ranges, sorted (undefined: it counts everything). */
const namedOffsets = (args: unknown) => (args as { changed?: { offset: number }[] }).changed?.map((r) => r.offset).sort((a, b) => a - b);

describe('block map store', () => {
  it('regions follow the height, within their bounds and the block', () => {
    expect(regionsFor(1000, 64 << 20)).toBe(MAP_REGIONS);
    expect(regionsFor(300, 64 << 20)).toBe(150);
    expect(regionsFor(10, 64 << 20)).toBe(MIN_MAP_REGIONS);
    expect(regionsFor(1000, 7)).toBe(7);
  });

  it('a change marks the regions it touches with its time; an older time never replaces a newer', () => {
    const { api } = hangingApi();
    const store = createBlockMapStore(api);
    store.getState().reset({ name: 'b', size: 256 * 4096 });
    expect(store.getState().regionBytes).toBe(4096);
    store.getState().noteChanged([{ offset: 4095, length: 2 }], 100);
    store.getState().noteChanged([{ offset: 256 * 4096 - 1, length: 1 }], 200);
    store.getState().noteChanged([{ offset: 0, length: 1 }], 50);
    store.getState().setMode('recency');
    const { lastChange } = store.getState();
    expect([lastChange[0], lastChange[1], lastChange[2], lastChange[255]]).toEqual([100, 100, 0, 200]);
  });

  it('a change heard of in another mode changes no state (nothing renders), and shows once recency is chosen', () => {
    const { api } = hangingApi();
    const store = createBlockMapStore(api);
    store.getState().reset({ name: 'b', size: 256 * 4096 });
    const before = store.getState();
    store.getState().noteChanged([{ offset: 8192, length: 1 }], 300);
    expect(store.getState()).toBe(before);
    store.getState().setMode('recency');
    expect(store.getState().lastChange[2]).toBe(300);
    store.getState().noteChanged([{ offset: 0, length: 1 }], 400);
    expect(store.getState().lastChange[0]).toBe(400);
  });

  it('a newer refresh, or a new region count, aborts the map asked for before', () => {
    const { api, calls } = hangingApi();
    const store = createBlockMapStore(api);
    store.getState().reset({ name: 'b', size: 1 << 20 });
    void store.getState().refresh();
    void store.getState().refresh();
    store.getState().setRegions(64);
    expect(calls.map((c) => [c.call, (c.args as { regions: number }).regions])).toEqual([
      ['blockMap', MAP_REGIONS],
      ['blockMap', MAP_REGIONS],
      ['blockMap', 64],
    ]);
    expect(calls.map((c) => c.signal?.aborted)).toEqual([true, true, false]);
    expect(store.getState().regionBytes).toBe((1 << 20) / 64);
  });

  it('statistics: a newer range aborts the byteStats of the one before', () => {
    const { api, calls } = hangingApi();
    const store = createStatisticsStore(api);
    void store.getState().compute('b', 0, 4096);
    void store.getState().compute('b', 16, 32);
    expect(calls.map((c) => c.call)).toEqual(['byteStats', 'byteStats']);
    expect(calls.map((c) => c.signal?.aborted)).toEqual([true, false]);
  });

  it('a refresh names the ranges heard changed since the one before began; an aborted or failed one gives them to the next', async () => {
    const { api, answers } = answeringApi();
    const store = createBlockMapStore(api);
    store.getState().reset({ name: 'b', size: 1 << 20 });
    const map = { name: 'b', offset: 0, length: 1 << 20, regionBytes: 4096, classes: [], entropy: [] };
    const first = store.getState().refresh(); // nothing known yet: everything
    answers[0]!.resolve(map);
    await first;
    store.getState().noteToCount([{ offset: 5, length: 1 }]);
    const failing = store.getState().refresh();
    store.getState().noteToCount([{ offset: 9, length: 1 }]); // heard during the call: for the next one
    answers[1]!.reject(new ContractError('ERR_SHM_BUSY', 'busy'));
    await failing;
    const aborted = store.getState().refresh();
    store.getState().noteToCount([{ offset: 7, length: 1 }]);
    void store.getState().refresh(); // aborts the one before: its ranges come back to this one
    await aborted;
    void store.getState().refresh(true); // full: nothing named
    expect(answers.map((a) => namedOffsets(a.args))).toEqual([undefined, [5], [5, 9], [5, 7, 9], undefined]);
  });

  it('statistics: the same range again names the ranges heard changed; another range, or unheard changes, count everything', async () => {
    const { api, answers } = answeringApi();
    const store = createStatisticsStore(api);
    const compute = async (offset: number, length: number) => {
      const done = store.getState().compute('b', offset, length);
      answers.at(-1)!.resolve({});
      await done;
    };
    await compute(0, 1 << 20);
    store.getState().noteToCount([{ offset: 4, length: 4 }]);
    await compute(0, 1 << 20);
    await compute(0, 1 << 20);
    store.getState().noteToCount([{ offset: 8, length: 4 }]);
    await compute(16, 1 << 19);
    store.getState().noteToCount([{ offset: 32, length: 4 }]);
    store.getState().noteUnheard();
    await compute(16, 1 << 19);
    expect(answers.map((a) => namedOffsets(a.args))).toEqual([undefined, [4], [], undefined, undefined]);
  });

  it('every change the timeline hears of is reported, two in the same millisecond included', () => {
    const { api } = hangingApi();
    const timeline = createTimelineStore(api);
    timeline.getState().reset({ name: 'b', size: 1 << 20 });
    const heard: number[] = [];
    let unheard = 0;
    const stop = followHeardChanges(
      timeline,
      (ranges) => heard.push(...ranges.map((r) => r.offset)),
      () => unheard++,
    );
    const event = (offset: number, detectedAt: number) => ({ name: 'b', ranges: [{ offset, bytes: new Uint8Array(2) }], detectedAt });
    timeline.getState().noteChange(event(100, 1000));
    timeline.getState().noteChange(event(200, 1000));
    timeline.getState().noteChange(event(300, 1001));
    timeline
      .getState()
      .applyMarks({ name: 'b', regionSize: 65536, regions: [{ offset: 65536, length: 65536, changedAt: 5 }], checkedAt: 5 });
    expect(heard).toEqual([100, 200, 300, 65536]);
    expect(unheard).toBe(0);
    timeline.getState().reset({ name: 'c', size: 4096 });
    expect(unheard).toBe(1);
    stop();
  });
});
