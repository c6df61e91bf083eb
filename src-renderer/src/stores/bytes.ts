// The window of bytes this window watches: what the hex view shows plus a
// margin. The host sends blockChanged only for this range, so the renderer
// holds (and the watcher compares) a few KiB whatever the block's size.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { MAX_WATCH_LENGTH, type BlockChangedEvent, type ByteRange, type InspectorApi } from '../contract';
import { describeForUser } from '../lib/userMessage';
import { HeldChanges } from './heldChanges';

export interface WatchedWindow {
  offset: number;
  bytes: Uint8Array;
  /** Per byte: when it last changed (performance.now()), 0 if not since we watched it. */
  changedAt: Float64Array;
}

/** Bytes [start, end) of the block whose values an update changed. */
export interface ChangedSpan {
  start: number;
  end: number;
}

/** A block by name and size: what the bytes store watches. */
export interface BlockExtent {
  name: string;
  size: number;
}

/** Rows fetched beyond each edge of the visible ones, so small scrolls need no round trip. */
const MARGIN_BYTES = 64 * 16;

export interface BytesState {
  /** The block whose bytes these are; null before one is open. */
  name: string | null;
  size: number;
  window: WatchedWindow | null;
  /** Bumped on every change to the window's contents, so subscribers re-render. */
  version: number;
  /**
   * What the update that bumped `version` changed: the spans whose values
   * changed in place, or null when the window itself is new (a watch answer,
   * a reset) and every byte may differ. The hex view's patcher and the side
   * panels' useBytesAt compare it with the bytes they show.
   */
  lastChanged: readonly ChangedSpan[] | null;
  error: string | null;
  /** Starts over on another block (or none): forgets the window and any watch on its way. */
  reset(block: BlockExtent | null): void;
  /** The view shows [start, end); re-watches when that leaves the watched window. */
  showRange(start: number, end: number): void;
  /** Watches the current range again (after the host came back). */
  rewatch(): void;
  applyChange(event: BlockChangedEvent): void;
  write(offset: number, bytes: Uint8Array): Promise<boolean>;
}

export type BytesStore = StoreApi<BytesState>;

interface WatchWish {
  start: number;
  end: number;
  /** Ask even when the window covers the range (its bytes may be stale). */
  force: boolean;
}

export function createBytesStore(api: InspectorApi): BytesStore {
  return createStore<BytesState>()((set, get) => {
    // This store's watch requests are serialised: one in flight, the latest wish queued behind it.
    let wanted: WatchWish | null = null;
    let inFlight = false;
    /** Bumped by reset: an answer to a watch asked before it is about another block. */
    let generation = 0;
    /** Changes that arrived while the watch in flight was on its way, replayed onto its answer. */
    let heldChanges: HeldChanges | null = null;

    async function pump(): Promise<void> {
      const { name, size, window: current } = get();
      if (inFlight || !wanted || !name) return;
      const { start, end, force } = wanted;
      wanted = null;
      if (!force && covers(current, start, end)) return;
      const offset = Math.max(0, start - MARGIN_BYTES);
      const length = Math.min(size - offset, end - start + 2 * MARGIN_BYTES, MAX_WATCH_LENGTH);
      if (length <= 0) return;
      inFlight = true;
      const myGeneration = generation;
      const held = new HeldChanges(name);
      heldChanges = held;
      try {
        const range = await api.call('watch', { name, offset, length });
        if (myGeneration === generation) {
          const next = adoptWindow(get().window, range);
          const changes = held.replay();
          const now = performance.now();
          for (const change of changes ?? []) mergeRange(next, change, now);
          set((s) => ({ window: next, version: s.version + 1, lastChanged: null, error: null }));
          // Some changes were dropped: the answer may be older than the block, so ask again.
          if (!changes) wanted = { ...(wanted ?? { start, end }), force: true };
        }
      } catch (error) {
        if (myGeneration === generation) set({ error: describeForUser(error) });
      } finally {
        // After a reset, inFlight belongs to the new block's request: leave it alone.
        if (myGeneration === generation) {
          heldChanges = null;
          inFlight = false;
          if (wanted) void pump();
        }
      }
    }

    return {
      name: null,
      size: 0,
      window: null,
      version: 0,
      lastChanged: null,
      error: null,

      reset(block) {
        generation++;
        wanted = null;
        inFlight = false;
        heldChanges = null;
        set((s) => ({
          name: block?.name ?? null,
          size: block?.size ?? 0,
          window: null,
          version: s.version + 1,
          lastChanged: null,
          error: null,
        }));
      },

      showRange(start, end) {
        const clampedEnd = Math.min(end, get().size);
        if (covers(get().window, start, clampedEnd) && !wanted) return;
        wanted = { start, end: clampedEnd, force: wanted?.force ?? false };
        void pump();
      },

      rewatch() {
        // The host forgets a client's watch when its event stream drops: ask again even if we hold the bytes.
        const w = get().window;
        if (!w) return;
        const start = Math.min(w.offset + MARGIN_BYTES, w.offset + w.bytes.length);
        const end = Math.max(start, w.offset + w.bytes.length - MARGIN_BYTES);
        wanted = { start, end, force: true };
        void pump();
      },

      applyChange(event) {
        if (event.name !== get().name) return;
        heldChanges?.keep(event);
        const w = get().window;
        if (!w) return;
        const now = performance.now();
        const changed: ChangedSpan[] = [];
        for (const range of event.ranges) {
          const span = mergeRange(w, range, now);
          if (span) changed.push(span);
        }
        if (changed.length > 0) set((s) => ({ version: s.version + 1, lastChanged: changed }));
      },

      async write(offset, bytes) {
        const name = get().name;
        if (!name) return false;
        try {
          await api.call('write', { name, offset, bytes });
        } catch (error) {
          set({ error: describeForUser(error) });
          return false;
        }
        // The write is confirmed: show it now; the watcher's echo then finds nothing new.
        const w = get().window;
        const span = w ? mergeRange(w, { offset, bytes }, performance.now()) : null;
        if (span) set((s) => ({ version: s.version + 1, lastChanged: [span] }));
        if (get().error !== null) set({ error: null });
        return true;
      },
    };
  });
}

function covers(window: WatchedWindow | null, start: number, end: number): boolean {
  return window !== null && start >= window.offset && end <= window.offset + window.bytes.length;
}

/** A fresh watch result, keeping the fade of bytes that were already in view. */
function adoptWindow(previous: WatchedWindow | null, range: ByteRange): WatchedWindow {
  const next: WatchedWindow = {
    offset: range.offset,
    bytes: range.bytes,
    changedAt: new Float64Array(range.bytes.length),
  };
  if (previous) {
    const from = Math.max(previous.offset, next.offset);
    const to = Math.min(previous.offset + previous.bytes.length, next.offset + next.bytes.length);
    for (let at = from; at < to; at++) {
      next.changedAt[at - next.offset] = previous.changedAt[at - previous.offset]!;
    }
  }
  return next;
}

/** Copies the part of `range` inside the window; marks bytes whose value differs. Returns the span they lie in, or null if none did. */
function mergeRange(w: WatchedWindow, range: ByteRange, now: number): ChangedSpan | null {
  const from = Math.max(w.offset, range.offset);
  const to = Math.min(w.offset + w.bytes.length, range.offset + range.bytes.length);
  let first = -1;
  let last = -1;
  for (let at = from; at < to; at++) {
    const value = range.bytes[at - range.offset]!;
    const i = at - w.offset;
    if (w.bytes[i] !== value) {
      w.bytes[i] = value;
      w.changedAt[i] = now;
      if (first < 0) first = at;
      last = at;
    }
  }
  return first < 0 ? null : { start: first, end: last + 1 };
}

/** The byte at `offset`, or undefined when it is outside the watched window. */
export function byteAt(w: WatchedWindow | null, offset: number): number | undefined {
  if (!w) return undefined;
  const i = offset - w.offset;
  return i >= 0 && i < w.bytes.length ? w.bytes[i] : undefined;
}
