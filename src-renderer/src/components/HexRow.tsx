// One row: offset, 16 hex cells, the text column. Cells carry data-offset so
// the view handles mouse events once, by delegation. A row renders when what
// it shows changes in structure; a write to its bytes is patched into its
// cells by the hex view's patcher (hexPatcher.ts), which finds them through
// the row's element (`register`) in the order drawn here: the offset header,
// the hex cells, the text column.
import { memo } from 'react';
import { hex, isGroupStart } from '../lib/offsets';
import { resolveRow, sameDecorations } from '../decorations/intervals';
import type { Decoration } from '../decorations/types';
import { decodeRow, type ByteSource, type TextEncoding } from '../lib/textColumn';
import { countRender } from '../lib/renderCounts';
import { cellLabel, cellText, FLASH_MS, textLabel } from './hexPatcher';

export { FLASH_MS };

/** The DOM id of a byte's cell: the grid names its cursor with aria-activedescendant. */
export function hexCellId(offset: number): string {
  return `hex-cell-${offset}`;
}

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
  /** The lit columns, as `litColumns()` writes them: the row re-renders only when this set changes. */
  lit: string;
  /** The row's change heat, 0 cold .. 4 hot (decorations/changes.ts). */
  heat: number;
  /** Hands the row's element to the patcher (stable: the same function for every row). */
  register?: (rowOffset: number, element: HTMLElement | null) => void;
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
 * it stable callbacks and per-row values), and its cells keep their keys. A
 * byte's text is the cell's first child, a text node of its own (`{text}{null}`:
 * React then updates that node, never the cell's textContent), so the flash
 * mark the patcher adds after it survives the row's renders.
 */
export const HexRow = memo(function HexRow(p: RowProps) {
  countRender('hex-row');
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
    const text = cellText(value, offset === p.cursor ? p.pendingNibble : null);
    const selected = p.selection !== null && offset >= p.selection[0] && offset <= p.selection[1];
    cells.push(
      <span
        key={i}
        id={hexCellId(offset)}
        role="gridcell"
        aria-label={cellLabel(offset, p.offsetDigits, value, lit)}
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
        {null}
      </span>,
    );
  }
  const textCells = decodeRow(p.byteAt, p.rowOffset, p.rowLength, p.encoding);
  return (
    <div
      className="hex-row"
      role="row"
      aria-rowindex={p.rowOffset / p.bytesPerRow + 1}
      data-testid="hex-row"
      data-offset={p.rowOffset}
      ref={p.register && ((element) => p.register!(p.rowOffset, element))}
    >
      <span
        className={`row-offset${p.heat > 0 ? ` heat-${p.heat}` : ''}${decor.gutterClass}`}
        data-heat={p.heat > 0 ? String(p.heat) : undefined}
        {...decor.gutterData}
        role="rowheader"
        aria-label={`Offset ${hex(p.rowOffset, p.offsetDigits)}`}
      >
        {hex(p.rowOffset, p.offsetDigits)}
      </span>
      <span className="row-bytes">{cells}</span>
      <span className="row-text" role="gridcell" aria-label={textLabel(textCells)} data-testid="hex-text">
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
