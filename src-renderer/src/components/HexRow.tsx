// One row: offset, 16 hex cells, the text column. Cells carry data-offset so
// the view handles mouse events once, by delegation.
import { memo } from 'react';
import { hex, isGroupStart } from '../lib/offsets';
import type { ByteSpan } from '../lib/stringLayout';
import type { FieldAt } from '../lib/structFields';
import { decodeRow, type ByteSource, type TextEncoding } from '../lib/textColumn';

/** The DOM id of a byte's cell: the grid names its cursor with aria-activedescendant. */
export function hexCellId(offset: number): string {
  return `hex-cell-${offset}`;
}

/** How long a changed byte stays lit; the CSS animation has the same length. */
export const FLASH_MS = 1500;

export interface RowProps {
  rowOffset: number;
  /** The row's width in columns (the last row may hold fewer bytes: rowLength). */
  bytesPerRow: number;
  rowLength: number;
  offsetDigits: number;
  /** Stable while the bytes change in place: `contentStamp` says when this row's did. */
  byteAt: ByteSource;
  /** Changes whenever one of the row's bytes does (the latest change stamp in the row, or the window's identity). */
  contentStamp: number;
  /** When each byte last changed (0: not since it was watched); keys the flash of a lit byte. */
  changedAt: (offset: number) => number;
  /** The lit columns, as `litColumns()` writes them: the row re-renders only when this set changes. */
  lit: string;
  /** The cursor's offset when it is in this row, else -1: other rows need not re-render when it moves. */
  cursor: number;
  /** The selected part of this row, inclusive, or null. */
  selection: readonly [number, number] | null;
  /** The half-typed digit, when the cursor is in this row. */
  pendingNibble: number | null;
  encoding: TextEncoding;
  /** Leftovers of a longer string after the string's NUL: dimmed and labelled. */
  afterString: ByteSpan | null;
  /** The Struct overlay's field at an offset (coloured, named in the tooltip); absent when no struct is shown. */
  fieldAt?: FieldAt;
  /** Inside a Find match: highlighted (optional, so other callers need not care). */
  isMatch?: (offset: number) => boolean;
  /** Inside a range that differs from a compared file: outlined (optional, like isMatch). */
  isDiff?: (offset: number) => boolean;
  /** How often this row changed lately (0 none, up to 4 hot): a gutter colour, from the timeline. */
  heat?: number;
  /** Bytes to highlight (differences from the baseline). */
  highlighted?: (offset: number) => boolean;
  /** Coloured ranges (bookmarks) drawn under the bytes they cover; the first that covers a byte wins. */
  marks?: readonly ByteMark[];
}

/** A range to underline in a colour, inclusive of both ends. */
export interface ByteMark {
  start: number;
  end: number;
  color: string;
  title: string;
}

function markAt(offset: number, marks: readonly ByteMark[] | undefined): ByteMark | undefined {
  return marks?.find((m) => offset >= m.start && offset <= m.end);
}

export const AFTER_STRING_TITLE = 'after the string: left over from an earlier, longer string; GetSharedMem stops at the NUL before it';

function isAfterString(offset: number, p: RowProps): boolean {
  return p.afterString !== null && offset >= p.afterString[0] && offset < p.afterString[1];
}

function cellClass(offset: number, p: RowProps, extra: string): string {
  let cls = extra;
  if (offset === p.cursor) cls += ' cursor';
  if (p.selection && offset >= p.selection[0] && offset <= p.selection[1]) cls += ' selected';
  if (isAfterString(offset, p)) cls += ' after-string';
  const field = p.fieldAt?.(offset);
  if (field) cls += ` struct-field struct-field-${field.index % 4}`;
  if (p.isMatch?.(offset)) cls += ' find-match';
  if (p.isDiff?.(offset)) cls += ' diff-range';
  if (p.highlighted?.(offset)) cls += ' differs';
  return cls;
}

/** A cell's tooltip: the struct field it belongs to, and what leftover string bytes are. */
function cellTitle(offset: number, p: RowProps): string | undefined {
  const field = p.fieldAt?.(offset);
  const after = isAfterString(offset, p) ? AFTER_STRING_TITLE : null;
  return [field ? `struct field ${field.name}` : null, after].filter(Boolean).join('; ') || undefined;
}

/**
 * The columns of a row whose bytes changed less than FLASH_MS before `now`,
 * as a short string: equal strings mean the row's lit bytes are the same.
 */
export function litColumns(rowOffset: number, rowLength: number, changedAt: (offset: number) => number, now: number): string {
  let lit = '';
  for (let i = 0; i < rowLength; i++) {
    const changed = changedAt(rowOffset + i);
    if (changed > 0 && now - changed < FLASH_MS) lit += `${i},`;
  }
  return lit;
}

function isLitColumn(lit: string, column: number): boolean {
  return lit !== '' && (lit.startsWith(`${column},`) || lit.includes(`,${column},`));
}

/**
 * A row re-renders only when something it shows changes (memo: the view hands
 * it stable callbacks and per-row values), and its cells keep their keys, so a
 * changed byte updates one text node and lights its flash mark, nothing more.
 */
export const HexRow = memo(function HexRow(p: RowProps) {
  const cells = [];
  for (let i = 0; i < p.bytesPerRow; i++) {
    const offset = p.rowOffset + i;
    if (i >= p.rowLength) {
      cells.push(<span key={i} className="byte pad" />);
      continue;
    }
    const value = p.byteAt(offset);
    const lit = isLitColumn(p.lit, i);
    const mark = markAt(offset, p.marks);
    let text = value === undefined ? '··' : hex(value, 2);
    if (offset === p.cursor && p.pendingNibble !== null) text = `${hex(p.pendingNibble, 1)}_`;
    const selected = p.selection !== null && offset >= p.selection[0] && offset <= p.selection[1];
    cells.push(
      <span
        key={i}
        id={hexCellId(offset)}
        role="gridcell"
        aria-label={`${hex(offset, p.offsetDigits)}: ${value === undefined ? 'not loaded' : hex(value, 2)}${lit ? ', changed' : ''}`}
        aria-selected={selected}
        className={cellClass(offset, p, `byte${lit ? ' flash' : ''}${isGroupStart(i) ? ' mid' : ''}${value === 0 ? ' zero' : ''}`)}
        data-offset={offset}
        data-testid="hex-byte"
        data-changed={lit ? '1' : undefined}
        data-mark={mark ? '1' : undefined}
        style={mark ? { boxShadow: `inset 0 -3px 0 ${mark.color}` } : undefined}
        title={mark ? mark.title : cellTitle(offset, p)}
      >
        {text}
        {lit && <FlashMark key={p.changedAt(offset)} text={text} />}
      </span>,
    );
  }
  const textCells = decodeRow(p.byteAt, p.rowOffset, p.rowLength, p.encoding);
  return (
    <div className="hex-row" role="row" aria-rowindex={p.rowOffset / p.bytesPerRow + 1} data-testid="hex-row" data-offset={p.rowOffset}>
      <span
        className={p.heat ? `row-offset heat-${p.heat}` : 'row-offset'}
        data-heat={p.heat || undefined}
        role="rowheader"
        aria-label={`Offset ${hex(p.rowOffset, p.offsetDigits)}`}
      >
        {hex(p.rowOffset, p.offsetDigits)}
      </span>
      <span className="row-bytes">{cells}</span>
      <span className="row-text" role="gridcell" aria-label={`Text: ${textCells.map((c) => c.char).join('')}`} data-testid="hex-text">
        {textCells.map((c) => {
          const column = c.offset - p.rowOffset;
          const lit = isLitColumn(p.lit, column) || (c.span > 1 && isLitColumn(p.lit, column + 1));
          return (
            <span
              key={c.offset}
              className={cellClass(c.offset, p, `char${c.span === 2 ? ' wide' : ''}${c.printable ? '' : ' dim'}${lit ? ' lit' : ''}`)}
              aria-hidden
              data-offset={c.offset}
              title={cellTitle(c.offset, p)}
            >
              {c.char}
            </span>
          );
        })}
      </span>
    </div>
  );
}, sameRowProps);

/** Shallow equality, except that the small tuples (selection, afterString) count as equal when their ends are. */
function sameRowProps(a: RowProps, b: RowProps): boolean {
  const keys = Object.keys(a) as (keyof RowProps)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const x = a[key];
    const y = b[key];
    if (key === 'selection' || key === 'afterString') return sameSpan(x as ByteSpan | null, y as ByteSpan | null);
    return Object.is(x, y);
  });
}

function sameSpan(a: readonly [number, number] | null, b: readonly [number, number] | null): boolean {
  return a === b || (a !== null && b !== null && a[0] === b[0] && a[1] === b[1]);
}

/**
 * The fading highlight over a changed byte: its own element (a new key per
 * change restarts the fade) that animates opacity only, so the compositor
 * runs the fade and no frame of it restyles or repaints the row. It repeats
 * the byte's text in the highlight's colours through CSS (data-text), so the
 * cell's own text stays the only text a reader or a test sees.
 */
function FlashMark({ text }: { text: string }) {
  return <span className="flash-mark" data-text={text} aria-hidden />;
}
