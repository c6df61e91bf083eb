// One row: offset, 16 hex cells, the text column. Cells carry data-offset so
// the view handles mouse events once, by delegation.
import { memo } from 'react';
import { hex, isGroupStart } from '../lib/offsets';
import { resolveRow, sameDecorations } from '../decorations/intervals';
import type { Decoration } from '../decorations/types';
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
  /**
   * What the features show over this row's bytes (src-renderer/src/decorations),
   * in priority order: compared by value, so the row re-renders only when they change.
   */
  decorations?: readonly Decoration[];
}

function cellClass(offset: number, p: RowProps, extra: string): string {
  let cls = extra;
  if (offset === p.cursor) cls += ' cursor';
  if (p.selection && offset >= p.selection[0] && offset <= p.selection[1]) cls += ' selected';
  return cls;
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
  const decor = resolveRow(p.rowOffset, p.rowLength, p.decorations ?? []);
  const cells = [];
  for (let i = 0; i < p.bytesPerRow; i++) {
    const offset = p.rowOffset + i;
    if (i >= p.rowLength) {
      cells.push(<span key={i} className="byte pad" />);
      continue;
    }
    const value = p.byteAt(offset);
    const lit = isLitColumn(p.lit, i);
    const mark = decor.underlines[i];
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
        className={
          cellClass(offset, p, `byte${lit ? ' flash' : ''}${isGroupStart(i) ? ' mid' : ''}${value === 0 ? ' zero' : ''}`) + decor.classes[i]
        }
        data-offset={offset}
        data-testid="hex-byte"
        data-changed={lit ? '1' : undefined}
        data-mark={mark ? '1' : undefined}
        style={mark ? { boxShadow: `inset 0 -3px 0 ${mark.color}` } : undefined}
        title={mark ? mark.title : decor.titles[i]}
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
        className={`row-offset${decor.gutterClass}`}
        {...decor.gutterData}
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
              className={
                cellClass(c.offset, p, `char${c.span === 2 ? ' wide' : ''}${c.printable ? '' : ' dim'}${lit ? ' lit' : ''}`) +
                (decor.classes[column] ?? '')
              }
              aria-hidden
              data-offset={c.offset}
              title={decor.titles[column]}
            >
              {c.char}
            </span>
          );
        })}
      </span>
    </div>
  );
}, sameRowProps);

/** Shallow equality, except that the selection counts as equal when its ends are, and the decorations when they show the same. */
function sameRowProps(a: RowProps, b: RowProps): boolean {
  const keys = Object.keys(a) as (keyof RowProps)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const x = a[key];
    const y = b[key];
    if (key === 'selection') return sameSpan(a.selection, b.selection);
    if (key === 'decorations') return sameDecorations(a.decorations, b.decorations);
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
