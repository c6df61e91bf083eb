// The seed's string at offset 0 as it is in the block now, with its length in
// UTF-16 units. Decoded from the watched bytes when they hold all of it (no
// call at all), else read with getString, one call at a time. The bytes are
// not this store's: whoever calls it passes the bytes store's view.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ByteRange, GetStringResult, InspectorApi } from '../contract';
import { decodeLiveString, stringBytesEnd, touchesPrefix } from '../lib/liveString';
import { describeForUser } from '../lib/userMessage';
import type { WatchedWindow } from './bytes';

/** The watched bytes of a block of `size` bytes (the bytes store's state is one). */
export interface BytesView {
  window: WatchedWindow | null;
  size: number;
}

export interface LiveStringState {
  /** The block the string is read from; null before one is open. */
  blockName: string | null;
  text: string;
  units: number;
  /** False until the first value arrives for this block. */
  loaded: boolean;
  /** Why the last getString failed; cleared by the next value. The last good text stays shown. */
  error: string | null;
  /** Starts over on another block (or none). */
  reset(blockName: string | null): void;
  /** Brings the string up to date: decoded from `view` when it holds all of it, else with getString (bursts coalesced). */
  refresh(view: BytesView): void;
  /** After a blockChanged already applied to `view`: refreshes only if the change may reach the string. */
  followChange(ranges: readonly ByteRange[], view: BytesView): void;
  /** A new watched window: decodes the string from it when it holds all of it (never calls the host). */
  decodeFrom(view: BytesView): void;
  /** Whether the string was decoded from this very window, so changes to it arrive as its events. */
  isDecodedFrom(window: WatchedWindow | null): boolean;
}

export type LiveStringStore = StoreApi<LiveStringState>;

export function createLiveStringStore(api: InspectorApi): LiveStringStore {
  return createStore<LiveStringState>()((set, get) => {
    // This store's getString bookkeeping: one call in flight, one more queued behind it.
    let fetching = false;
    let fetchAgain = false;
    /** The window the string was last decoded from; null when it came from getString. */
    let decodedFrom: WatchedWindow | null = null;
    /** Bumped by every decode: a getString answer asked for before one is older than it. */
    let decodes = 0;

    function show(result: GetStringResult): void {
      set({ text: result.text, units: result.units, loaded: true, error: null });
    }

    /** Decodes the string from `view`; false when the window does not hold all of it. */
    function decode({ window, size }: BytesView): boolean {
      const decoded = window ? decodeLiveString(window, size) : null;
      if (!window || !decoded) {
        decodedFrom = null;
        return false;
      }
      decodedFrom = window;
      decodes++;
      show(decoded);
      return true;
    }

    function fetch(): void {
      const name = get().blockName;
      if (!name) return;
      if (fetching) {
        fetchAgain = true;
        return;
      }
      fetching = true;
      const decodesBefore = decodes;
      api
        .call('getString', { name })
        .then(
          (result) => {
            // A decode since we asked is newer than this answer; another block's is not ours.
            if (decodes === decodesBefore && get().blockName === name) show(result);
          },
          (error) => {
            if (get().blockName === name) set({ error: describeForUser(error) });
          },
        )
        .finally(() => {
          fetching = false;
          if (!fetchAgain) return;
          fetchAgain = false;
          // A window that took over meanwhile keeps the string current by itself.
          if (decodedFrom === null) fetch();
        });
    }

    return {
      blockName: null,
      text: '',
      units: 0,
      loaded: false,
      error: null,

      reset(blockName) {
        decodedFrom = null;
        set({ blockName, text: '', units: 0, loaded: false, error: null });
      },

      refresh(view) {
        if (!get().blockName) return;
        if (!decode(view)) fetch();
      },

      followChange(ranges, view) {
        if (!get().blockName) return;
        // The string was decoded from this very window, which has just taken the
        // change: if no range reaches the string or its NUL, it is still right.
        const { window, size } = view;
        if (window && window === decodedFrom && !touchesPrefix(ranges, stringBytesEnd(get().units, size))) return;
        get().refresh(view);
      },

      decodeFrom(view) {
        if (get().blockName) decode(view);
      },

      isDecodedFrom(window) {
        // Decoded from it means it held the string and its NUL, and a window never shrinks.
        return window !== null && window === decodedFrom;
      },
    };
  });
}
