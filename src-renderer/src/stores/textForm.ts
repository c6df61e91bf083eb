// The Set and Get forms of the seed's string at offset 0: what the user typed
// and what each call answered. Set is the original SetSharedMem; Get is
// GetSharedMem. Each has its own result and its own error, so a failed Get
// never hides or replaces what Set said, and the reverse.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { GetStringResult, InspectorApi, SetStringResult } from '../contract';
import { describeForUser } from '../lib/userMessage';

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
  /** Set was pressed on an empty box and refused once; pressed again on the same empty box, it stores "". */
  emptySetConfirmed: boolean;
  lastSet: SetOutcome | null;
  setError: string | null;
  getting: boolean;
  lastGet: GetOutcome | null;
  getError: string | null;
  setDraft(text: string): void;
  setCchDraft(text: string): void;
  /**
   * SetSharedMem(draft) on the block named `blockName`; true when it was stored.
   * An empty box is refused once with a message (it would blank the string);
   * a second Set on the still empty box stores the empty string.
   */
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

const EMPTY_BOX =
  'The box is empty, so nothing was stored: type the text to store first. ' +
  'To empty the string on purpose (a NUL as its first character), press Set again.';

export function createTextFormStore(api: InspectorApi): TextFormStore {
  return createStore<TextFormState>()((set, get) => ({
    draft: '',
    cchDraft: '',
    setting: false,
    emptySetConfirmed: false,
    lastSet: null,
    setError: null,
    getting: false,
    lastGet: null,
    getError: null,

    setDraft(text) {
      set({ draft: text, emptySetConfirmed: false });
    },

    setCchDraft(text) {
      set({ cchDraft: text });
    },

    async setString(blockName) {
      const text = get().draft;
      if (text === '' && !get().emptySetConfirmed) {
        set({ setError: EMPTY_BOX, lastSet: null, emptySetConfirmed: true });
        return false;
      }
      set({ setting: true, setError: null, lastSet: null, emptySetConfirmed: false });
      try {
        const result = await api.call('setString', { name: blockName, text });
        set({ setting: false, lastSet: { ...result, requestedUnits: text.length } });
        return true;
      } catch (error) {
        set({ setting: false, setError: describeForUser(error) });
        return false;
      }
    },

    async getString(blockName) {
      const parsed = parseCch(get().cchDraft);
      if (!parsed.ok) {
        // The previous answer was to another cch: it must not sit beside this error as if it still applied.
        set({ getError: parsed.message, lastGet: null });
        return;
      }
      const { cch } = parsed;
      set({ getting: true, getError: null });
      try {
        const result = await api.call('getString', cch === null ? { name: blockName } : { name: blockName, cch });
        set({ getting: false, lastGet: { ...result, cch } });
      } catch (error) {
        set({ getting: false, getError: describeForUser(error), lastGet: null });
      }
    },

    reset() {
      set({ lastSet: null, setError: null, lastGet: null, getError: null, emptySetConfirmed: false });
    },
  }));
}
