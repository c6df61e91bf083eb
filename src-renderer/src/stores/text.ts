// The seed's string at offset 0: the live value, the Set/Get forms and what
// they answered. Set is the original SetSharedMem; Get is GetSharedMem.
import { create } from 'zustand';
import type { ByteRange, GetStringResult, SetStringResult } from '../contract';
import { decodeLiveString, stringBytesEnd, touchesPrefix } from '../lib/liveString';
import { describeError } from '../transport/errors';
import { api } from './api';
import { currentBlockName } from './block';
import { useBytesStore, type WatchedWindow } from './bytes';

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
  /**
   * Brings the live string up to date: decoded from the watched bytes when they
   * hold all of it, else read with getString (one call at a time, bursts coalesced).
   */
  refreshLive(): void;
  /** After a blockChanged (already applied to the bytes store): refreshes only if the string may have changed. */
  followChange(ranges: readonly ByteRange[]): void;
  /** A new watched window arrived: decodes the string from it when it holds all of it (never calls the host). */
  refreshFromWindow(): void;
  /** Whether the watched window holds the whole string, so changes to it arrive as events. */
  windowHoldsString(): boolean;
  reset(): void;
}

let refreshing = false;
let refreshAgain = false;
/** The window the live string was last decoded from; null when it came from getString. */
let decodedFrom: WatchedWindow | null = null;
/** Bumped by every local decode: a getString answer issued before one is older than it. */
let decodeCount = 0;

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
    if (!currentBlockName()) return;
    if (!decodeFromWindow()) fetchLive();
  },

  followChange(ranges) {
    if (!currentBlockName()) return;
    // The string was decoded from this very window, which has just taken the
    // change: if no range reaches the string or its NUL, it is still right.
    const { window, size } = useBytesStore.getState();
    if (window && window === decodedFrom && !touchesPrefix(ranges, stringBytesEnd(get().liveUnits, size))) return;
    get().refreshLive();
  },

  refreshFromWindow() {
    if (currentBlockName()) decodeFromWindow();
  },

  windowHoldsString() {
    // Decoded from it means it held the string and its NUL, and a window never shrinks.
    const { window } = useBytesStore.getState();
    return window !== null && window === decodedFrom;
  },

  reset() {
    decodedFrom = null;
    set({ live: '', liveUnits: 0, liveLoaded: false, lastSet: null, lastGet: null, error: null, errorSource: null });
  },
}));

/** Decodes the live string from the watched window; false when the window does not hold all of it. */
function decodeFromWindow(): boolean {
  const { window, size } = useBytesStore.getState();
  const decoded = window ? decodeLiveString(window, size) : null;
  if (!window || !decoded) {
    decodedFrom = null;
    return false;
  }
  decodedFrom = window;
  decodeCount++;
  showLive(decoded);
  return true;
}

/** Reads the live string with getString: one call in flight, a burst behind it coalesced into one more. */
function fetchLive(): void {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  const name = currentBlockName();
  if (!name) return;
  refreshing = true;
  const decodesBefore = decodeCount;
  api()
    .call('getString', { name })
    .then(
      (result) => {
        // A decode from the window since we asked is newer than this answer; another block's is not ours.
        if (decodeCount === decodesBefore && currentBlockName() === name) showLive(result);
      },
      (error) =>
        // A failed Set or Get says more than a failed refresh: do not hide it.
        useTextStore.setState((s) => (s.errorSource === 'form' ? {} : { error: describeError(error), errorSource: 'refresh' })),
    )
    .finally(() => {
      refreshing = false;
      if (refreshAgain) {
        refreshAgain = false;
        useTextStore.getState().refreshLive();
      }
    });
}

function showLive(result: GetStringResult): void {
  useTextStore.setState((s) => ({
    live: result.text,
    liveUnits: result.units,
    liveLoaded: true,
    ...(s.errorSource === 'refresh' ? { error: null, errorSource: null } : {}),
  }));
}
