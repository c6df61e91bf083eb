// The moment the window shows: live, or the Timeline's position (a change in
// the past, or a pause). It is window state (the timeline store's frozen
// bytes); every panel that shows bytes reads it here, through one hook, so the
// hex view, the Struct panel, the data inspector, the selection facts and the
// scan's watch list show the same moment and return to Live together. The
// timeline's heat, baseline differences and scrollbar marks are decorations
// (src-renderer/src/decorations).
import { useMemo } from 'react';
import { useTimeline } from '../sessionContext';
import type { FrozenBytes } from '../stores/timeline';

/** A moment other than live, as every panel shows it. */
export interface ShownMoment {
  /** Epoch ms of the moment shown (for a pause, when it began). */
  time: number;
  paused: boolean;
  /** The words every panel shows for it: "at 12:00:01.250 (History)". */
  label: string;
  /** The byte at `offset` then, or undefined where the History's bytes for this moment do not reach. */
  byte(offset: number): number | undefined;
  /** The bytes [offset, offset + length) then, or null unless the History's bytes for this moment hold all of them. */
  slice(offset: number, length: number): Uint8Array | null;
  /** The bytes from `offset` then, up to `max`, as far as the History's bytes reach (perhaps none). */
  bytesFrom(offset: number, max: number): Uint8Array;
}

/** The wording of a moment, the same in every panel. */
export function momentLabel(time: number, paused: boolean): string {
  return `${paused ? 'paused ' : ''}at ${formatTime(time)} (History)`;
}

/** The moment frozen bytes show, or null when live. Pure: the hook below memoises it. */
export function momentOf(frozen: FrozenBytes | null, paused: boolean): ShownMoment | null {
  if (!frozen) return null;
  const { offset: start, bytes } = frozen;
  const end = start + bytes.length;
  return {
    time: frozen.time,
    paused,
    label: momentLabel(frozen.time, paused),
    byte: (offset) => (offset >= start && offset < end ? bytes[offset - start] : undefined),
    slice: (offset, length) =>
      offset >= start && length >= 0 && offset + length <= end ? bytes.slice(offset - start, offset - start + length) : null,
    bytesFrom: (offset, max) =>
      offset >= start && offset < end ? bytes.slice(offset - start, Math.min(end, offset + Math.max(0, max)) - start) : new Uint8Array(0),
  };
}

/** The moment the Timeline shows, or null when live. */
export function useMoment(): ShownMoment | null {
  const frozen = useTimeline((s) => s.frozen);
  const paused = useTimeline((s) => s.paused);
  return useMemo(() => momentOf(frozen, paused), [frozen, paused]);
}

/**
 * The bytes [offset, offset + length) at the moment the Timeline shows: null
 * when live (the panel shows its live bytes); otherwise the moment and its
 * bytes, or `bytes: null` when the History's bytes for that moment do not
 * hold the whole range (the panel says so rather than mix two moments).
 */
export function useMomentBytes(offset: number, length: number): { moment: ShownMoment; bytes: Uint8Array | null } | null {
  const moment = useMoment();
  return useMemo(() => (moment ? { moment, bytes: moment.slice(offset, length) } : null), [moment, offset, length]);
}

/** A byte getter over the moment's bytes while the view is paused or in the past; null when live (the hex view's). */
export function useShownBytes(): ((offset: number) => number | undefined) | null {
  const moment = useMoment();
  return moment ? moment.byte : null;
}

/** Local time with milliseconds: how the History names a moment. */
export function formatTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
