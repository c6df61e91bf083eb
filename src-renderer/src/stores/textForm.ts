// The Set and Get forms of the seed's string at offset 0: what the user typed
// and what each call answered. Set is the original SetSharedMem; Get is
// GetSharedMem. Each has its own result and its own error, so a failed Get
// never hides or replaces what Set said, and the reverse.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { GetStringResult, InspectorApi, SetStringResult } from '../contract';
import { describeError } from '../transport/errors';

export interface SetOutcome extends SetStringResult {
  /** UTF-16 code units the user asked to store. */
  requestedUnits: number;
}

export interface GetOutcome extends GetStringResult {
  cch: number | null;
}

export interface TextFormState {
  draft: string;
  /** The Get form's cch, as typed; empty means the whole capacity. */
  cchDraft: string;
  setting: boolean;
  lastSet: SetOutcome | null;
  setError: string | null;
  getting: boolean;
  lastGet: GetOutcome | null;
  getError: string | null;
  setDraft(text: string): void;
  setCchDraft(text: string): void;
  /** SetSharedMem(draft) on the block named `blockName`; true when it was stored. */
  setString(blockName: string): Promise<boolean>;
  /** GetSharedMem(buf, cch) on the block named `blockName`, cch from the form. */
  getString(blockName: string): Promise<void>;
  /** Another block: the answers about the previous one no longer apply (what the user typed stays). */
  reset(): void;
}

export type TextFormStore = StoreApi<TextFormState>;

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

export function createTextFormStore(api: InspectorApi): TextFormStore {
  return createStore<TextFormState>()((set, get) => ({
    draft: '',
    cchDraft: '',
    setting: false,
    lastSet: null,
    setError: null,
    getting: false,
    lastGet: null,
    getError: null,

    setDraft(text) {
      set({ draft: text });
    },

    setCchDraft(text) {
      set({ cchDraft: text });
    },

    async setString(blockName) {
      const text = get().draft;
      set({ setting: true, setError: null, lastSet: null });
      try {
        const result = await api.call('setString', { name: blockName, text });
        set({ setting: false, lastSet: { ...result, requestedUnits: text.length } });
        return true;
      } catch (error) {
        set({ setting: false, setError: describeError(error) });
        return false;
      }
    },

    async getString(blockName) {
      const parsed = parseCch(get().cchDraft);
      if (!parsed.ok) {
        set({ getError: parsed.message });
        return;
      }
      const { cch } = parsed;
      set({ getting: true, getError: null });
      try {
        const result = await api.call('getString', cch === null ? { name: blockName } : { name: blockName, cch });
        set({ getting: false, lastGet: { ...result, cch } });
      } catch (error) {
        set({ getting: false, getError: describeError(error) });
      }
    },

    reset() {
      set({ lastSet: null, setError: null, lastGet: null, getError: null });
    },
  }));
}
