// How a side panel reads the bytes it shows, and pays only for them: it
// follows the bytes store outside React (a transient subscription), skips
// every change outside its own range (the store's `lastChanged` spans), and
// re-reads at most once per animation frame however many writes land in it.
// A panel that is not shown (a narrow window's tab not chosen: SidePanels
// puts it under PanelShown false) does not follow at all, and catches up when
// it is shown again. The data inspector, the Struct fields and the selection
// facts read through here; the hex view's rows have their own patcher
// (hexPatcher.ts).
import { createContext, useContext, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useSession } from '../sessionContext';
import type { BytesState, WatchedWindow } from '../stores/bytes';
import type { StoreApi } from 'zustand/vanilla';

/** False around a panel the window does not show now: its byte hooks follow nothing. */
export const PanelShown = createContext(true);

/** The next animation frame (a 16 ms timer where there are none, as in tests run in Node). */
export interface FrameClock {
  request(callback: () => void): unknown;
  cancel(handle: unknown): void;
}

const hasFrames = () => typeof requestAnimationFrame === 'function';

/** One animation frame (a 16 ms timer where there are none). */
function nextFrame(callback: () => void): void {
  if (hasFrames()) requestAnimationFrame(callback);
  else setTimeout(callback, 16);
}

/**
 * The panels' frame: every callback due runs in one animation frame, and the
 * React updates they make commit inside it (flushSync), so a write's panel
 * updates reach the DOM in the frame that paints its hex cells (which the
 * patcher changed at once), not in a render React schedules after that frame
 * and paints in one more.
 */
function createFrameBatch(run: (callbacks: () => void) => void): FrameClock {
  const due = new Set<() => void>();
  let requested = false;
  const runDue = () => {
    requested = false;
    const callbacks = [...due];
    due.clear();
    run(() => {
      for (const callback of callbacks) callback();
    });
  };
  return Object.freeze({
    request(callback: () => void) {
      const handle = () => callback();
      due.add(handle);
      if (!requested) {
        requested = true;
        nextFrame(runDue);
      }
      return handle;
    },
    cancel(handle: unknown) {
      due.delete(handle as () => void);
    },
  });
}

export const animationFrames: FrameClock = createFrameBatch((callbacks) => flushSync(callbacks));

/** Whether the panel around the caller is shown now (SidePanels' PanelShown). */
export function usePanelShown(): boolean {
  return useContext(PanelShown);
}

export interface FollowOptions {
  /** A new window (a scroll's watch answer) counts as a change: its bytes may differ. Off for who needs only in-place changes. */
  newWindow?: boolean;
  clock?: FrameClock;
}

/** Whether the store's update from `previous` to `state` may have changed a byte in [start, end). */
export function changedIn(state: BytesState, previous: BytesState, start: number, end: number, newWindow = true): boolean {
  if (state.version === previous.version) return false;
  if (state.window !== previous.window || state.lastChanged === null) return newWindow;
  return state.lastChanged.some((span) => span.start < end && span.end > start);
}

/**
 * Calls `onChange` in the frame after a change to a byte in [offset,
 * offset + length), once per frame at most. Returns the unsubscribe (which
 * also drops a call still due).
 */
export function followBytesAt(
  store: StoreApi<BytesState>,
  offset: number,
  length: number,
  onChange: () => void,
  options: FollowOptions = {},
): () => void {
  const clock = options.clock ?? animationFrames;
  const end = offset + length;
  let due: unknown = null;
  const stop = store.subscribe((state, previous) => {
    if (due !== null || length <= 0 || !changedIn(state, previous, offset, end, options.newWindow ?? true)) return;
    due = clock.request(() => {
      due = null;
      onChange();
    });
  });
  return () => {
    stop();
    if (due !== null) clock.cancel(due);
    due = null;
  };
}

/** The bytes from `offset` the window holds, up to `length` (fewer where the window ends first; none outside it). */
export function bytesIn(window: WatchedWindow | null, offset: number, length: number): Uint8Array {
  if (!window || length <= 0) return new Uint8Array(0);
  const start = offset - window.offset;
  if (start < 0 || start >= window.bytes.length) return new Uint8Array(0);
  return window.bytes.slice(start, Math.min(window.bytes.length, start + length));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface Held {
  offset: number;
  length: number;
  bytes: Uint8Array;
}

/**
 * The bytes [offset, offset + length) as the watched window holds them (see
 * bytesIn), a new array only when one of them changed: a panel memoises on it.
 */
export function useBytesAt(offset: number, length: number): Uint8Array {
  const { bytes: store } = useSession().stores;
  const shown = usePanelShown();
  const [held, setHeld] = useState<Held>(() => ({ offset, length, bytes: bytesIn(store.getState().window, offset, length) }));
  let current = held;
  if (held.offset !== offset || held.length !== length) {
    // Another range (the cursor moved): read it now, not a frame late.
    current = { offset, length, bytes: bytesIn(store.getState().window, offset, length) };
    setHeld(current);
  }
  useEffect(() => {
    if (!shown) return;
    const refresh = () =>
      setHeld((previous) => {
        if (previous.offset !== offset || previous.length !== length) return previous;
        const bytes = bytesIn(store.getState().window, offset, length);
        return sameBytes(previous.bytes, bytes) ? previous : { offset, length, bytes };
      });
    refresh(); // what changed while it was hidden, or since the render
    return followBytesAt(store, offset, length, refresh);
  }, [store, offset, length, shown]);
  return current.bytes;
}
