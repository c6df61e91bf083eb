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
  /**
   * What the error is about: a failed refresh of the live string clears itself
   * when a refresh succeeds; a failed Set or Get stays until the next Set or Get.
   */
  errorSource: 'refresh' | 'form' | null;
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

/** The Get form's cch: empty for the whole capacity, else decimal digits only (no 0x10, no 1e3). */
export function parseCch(typed: string): { ok: true; cch: number | null } | { ok: false; message: string } {
  const text = typed.trim();
  if (text === '') return { ok: true, cch: null };
  const cch = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (Number.isSafeInteger(cch) && cch >= 1) return { ok: true, cch };
  return {
    ok: false,
    message: `cch must be a whole number of characters, 1 or more, in decimal digits (got "${text}"). Nothing was read.`,
  };
}

export const useTextStore = create<TextStore>()((set, get) => ({
  live: '',
  liveUnits: 0,
  liveLoaded: false,
  draft: '',
  cchDraft: '',
  lastSet: null,
  lastGet: null,
  error: null,
  errorSource: null,
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
    set({ busy: true, error: null, errorSource: null, lastSet: null });
    try {
      const result = await api().call('setString', { name, text });
      set({ lastSet: { ...result, requestedUnits: text.length }, busy: false });
      get().refreshLive();
    } catch (error) {
      set({ busy: false, error: describeError(error), errorSource: 'form' });
    }
  },

  async get() {
    const name = currentBlockName();
    if (!name) return;
    const parsed = parseCch(get().cchDraft);
    if (!parsed.ok) {
      set({ error: parsed.message, errorSource: 'form' });
      return;
    }
    const { cch } = parsed;
    set({ busy: true, error: null, errorSource: null });
    try {
      const result = await api().call('getString', cch === null ? { name } : { name, cch });
      set({ lastGet: { ...result, cch }, busy: false });
    } catch (error) {
      set({ busy: false, error: describeError(error), errorSource: 'form' });
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
        (result) =>
          set((s) => ({
            live: result.text,
            liveUnits: result.units,
            liveLoaded: true,
            ...(s.errorSource === 'refresh' ? { error: null, errorSource: null } : {}),
          })),
        (error) =>
          // A failed Set or Get says more than a failed refresh: do not hide it.
          set((s) => (s.errorSource === 'form' ? {} : { error: describeError(error), errorSource: 'refresh' })),
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
    set({ live: '', liveUnits: 0, liveLoaded: false, lastSet: null, lastGet: null, error: null, errorSource: null });
  },
}));
