// The Statistics panel's numbers: byte histogram, Shannon entropy and byte
// classes of the selection (or the whole block), from the main process's
// byteStats call (native code off its main thread). Only the answer for the
// latest request is kept, and a newer request cancels the one before. A
// request for the same range as the one before names the ranges heard changed
// since that one began: the host counts only their regions again.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ByteStats, InspectorApi } from '../contract';
import { describeForUser } from '../lib/userMessage';
import { ChangedRanges } from './statisticsChanges';

export interface StatisticsState {
  stats: ByteStats | null;
  computing: boolean;
  error: string | null;
  /** When the shown numbers were asked for (epoch ms), for "live, at most once a second". */
  computedAt: number;
  compute(blockName: string, offset: number, length: number): Promise<void>;
  reset(): void;
  /** Ranges heard changed: the next compute of the same range counts only their regions again. */
  noteToCount(ranges: readonly { offset: number; length: number }[]): void;
  /** Changes may have gone unheard: the next compute counts everything. */
  noteUnheard(): void;
}

export type StatisticsStore = StoreApi<StatisticsState>;

export function createStatisticsStore(api: InspectorApi): StatisticsStore {
  let latest = 0;
  let inFlight: AbortController | null = null;
  const toCount = new ChangedRanges();
  let inFlightTook: ReturnType<ChangedRanges['take']> = undefined;
  let lastRange = '';
  const abortInFlight = () => {
    if (inFlight) toCount.putBack(inFlightTook);
    inFlight?.abort();
    inFlight = null;
  };
  return createStore<StatisticsState>()((set) => ({
    stats: null,
    computing: false,
    error: null,
    computedAt: 0,
    async compute(blockName, offset, length) {
      const request = ++latest;
      abortInFlight(); // its ranges go back first: this call's must include them
      const range = `${blockName}\n${offset}\n${length}`;
      if (range !== lastRange) toCount.everything();
      lastRange = range;
      const changed = (inFlightTook = toCount.take());
      const controller = (inFlight = new AbortController());
      set({ computing: true, error: null, computedAt: Date.now() });
      try {
        const args = { name: blockName, offset, length, ...(changed ? { changed } : {}) };
        const stats = await api.call('byteStats', args, { signal: controller.signal });
        if (request === latest) set({ stats, computing: false });
      } catch (error) {
        if (!controller.signal.aborted) toCount.putBack(changed); // an abort put them back already
        if (request === latest) set({ stats: null, computing: false, error: describeForUser(error) });
      } finally {
        if (inFlight === controller) inFlight = null;
      }
    },
    reset() {
      latest++;
      abortInFlight();
      toCount.everything();
      set({ stats: null, computing: false, error: null, computedAt: 0 });
    },
    noteToCount(ranges) {
      toCount.add(ranges);
    },
    noteUnheard() {
      toCount.everything();
    },
  }));
}
