// The block map's data: a fixed number of regions of the whole block, each
// with its byte classes and entropy (the main process's blockMap call, native
// code off its main thread) and when a change was last seen in it (the
// window's live changes and the whole-block change marks). The region count
// is fixed, so neither the call's answer nor the drawing grows with the block.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BlockMapResult, InspectorApi } from '../contract';
import { describeForUser } from '../lib/userMessage';
import { ChangedRanges } from './statisticsChanges';

/** The most regions of the map, whatever the block's size (a short map shows fewer, each at least MIN_BAND_PX tall). */
export const MAP_REGIONS = 256;
/** The fewest regions, however short the map. */
export const MIN_MAP_REGIONS = 16;
/** Pixels per region at least, so that each region can be pointed at. */
export const MIN_BAND_PX = 2;

/** Regions a map `height` pixels tall shows of a block of `size` bytes. */
export function regionsFor(height: number, size: number): number {
  const fitting = Math.min(MAP_REGIONS, Math.max(MIN_MAP_REGIONS, Math.floor(height / MIN_BAND_PX)));
  return Math.max(1, Math.min(fitting, size));
}

export type MapMode = 'class' | 'entropy' | 'recency';
export const MAP_MODES: readonly MapMode[] = ['class', 'entropy', 'recency'];

export interface BlockMapState {
  name: string | null;
  size: number;
  /** How many regions the map shows now (regionsFor its height). */
  regions: number;
  /** Bytes per region (the last may be shorter). */
  regionBytes: number;
  map: BlockMapResult | null;
  mode: MapMode;
  /** Epoch ms of the last change seen in each region (0: none yet). */
  lastChange: number[];
  error: string | null;
  /** How long the last blockMap call took (ms): refreshes are spaced by a multiple of it, bounding the host's CPU. */
  lastDurationMs: number;
  reset(block: { name: string; size: number } | null): void;
  setMode(mode: MapMode): void;
  /** The map's height changed how many regions it shows: their data starts over. */
  setRegions(regions: number): void;
  /**
   * Asks for the map again: only the regions changed since the last refresh
   * began are counted again (the host keeps the others'), or all of them when
   * `full` (changes may have gone unheard) or nothing is known.
   */
  refresh(full?: boolean): Promise<void>;
  /** Ranges that changed at `time`: their regions are now the most recently changed. */
  noteChanged(ranges: readonly { offset: number; length: number }[], time: number): void;
  /** Ranges heard changed: the next refresh counts their regions again. */
  noteToCount(ranges: readonly { offset: number; length: number }[]): void;
  /** Changes may have gone unheard: the next refresh counts every region. */
  noteUnheard(): void;
}

export type BlockMapStore = StoreApi<BlockMapState>;

const regionBytesOf = (size: number, regions: number) => Math.max(1, Math.ceil(size / regions));

export function createBlockMapStore(api: InspectorApi): BlockMapStore {
  let latest = 0;
  let inFlight: AbortController | null = null;
  // Change times heard of while the map shows another mode: kept here, not in
  // the state, so a write renders nothing the map does not show (issue 22);
  // taken into the state when the recency mode is chosen.
  let unseenChanges: number[] | null = null;
  // What the next refresh must count again, and what the one in flight took.
  const toCount = new ChangedRanges();
  let inFlightTook: ReturnType<ChangedRanges['take']> = undefined;
  const abortInFlight = () => {
    if (inFlight) toCount.putBack(inFlightTook);
    inFlight?.abort();
    inFlight = null;
  };
  return createStore<BlockMapState>()((set, get) => ({
    name: null,
    size: 0,
    regions: MAP_REGIONS,
    regionBytes: 1,
    map: null,
    mode: 'class',
    lastChange: new Array<number>(MAP_REGIONS).fill(0),
    error: null,
    lastDurationMs: 0,
    reset(block) {
      latest++;
      unseenChanges = null;
      abortInFlight();
      toCount.everything();
      set({
        name: block?.name ?? null,
        size: block?.size ?? 0,
        regionBytes: regionBytesOf(block?.size ?? 0, get().regions),
        map: null,
        lastChange: new Array<number>(get().regions).fill(0),
        error: null,
      });
    },
    setMode(mode) {
      if (mode === 'recency' && unseenChanges) set({ mode, lastChange: unseenChanges });
      else set({ mode });
      unseenChanges = null;
    },
    setRegions(regions) {
      if (regions === get().regions) return;
      latest++;
      unseenChanges = null;
      abortInFlight();
      toCount.everything();
      set({ regions, regionBytes: regionBytesOf(get().size, regions), map: null, lastChange: new Array<number>(regions).fill(0) });
      void get().refresh();
    },
    async refresh(full = false) {
      const { name, size, regions } = get();
      if (!name || size === 0) return;
      const request = ++latest;
      abortInFlight(); // its ranges go back first: this call's must include them
      if (full) toCount.everything();
      const changed = (inFlightTook = toCount.take());
      const controller = (inFlight = new AbortController());
      const startedAt = Date.now();
      try {
        const args = { name, regions: Math.min(regions, size), ...(changed ? { changed } : {}) };
        const map = await api.call('blockMap', args, { signal: controller.signal });
        if (request === latest) set({ map, regionBytes: map.regionBytes, error: null, lastDurationMs: Date.now() - startedAt });
      } catch (error) {
        if (!controller.signal.aborted) toCount.putBack(changed); // an abort put them back already
        if (request === latest && !controller.signal.aborted) set({ error: describeForUser(error) });
      } finally {
        if (inFlight === controller) inFlight = null;
      }
    },
    noteToCount(ranges) {
      toCount.add(ranges);
    },
    noteUnheard() {
      toCount.everything();
    },
    noteChanged(ranges, time) {
      const { regionBytes, regions, mode } = get();
      const lastChange = unseenChanges ?? get().lastChange;
      let next: number[] | null = null;
      for (const { offset, length } of ranges) {
        const first = Math.floor(offset / regionBytes);
        const last = Math.min(regions - 1, Math.floor((offset + Math.max(1, length) - 1) / regionBytes));
        for (let region = first; region <= last; region++) {
          if ((next ?? lastChange)[region]! >= time) continue;
          next ??= lastChange.slice();
          next[region] = time;
        }
      }
      if (!next) return;
      if (mode === 'recency') set({ lastChange: next });
      else unseenChanges = next;
    },
  }));
}
