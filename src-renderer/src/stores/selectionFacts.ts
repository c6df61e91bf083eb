// Selection facts: length, CRC-32, Adler-32 and SHA-256 of the selection,
// computed by the main process (`digest`, chunked there so a 256 MiB
// selection never blocks it). Only the answer for the latest range is kept,
// and a newer range cancels the digest of the one before (the host stops it
// and frees its heavy-job slot, rather than hash 256 MiB no one will see). At
// a moment in the History the facts are of that moment's bytes, computed here
// (`computeOf`): the main process only sees the block as it is now.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { InspectorApi, SelectionDigests } from '../contract';
import { localDigests } from '../lib/localDigests';
import { describeForUser } from '../lib/userMessage';

export interface SelectionFactsState {
  /** The range the facts are for (or being computed for). */
  range: { offset: number; length: number } | null;
  facts: SelectionDigests | null;
  /** The moment the facts are of (epoch ms of the History's moment), or null for the live block. */
  momentTime: number | null;
  computing: boolean;
  error: string | null;
  /** The facts of the live block's bytes, by the main process. */
  compute(blockName: string, offset: number, length: number): Promise<void>;
  /** The facts of `bytes`, the range at `offset` as it was at the History's moment `momentTime`, computed here. */
  computeOf(offset: number, bytes: Uint8Array, momentTime: number): Promise<void>;
}

export type SelectionFactsStore = StoreApi<SelectionFactsState>;

export function createSelectionFactsStore(api: InspectorApi): SelectionFactsStore {
  let latest = 0;
  let inFlight: AbortController | null = null;
  return createStore<SelectionFactsState>()((set) => ({
    range: null,
    facts: null,
    momentTime: null,
    computing: false,
    error: null,
    async compute(blockName, offset, length) {
      const request = ++latest;
      inFlight?.abort();
      const controller = (inFlight = new AbortController());
      set({ range: { offset, length }, momentTime: null, computing: true, error: null });
      try {
        const facts = await api.call('digest', { name: blockName, offset, length }, { signal: controller.signal });
        if (request === latest) set({ facts, computing: false });
      } catch (error) {
        if (request === latest) set({ facts: null, computing: false, error: describeForUser(error) });
      } finally {
        if (inFlight === controller) inFlight = null;
      }
    },
    async computeOf(offset, bytes, momentTime) {
      const request = ++latest;
      inFlight?.abort(); // the live digest asked before is not what is shown now
      inFlight = null;
      set({ range: { offset, length: bytes.length }, momentTime, computing: true, error: null });
      try {
        const facts = await localDigests(bytes);
        if (request === latest) set({ facts, computing: false });
      } catch (error) {
        if (request === latest) set({ facts: null, computing: false, error: describeForUser(error) });
      }
    },
  }));
}
