// What the hex view shows and where the user is in it: the first visible row,
// the cursor, the selection, the text column's encoding, a half-typed byte.
// The scroll position lives here, not in the DOM, so a block of any size
// scrolls the same way (see HexView's scrollbar).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { parseGoto } from '../../../src-shared/lib/goto';
import { BYTES_PER_ROW, hex } from '../lib/offsets';
import type { TextEncoding } from '../lib/textColumn';

/** The row widths the view offers, like HxD's "bytes per row". */
export const ROW_WIDTHS = [8, 16, 32] as const;
export type RowWidth = (typeof ROW_WIDTHS)[number];

/** A whole byte typed over the cursor, to be written by whoever holds the bytes. */
export interface TypedByte {
  offset: number;
  value: number;
}

export interface HexViewState {
  size: number;
  /** Bytes shown per row (8, 16 or 32): the user's choice, or less where the view is too narrow for it. */
  bytesPerRow: RowWidth;
  /** The row width the user chose (kept for the next window); a wider view shows it again. */
  chosenBytesPerRow: RowWidth;
  /** The widest row the view offers: 8 where not even 16 bytes fit whole (the hex view measures it), else 32 (it scrolls sideways). */
  widestFittingRow: RowWidth;
  topRow: number;
  visibleRows: number;
  cursor: number;
  /** The other end of the selection; null when nothing is selected. */
  anchor: number | null;
  encoding: TextEncoding;
  /** The user picked the encoding: a guess from a newly opened block's bytes no longer replaces it. */
  encodingChosen: boolean;
  /** The high nibble typed over the cursor's byte, waiting for the low one. */
  pendingNibble: number | null;
  goToError: string | null;
  editError: string | null;
  /** Which column typing goes to: hex digits, or characters in the encoding. */
  column: 'hex' | 'text';
  reset(size: number): void;
  setColumn(column: 'hex' | 'text'): void;
  setVisibleRows(rows: number): void;
  scrollToRow(row: number): void;
  scrollByRows(rows: number): void;
  /** Moves the cursor (extending the selection when `extend`) and keeps it in view. */
  moveCursor(offset: number, extend: boolean): void;
  /** Go to what a hex editor's user types: FA0, 0xFA0, FA0h, #4000, +N, -N, end (src-shared/lib/goto.ts). */
  goTo(text: string): boolean;
  /** The user's choice of encoding; it wins over any guess from then on. */
  setEncoding(encoding: TextEncoding): void;
  /** A guess from a newly opened block's bytes; ignored once the user has chosen. */
  guessEncoding(encoding: TextEncoding): void;
  /** The user's choice of `width` bytes per row, shown as far as the view fits it, keeping the cursor's row in view. */
  setBytesPerRow(width: RowWidth): void;
  /** The view offers rows of at most `width` bytes: a wider choice shows that many until the view is wide enough again. */
  fitRowWidth(width: RowWidth): void;
  /**
   * One hex digit typed over the cursor: the first is kept as the high nibble;
   * the second completes the byte, returned for writing, and the cursor moves
   * on at once, so the next digit (however fast it comes) goes to the next
   * byte without waiting for this write (see finishEdit).
   */
  typeHexDigit(digit: number): TypedByte | null;
  /** The typed byte was written (error null) or refused: say why, and put the cursor back on it if it is just past. */
  finishEdit(typed: TypedByte, error: string | null): void;
  cancelEdit(): void;
}

export type HexViewStore = StoreApi<HexViewState>;

function totalRows(size: number, bytesPerRow: number): number {
  return Math.ceil(size / bytesPerRow);
}

function clampTop(row: number, size: number, visibleRows: number, bytesPerRow: number): number {
  const maxTop = Math.max(0, totalRows(size, bytesPerRow) - visibleRows);
  return Math.min(Math.max(0, Math.round(row)), maxTop);
}

/** Shows `width` bytes per row, the cursor's row keeping its place on screen as nearly as the new width allows. */
function shownRowWidth(view: HexViewState, width: RowWidth): Pick<HexViewState, 'bytesPerRow' | 'topRow'> {
  const { cursor, size, visibleRows, bytesPerRow, topRow } = view;
  if (width === bytesPerRow) return { bytesPerRow, topRow };
  const cursorRowOnScreen = Math.floor(cursor / bytesPerRow) - topRow;
  const top = Math.floor(cursor / width) - Math.min(Math.max(0, cursorRowOnScreen), visibleRows - 1);
  return { bytesPerRow: width, topRow: clampTop(top, size, visibleRows, width) };
}

export function createHexViewStore(): HexViewStore {
  return createStore<HexViewState>()((set, get) => ({
    size: 0,
    bytesPerRow: BYTES_PER_ROW,
    chosenBytesPerRow: BYTES_PER_ROW,
    widestFittingRow: 32,
    topRow: 0,
    visibleRows: 16,
    cursor: 0,
    anchor: null,
    encoding: 'utf16le',
    encodingChosen: false,
    pendingNibble: null,
    goToError: null,
    editError: null,
    column: 'hex',

    reset(size) {
      set({ size, topRow: 0, cursor: 0, anchor: null, pendingNibble: null, goToError: null, editError: null });
    },

    setColumn(column) {
      set({ column, pendingNibble: null });
    },

    setVisibleRows(rows) {
      const { size, topRow, bytesPerRow } = get();
      set({ visibleRows: rows, topRow: clampTop(topRow, size, rows, bytesPerRow) });
    },

    scrollToRow(row) {
      const { size, visibleRows, bytesPerRow } = get();
      set({ topRow: clampTop(row, size, visibleRows, bytesPerRow) });
    },

    scrollByRows(rows) {
      get().scrollToRow(get().topRow + rows);
    },

    moveCursor(offset, extend) {
      const { size, cursor, anchor, topRow, visibleRows, bytesPerRow } = get();
      if (size === 0) return;
      const next = Math.min(Math.max(0, offset), size - 1);
      const row = Math.floor(next / bytesPerRow);
      let top = topRow;
      if (row < topRow) top = row;
      else if (row >= topRow + visibleRows) top = row - visibleRows + 1;
      set({
        cursor: next,
        anchor: extend ? (anchor ?? cursor) : null,
        topRow: clampTop(top, size, visibleRows, bytesPerRow),
        pendingNibble: null,
        editError: null,
      });
    },

    goTo(text) {
      const { size, visibleRows, cursor, bytesPerRow } = get();
      const parsed = parseGoto(text, { cursor, size });
      if (!parsed.ok) {
        set({ goToError: `Go to: ${parsed.error}.` });
        return false;
      }
      const row = Math.floor(parsed.value / bytesPerRow);
      // Like HxD: the target row lands near the top, with a little context above it.
      set({
        cursor: parsed.value,
        anchor: null,
        pendingNibble: null,
        goToError: null,
        topRow: clampTop(row - 2, size, visibleRows, bytesPerRow),
      });
      return true;
    },

    setEncoding(encoding) {
      set({ encoding, encodingChosen: true });
    },

    guessEncoding(encoding) {
      if (!get().encodingChosen) set({ encoding });
    },

    setBytesPerRow(width) {
      set({ chosenBytesPerRow: width, ...shownRowWidth(get(), Math.min(width, get().widestFittingRow) as RowWidth) });
    },

    fitRowWidth(width) {
      set({ widestFittingRow: width, ...shownRowWidth(get(), Math.min(get().chosenBytesPerRow, width) as RowWidth) });
    },

    typeHexDigit(digit) {
      const { pendingNibble, cursor, size } = get();
      if (pendingNibble === null) {
        set({ pendingNibble: digit, editError: null });
        return null;
      }
      const typed = { offset: cursor, value: (pendingNibble << 4) | digit };
      if (cursor + 1 < size) get().moveCursor(cursor + 1, false);
      else set({ pendingNibble: null });
      return typed;
    },

    finishEdit(typed, error) {
      if (error === null) return;
      set({ editError: `Could not write 0x${hex(typed.value, 2)} at 0x${hex(typed.offset, 1)}: ${error}` });
      if (get().cursor === typed.offset + 1) set({ cursor: typed.offset, anchor: null, pendingNibble: null });
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
