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
});
