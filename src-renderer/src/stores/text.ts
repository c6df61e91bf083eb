// The seed's string at offset 0: the live value, the Set/Get forms and what
// they answered. Set is the original SetSharedMem; Get is GetSharedMem.
import { create } from 'zustand';
import type { GetStringResult, SetStringResult } from '../contract';
import { describeError } from '../transport/errors';
import { api } from './api';
import { currentBlockName } from './block';

export interface SetOutcome extends SetStringResult {
  /** UTF-16 code units the user asked to store. */
  requestedUnits: number;
}

export interface GetOutcome extends GetStringResult {
  cch: number | null;
}

interface TextStore {
  live: string;
  liveUnits: number;
  liveLoaded: boolean;
  draft: string;
  /** The Get form's cch, as typed; empty means the whole capacity. */
  cchDraft: string;
  lastSet: SetOutcome | null;
  lastGet: GetOutcome | null;
  error: string | null;
  busy: boolean;
  setDraft(text: string): void;
  setCchDraft(text: string): void;
  set(): Promise<void>;
  get(): Promise<void>;
  /** Reads the live string again; coalesces bursts of changes into one call at a time. */
  refreshLive(): void;
  reset(): void;
}

let refreshing = false;
let refreshAgain = false;

export const useTextStore = create<TextStore>()((set, get) => ({
  live: '',
  liveUnits: 0,
  liveLoaded: false,
  draft: '',
  cchDraft: '',
  lastSet: null,
  lastGet: null,
  error: null,
  busy: false,

  setDraft(text) {
    set({ draft: text });
  },

  setCchDraft(text) {
    set({ cchDraft: text });
  },

  async set() {
    const name = currentBlockName();
    if (!name) return;
    const text = get().draft;
    set({ busy: true, error: null, lastSet: null });
    try {
      const result = await api().call('setString', { name, text });
      set({ lastSet: { ...result, requestedUnits: text.length }, busy: false });
      get().refreshLive();
    } catch (error) {
      set({ busy: false, error: describeError(error) });
    }
  },

  async get() {
    const name = currentBlockName();
    if (!name) return;
    const typed = get().cchDraft.trim();
    const cch = typed === '' ? null : Number(typed);
    if (cch !== null && !(Number.isInteger(cch) && cch >= 1)) {
      set({ error: `cch must be a whole number of characters, 1 or more (got "${typed}"). Nothing was read.` });
      return;
    }
    set({ busy: true, error: null });
    try {
      const result = await api().call('getString', cch === null ? { name } : { name, cch });
      set({ lastGet: { ...result, cch }, busy: false });
    } catch (error) {
      set({ busy: false, error: describeError(error) });
    }
  },

  refreshLive() {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    const name = currentBlockName();
    if (!name) return;
    refreshing = true;
    api()
      .call('getString', { name })
      .then(
        (result) => set({ live: result.text, liveUnits: result.units, liveLoaded: true }),
        (error) => set({ error: describeError(error) }),
      )
      .finally(() => {
        refreshing = false;
        if (refreshAgain) {
          refreshAgain = false;
          get().refreshLive();
        }
      });
  },

  reset() {
    set({ live: '', liveUnits: 0, liveLoaded: false, lastSet: null, lastGet: null, error: null });
  },
}));
