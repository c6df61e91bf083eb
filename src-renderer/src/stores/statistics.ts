// The Statistics panel's numbers: byte histogram, Shannon entropy and byte
// classes of the selection (or the whole block), from the main process's
// byteStats call (native code off its main thread). Only the answer for the
// latest request is kept, and a newer request cancels the one before.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ByteStats, InspectorApi } from '../contract';
import { describeForUser } from '../lib/userMessage';

export interface StatisticsState {
  stats: ByteStats | null;
  computing: boolean;
  error: string | null;
  /** When the shown numbers were asked for (epoch ms), for "live, at most once a second". */
  computedAt: number;
  compute(blockName: string, offset: number, length: number): Promise<void>;
  reset(): void;
}

export type StatisticsStore = StoreApi<StatisticsState>;

export function createStatisticsStore(api: InspectorApi): StatisticsStore {
  let latest = 0;
  let inFlight: AbortController | null = null;
  return createStore<StatisticsState>()((set) => ({
    stats: null,
    computing: false,
    error: null,
    computedAt: 0,
    async compute(blockName, offset, length) {
      const request = ++latest;
      inFlight?.abort();
      const controller = (inFlight = new AbortController());
      set({ computing: true, error: null, computedAt: Date.now() });
      try {
        const stats = await api.call('byteStats', { name: blockName, offset, length }, { signal: controller.signal });
        if (request === latest) set({ stats, computing: false });
      } catch (error) {
        if (request === latest) set({ stats: null, computing: false, error: describeForUser(error) });
      } finally {
        if (inFlight === controller) inFlight = null;
      }
    },
    reset() {
      latest++;
      inFlight?.abort();
      inFlight = null;
      set({ stats: null, computing: false, error: null, computedAt: 0 });
    },
  }));
}
