// What the hex view shows and where the user is in it: the first visible row,
// the cursor, the selection, the text column's encoding, a half-typed byte.
// The scroll position lives here, not in the DOM, so a block of any size
// scrolls the same way (see HexView's scrollbar).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { BYTES_PER_ROW, hex, parseOffset } from '../lib/offsets';
import type { TextEncoding } from '../lib/textColumn';

/** A whole byte typed over the cursor, to be written by whoever holds the bytes. */
export interface TypedByte {
  offset: number;
  value: number;
}

export interface HexViewState {
  size: number;
  topRow: number;
  visibleRows: number;
  cursor: number;
  /** The other end of the selection; null when nothing is selected. */
  anchor: number | null;
  encoding: TextEncoding;
  /** The high nibble typed over the cursor's byte, waiting for the low one. */
  pendingNibble: number | null;
  goToError: string | null;
  editError: string | null;
  reset(size: number): void;
  setVisibleRows(rows: number): void;
  scrollToRow(row: number): void;
  scrollByRows(rows: number): void;
  /** Moves the cursor (extending the selection when `extend`) and keeps it in view. */
  moveCursor(offset: number, extend: boolean): void;
  goTo(text: string): boolean;
  setEncoding(encoding: TextEncoding): void;
  /**
   * One hex digit typed over the cursor: the first is kept as the high nibble;
   * the second completes the byte, returned for writing (see finishEdit).
   */
  typeHexDigit(digit: number): TypedByte | null;
  /** The typed byte was written (error null: the cursor moves on) or refused (why, in words). */
  finishEdit(typed: TypedByte, error: string | null): void;
  cancelEdit(): void;
}

export type HexViewStore = StoreApi<HexViewState>;

function totalRows(size: number): number {
  return Math.ceil(size / BYTES_PER_ROW);
}

function clampTop(row: number, size: number, visibleRows: number): number {
  const maxTop = Math.max(0, totalRows(size) - visibleRows);
  return Math.min(Math.max(0, Math.round(row)), maxTop);
}

export function createHexViewStore(): HexViewStore {
  return createStore<HexViewState>()((set, get) => ({
    size: 0,
    topRow: 0,
    visibleRows: 16,
    cursor: 0,
    anchor: null,
    encoding: 'utf16le',
    pendingNibble: null,
    goToError: null,
    editError: null,

    reset(size) {
      set({ size, topRow: 0, cursor: 0, anchor: null, pendingNibble: null, goToError: null, editError: null });
    },

    setVisibleRows(rows) {
      const { size, topRow } = get();
      set({ visibleRows: rows, topRow: clampTop(topRow, size, rows) });
    },

    scrollToRow(row) {
      const { size, visibleRows } = get();
      set({ topRow: clampTop(row, size, visibleRows) });
    },

    scrollByRows(rows) {
      get().scrollToRow(get().topRow + rows);
    },

    moveCursor(offset, extend) {
      const { size, cursor, anchor, topRow, visibleRows } = get();
      if (size === 0) return;
      const next = Math.min(Math.max(0, offset), size - 1);
      const row = Math.floor(next / BYTES_PER_ROW);
      let top = topRow;
      if (row < topRow) top = row;
      else if (row >= topRow + visibleRows) top = row - visibleRows + 1;
      set({
        cursor: next,
        anchor: extend ? (anchor ?? cursor) : null,
        topRow: clampTop(top, size, visibleRows),
        pendingNibble: null,
        editError: null,
      });
    },

    goTo(text) {
      const { size, visibleRows } = get();
      const parsed = parseOffset(text, size);
      if (!parsed.ok) {
        set({ goToError: parsed.message });
        return false;
      }
      const row = Math.floor(parsed.value / BYTES_PER_ROW);
      // Like HxD: the target row lands near the top, with a little context above it.
      set({
        cursor: parsed.value,
        anchor: null,
        pendingNibble: null,
        goToError: null,
        topRow: clampTop(row - 2, size, visibleRows),
      });
      return true;
    },

    setEncoding(encoding) {
      set({ encoding });
    },

    typeHexDigit(digit) {
      const { pendingNibble, cursor } = get();
      if (pendingNibble === null) {
        set({ pendingNibble: digit, editError: null });
        return null;
      }
      set({ pendingNibble: null });
      return { offset: cursor, value: (pendingNibble << 4) | digit };
    },

    finishEdit(typed, error) {
      if (error !== null) {
        set({ editError: `Could not write 0x${hex(typed.value, 2)} at 0x${hex(typed.offset, 1)}: ${error}` });
        return;
      }
      // Move on only if the user has not moved the cursor while the write was on its way.
      const { cursor, size } = get();
      if (cursor === typed.offset && cursor + 1 < size) get().moveCursor(cursor + 1, false);
    },

    cancelEdit() {
      set({ pendingNibble: null });
    },
  }));
}

export function selectionRange(s: { cursor: number; anchor: number | null }): [number, number] | null {
  if (s.anchor === null) return null;
  return [Math.min(s.anchor, s.cursor), Math.max(s.anchor, s.cursor)];
}
