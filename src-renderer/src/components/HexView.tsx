// The hex view: virtualised rows over a block of any size. Only the visible
// rows exist in the DOM, and only they (plus a margin) are watched, so the
// cost of the view follows the window, not the block.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { BYTES_PER_ROW, hex, isGroupStart, offsetDigits } from '../lib/offsets';
import { decorationProviders } from '../decorations/registry';
import type { DecorationProvider } from '../decorations/types';
import { useRowDecorations, useScrollbarMarks } from '../decorations/useDecorations';
import { useBytes, useHexView, useSession, useTimeline } from '../sessionContext';
import type { Session } from '../session';
import { byteAt } from '../stores/bytes';
import { ROW_WIDTHS, selectionRange, type RowWidth } from '../stores/hexView';
import { rowHeats } from '../decorations/changes';
import { countRender } from '../lib/renderCounts';
import { HexRow, hexCellId, litColumns } from './HexRow';
import { changeStamp, createHexPatcher } from './hexPatcher';
import { BlockMap } from './BlockMap';
import { HexScrollbar } from './HexScrollbar';
import { useShownBytes } from './historyView';
import { CurrentMomentBadge } from './MomentBadge';
import { GOTO_INPUT_ID, HexToolbar } from './HexToolbar';
import { onCopy, onEditKey, onPaste } from '../edit/editKeys';

/** Must match --row-height in styles.css. */
export const ROW_HEIGHT = 20;

export function HexView() {
  const size = useHexView((s) => s.size);
  const bytesPerRow = useHexView((s) => s.bytesPerRow);
  const session = useSession();
  const viewportRef = useRef<HTMLDivElement>(null);
  const scrollerRef = useRef<HTMLDivElement>(null);
  const focusView = useCallback(() => viewportRef.current?.focus(), []);
  useVisibleRows(viewportRef);
  useRowWidthThatFits(scrollerRef);
  useWatchVisibleWindow();
  useWheel(viewportRef);
  const activeCell = useHexView(activeCellId);
  useRevealActiveCell(activeCell);

  return (
    <section className="hex-view panel" data-testid="hex-view" aria-label="Hex view">
      <HexToolbar onNavigated={focusView} />
      <CurrentMomentBadge />
      <div className="hex-body">
        {/* Header and rows scroll sideways together when the view is narrower than a row. */}
        <div className="hex-scroll-x" data-testid="hex-scroll-x" ref={scrollerRef}>
          <HexHeader size={size} bytesPerRow={bytesPerRow} />
          <div
            className="hex-viewport"
            ref={viewportRef}
            tabIndex={0}
            role="grid"
            aria-label="Bytes: arrow keys move, hex digits edit, Ctrl+G goes to an offset"
            aria-rowcount={Math.ceil(size / bytesPerRow)}
            aria-colcount={bytesPerRow + 2}
            aria-activedescendant={activeCell ?? undefined}
            aria-multiselectable
            data-testid="hex-viewport"
            onKeyDown={(event) => onKeyDown(event, session)}
            onMouseDown={(event) => onMouseDown(event, session)}
            onMouseMove={(event) => onMouseMove(event, session)}
            onCopy={(event) => onCopy(event, session)}
            onPaste={(event) => onPaste(event, session)}
          >
            <HexRows />
          </div>
        </div>
        <Scrollbar />
        <BlockMap />
      </div>
      <BytesError />
    </section>
  );
}

function HexHeader({ size, bytesPerRow }: { size: number; bytesPerRow: number }) {
  const columns = [];
  for (let i = 0; i < bytesPerRow; i++) {
    columns.push(
      <span key={i} className={`byte${isGroupStart(i) ? ' mid' : ''}`}>
        {hex(i, 2)}
      </span>,
    );
  }
  return (
    <div className="hex-row hex-header" aria-hidden>
      <span className="row-offset">{'Offset'.padEnd(offsetDigits(size), '\u00a0')}</span>
      <span className="row-bytes">{columns}</span>
      <span className="row-text">Text</span>
    </div>
  );
}

/**
 * The visible rows, decorated by `providers` (the registry's list; a test may
 * hand its own, fixed at mount). They render when their structure changes
 * (scroll, resize, selection, row width, encoding, a new window, a moment of
 * the History, a decoration's inputs), never for a write to their bytes: the
 * patcher (hexPatcher.ts) puts those into the cells. So this reads the
 * bytes, their change stamps and the heat as they are at render time, and
 * subscribes to none of them.
 */
export function HexRows({ providers = decorationProviders }: { providers?: readonly DecorationProvider[] }) {
  countRender('hex-rows');
  const { stores } = useSession();
  const size = useHexView((s) => s.size);
  const bytesPerRow = useHexView((s) => s.bytesPerRow);
  const topRow = useHexView((s) => s.topRow);
  const visibleRows = useHexView((s) => s.visibleRows);
  const cursor = useHexView((s) => s.cursor);
  const anchor = useHexView((s) => s.anchor);
  const pendingNibble = useHexView((s) => s.pendingNibble);
  const encoding = useHexView((s) => s.encoding);
  const window = useBytes((s) => s.window);
  const shown = useShownBytes(); // the timeline's frozen bytes, when paused or in the past
  const frozen = useTimeline((s) => s.frozen !== null);
  const lastRow = Math.min(topRow + visibleRows, Math.ceil(size / bytesPerRow));
  const start = topRow * bytesPerRow;
  const end = Math.min(size, lastRow * bytesPerRow);
  const decorations = useRowDecorations(providers, { start, end, bytesPerRow });
  // Stable callbacks: a row re-renders for what it shows (its stamps below), not for a new closure.
  const getByte = useCallback(
    (offset: number) => (offset >= size ? undefined : shown ? shown(offset) : byteAt(window, offset)),
    [size, shown, window],
  );
  const changedAt = useCallback((offset: number) => (frozen ? 0 : changeStamp(window, offset)), [window, frozen]);
  const patcher = useHexPatcher();
  const digits = offsetDigits(size);
  useLayoutEffect(() => patcher.rendered({ start, end, bytesPerRow, offsetDigits: digits, encoding, frozen }));

  if (size === 0) return <div className="hex-empty">Open a block to see its bytes.</div>;
  const now = renderTime();
  const heats = rowHeats(stores.timeline.getState().recent, start, end, bytesPerRow);
  const selection = selectionRange({ cursor, anchor });
  const rows = [];
  for (let row = topRow; row < lastRow; row++) {
    const rowOffset = row * bytesPerRow;
    const rowEnd = rowOffset + bytesPerRow - 1;
    const rowLength = Math.min(bytesPerRow, size - rowOffset);
    const hasCursor = cursor >= rowOffset && cursor <= rowEnd;
    rows.push(
      <HexRow
        key={rowOffset}
        rowOffset={rowOffset}
        bytesPerRow={bytesPerRow}
        rowLength={rowLength}
        offsetDigits={digits}
        byteAt={getByte}
        contentStamp={latestChange(changedAt, rowOffset, rowLength)}
        lit={litColumns(rowOffset, rowLength, changedAt, now)}
        heat={heats[row - topRow] ?? 0}
        register={patcher.registerRow}
        cursor={hasCursor ? cursor : -1}
        selection={clipSelection(selection, rowOffset, rowEnd)}
        pendingNibble={hasCursor ? pendingNibble : null}
        encoding={encoding}
        decorations={decorations.get(rowOffset)}
      />,
    );
  }
  return <>{rows}</>;
}

/**
 * The time the rows judge which bytes are lit at. A render draws the view as
 * it is at that moment; between renders the patcher lights and puts out
 * bytes, so a render need not be pure in time to be right.
 */
function renderTime(): number {
  return performance.now();
}

/** The rows' patcher, following the stores while the rows are mounted. */
function useHexPatcher() {
  const { stores } = useSession();
  const [patcher] = useState(() => createHexPatcher(stores));
  // Subscribed before the first paint: a change right after the rows' first commit is patched too.
  useLayoutEffect(() => patcher.start(), [patcher]);
  return patcher;
}

/** The latest change stamp among a row's bytes: it moves whenever one of them changes in place. */
function latestChange(changedAt: (offset: number) => number, rowOffset: number, rowLength: number): number {
  let latest = 0;
  for (let at = rowOffset; at < rowOffset + rowLength; at++) latest = Math.max(latest, changedAt(at));
  return latest;
}

/** The part of the selection inside a row, or null. */
function clipSelection(selection: [number, number] | null, rowStart: number, rowEnd: number): [number, number] | null {
  if (!selection || selection[1] < rowStart || selection[0] > rowEnd) return null;
  return [Math.max(selection[0], rowStart), Math.min(selection[1], rowEnd)];
}

function Scrollbar() {
  const size = useHexView((s) => s.size);
  const topRow = useHexView((s) => s.topRow);
  const visibleRows = useHexView((s) => s.visibleRows);
  const bytesPerRow = useHexView((s) => s.bytesPerRow);
  const scrollToRow = useHexView((s) => s.scrollToRow);
  const totalRows = Math.ceil(size / bytesPerRow);
  const marks = useScrollbarMarks(decorationProviders, { size, bytesPerRow, totalRows });
  return <HexScrollbar totalRows={totalRows} visibleRows={visibleRows} topRow={topRow} onScrollToRow={scrollToRow} marks={marks} />;
}

function BytesError() {
  const error = useBytes((s) => s.error);
  if (!error) return null;
  return (
    <div className="form-error" role="alert" data-testid="bytes-error">
      {error}
    </div>
  );
}

/** The id of the cursor's cell while its row is drawn, for aria-activedescendant. */
function activeCellId(view: { cursor: number; topRow: number; visibleRows: number; size: number; bytesPerRow: number }): string | null {
  const row = Math.floor(view.cursor / view.bytesPerRow);
  if (view.size === 0 || row < view.topRow || row >= view.topRow + view.visibleRows) return null;
  return hexCellId(view.cursor);
}

/**
 * Scrolls the cursor's cell into sight sideways when the view is narrower than
 * a row. Only the hex view's own scroller moves: never the page (which
 * scrollIntoView would also scroll, jumping past the block bar on load).
 */
function useRevealActiveCell(id: string | null) {
  useEffect(() => {
    const cell = id ? document.getElementById(id) : null;
    const scroller = cell?.closest('.hex-scroll-x');
    if (!cell || !scroller) return;
    const c = cell.getBoundingClientRect();
    const s = scroller.getBoundingClientRect();
    if (c.left < s.left) scroller.scrollLeft -= s.left - c.left;
    else if (c.right > s.right) scroller.scrollLeft += c.right - s.right;
  }, [id]);
}

/** Keeps the store's row count equal to what fits in the viewport. */
function useVisibleRows(ref: React.RefObject<HTMLDivElement | null>) {
  const setVisibleRows = useHexView((s) => s.setVisibleRows);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setVisibleRows(Math.max(1, Math.floor(el.clientHeight / ROW_HEIGHT)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, setVisibleRows]);
}

const NARROWEST_ROW = ROW_WIDTHS[0];
const WIDEST_ROW = ROW_WIDTHS[ROW_WIDTHS.length - 1]!;

/**
 * Falls back to 8 bytes a row where not even 16 fit the view (a narrow window,
 * high zoom), so the text column is whole, not cut off; a wider view shows the
 * user's choice again. A chosen 32 in a view that fits 16 stays a deliberate
 * wide row that scrolls sideways. The offset column keeps its width; the hex
 * and text columns grow with the row.
 */
function useRowWidthThatFits(ref: React.RefObject<HTMLDivElement | null>) {
  const { hexView } = useSession().stores;
  const bytesPerRow = useHexView((s) => s.bytesPerRow);
  const encoding = useHexView((s) => s.encoding);
  const size = useHexView((s) => s.size);
  useLayoutEffect(() => {
    const scroller = ref.current;
    if (!scroller) return;
    const fit = () => {
      const row = scroller.querySelector('.hex-viewport .hex-row');
      if (!row) return;
      const widthOf = (selector: string) => row.querySelector(selector)?.getBoundingClientRect().width ?? 0;
      const fixed = widthOf('.row-offset');
      const perByte = (widthOf('.row-bytes') + widthOf('.row-text')) / bytesPerRow;
      const fits = (width: RowWidth) => fixed + perByte * width <= scroller.clientWidth + 0.5;
      hexView.getState().fitRowWidth(fits(BYTES_PER_ROW) ? WIDEST_ROW : NARROWEST_ROW);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [ref, hexView, bytesPerRow, encoding, size]);
}

/** Asks the bytes store to watch what is visible; it re-watches only when that leaves its window. */
function useWatchVisibleWindow() {
  const size = useHexView((s) => s.size);
  const topRow = useHexView((s) => s.topRow);
  const visibleRows = useHexView((s) => s.visibleRows);
  const bytesPerRow = useHexView((s) => s.bytesPerRow);
  const hasWindow = useBytes((s) => s.window !== null);
  const showRange = useBytes((s) => s.showRange);
  useEffect(() => {
    if (size === 0) return;
    showRange(topRow * bytesPerRow, (topRow + visibleRows) * bytesPerRow);
  }, [size, topRow, visibleRows, bytesPerRow, hasWindow, showRange]);
}

/** The wheel scrolls rows, not pixels; it needs a non-passive listener to keep the page still. */
function useWheel(ref: React.RefObject<HTMLDivElement | null>) {
  const { hexView } = useSession().stores;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let carry = 0;
    const onWheel = (event: WheelEvent) => {
      // Sideways (Shift+wheel, a trackpad): the browser scrolls a view narrower than a row.
      if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) return;
      event.preventDefault();
      const perUnit = event.deltaMode === 1 ? 1 : event.deltaMode === 2 ? hexView.getState().visibleRows : 1 / ROW_HEIGHT;
      carry += event.deltaY * perUnit;
      const rows = Math.trunc(carry);
      if (rows !== 0) {
        carry -= rows;
        hexView.getState().scrollByRows(rows);
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [ref, hexView]);
}

function offsetOf(target: EventTarget): number | null {
  const cell = (target as HTMLElement).closest?.('[data-offset]');
  if (!cell || cell.classList.contains('hex-row')) return null;
  const value = Number(cell.getAttribute('data-offset'));
  return Number.isInteger(value) ? value : null;
}

function onMouseDown(event: MouseEvent<HTMLDivElement>, { stores }: Session) {
  const offset = offsetOf(event.target);
  if (offset === null) return;
  stores.hexView.getState().setColumn((event.target as HTMLElement).closest('.row-text') ? 'text' : 'hex');
  stores.hexView.getState().moveCursor(offset, event.shiftKey);
}

function onMouseMove(event: MouseEvent<HTMLDivElement>, { stores }: Session) {
  if ((event.buttons & 1) === 0) return;
  const offset = offsetOf(event.target);
  const view = stores.hexView.getState();
  if (offset === null || offset === view.cursor) return;
  view.moveCursor(offset, true);
}

const HEX_DIGIT = /^[0-9a-fA-F]$/;

function onKeyDown(event: KeyboardEvent<HTMLDivElement>, session: Session) {
  const view = session.stores.hexView.getState();
  const { cursor, visibleRows, size, bytesPerRow } = view;
  const extend = event.shiftKey;
  const ctrl = event.ctrlKey || event.metaKey;
  const moves: Record<string, number | undefined> = {
    ArrowLeft: cursor - 1,
    ArrowRight: cursor + 1,
    ArrowUp: cursor - bytesPerRow,
    ArrowDown: cursor + bytesPerRow,
    PageUp: cursor - visibleRows * bytesPerRow,
    PageDown: cursor + visibleRows * bytesPerRow,
    Home: ctrl ? 0 : cursor - (cursor % bytesPerRow),
    End: ctrl ? size - 1 : cursor - (cursor % bytesPerRow) + bytesPerRow - 1,
  };
  const target = moves[event.key];
  if (onEditKey(event, session)) return;
  if (target !== undefined) {
    event.preventDefault();
    if ((event.key === 'ArrowUp' || event.key === 'ArrowDown') && (target < 0 || target >= size)) return;
    view.moveCursor(target, extend);
  } else if (ctrl && event.key.toLowerCase() === 'g') {
    event.preventDefault();
    document.getElementById(GOTO_INPUT_ID)?.focus();
  } else if (event.key === 'Escape') {
    if (view.pendingNibble !== null) view.cancelEdit();
    else view.moveCursor(cursor, false);
  } else if (!ctrl && !event.altKey && HEX_DIGIT.test(event.key)) {
    event.preventDefault();
    void session.typeHexDigit(parseInt(event.key, 16));
  }
}
