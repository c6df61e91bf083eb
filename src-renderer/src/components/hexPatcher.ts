// Writes patch the hex view; they do not render it. When bytes of the rows on
// screen change in place (a blockChanged event, our own write), the patcher
// updates those cells' text, zero class, flash (class, data-changed, aria
// label and the fading mark) and the text column's characters straight from
// the bytes store, outside React, as the bench's bare page does
// (bench/fixtures/page/bare-viewer.js). It also keeps the rows' heat current
// as the timeline's recent changes move, and puts a byte out when its flash
// ends. React renders the rows only when their structure changes (scroll,
// resize, selection, row width, encoding, a new window, a decoration's
// inputs), and then draws the same values from the same stores, so whichever
// wrote a cell last wrote what the stores say now.
//
// The flash marks belong to the patcher alone (React never renders one): it
// adds one per change and, after each commit of the rows (`rendered`), gives a
// lit byte in a row React mounted its mark, its fade already under way.
import { byteAt, type BytesState, type WatchedWindow } from '../stores/bytes';
import type { HexViewState } from '../stores/hexView';
import type { TimelineState } from '../stores/timeline';
import { hex } from '../lib/offsets';
import { decodeRow, type TextCell, type TextEncoding } from '../lib/textColumn';
import { HEAT_LEVELS, rowHeats } from '../decorations/changes';
import type { StoreApi } from 'zustand/vanilla';

/** How long a changed byte stays lit; the CSS animation has the same length. */
export const FLASH_MS = 1500;

/** A text cell may show bytes of the rows beside it (a UTF-16 pair, a UTF-8 sequence): rows this near a change are decoded again. */
const TEXT_REACH = 3;

/** What the rows on screen show, as the last commit drew them. */
export interface RenderedRows {
  /** The first byte of the first row, and one past the last row's last byte (clipped to the block). */
  start: number;
  end: number;
  bytesPerRow: number;
  offsetDigits: number;
  encoding: TextEncoding;
  /** A moment of the History (paused or in the past): the rows show its bytes, and live changes patch nothing. */
  frozen: boolean;
}

export interface PatcherStores {
  bytes: StoreApi<BytesState>;
  hexView: StoreApi<HexViewState>;
  timeline: StoreApi<TimelineState>;
}

export interface HexPatcher {
  /** A row's element, as HexRow's ref hands it (null when it leaves). */
  registerRow(rowOffset: number, element: HTMLElement | null): void;
  /** After each commit of the rows: what they show; lit bytes get their marks. */
  rendered(rows: RenderedRows): void;
  /** Follows the stores until the returned function is called. */
  start(): () => void;
}

/** A byte cell's text: its value, '··' when not loaded, or the half-typed digit at the cursor. */
export function cellText(value: number | undefined, pendingNibble: number | null): string {
  if (pendingNibble !== null) return `${hex(pendingNibble, 1)}_`;
  return value === undefined ? '··' : hex(value, 2);
}

/** A byte cell's accessible name. */
export function cellLabel(offset: number, offsetDigits: number, value: number | undefined, lit: boolean): string {
  return `${hex(offset, offsetDigits)}: ${value === undefined ? 'not loaded' : hex(value, 2)}${lit ? ', changed' : ''}`;
}

/** The text column's accessible name. */
export function textLabel(cells: readonly TextCell[]): string {
  let text = 'Text: ';
  for (const c of cells) text += c.char;
  return text;
}

/** When the byte at `offset` last changed (performance.now()), 0 if not since it was watched or outside the window. */
export function changeStamp(window: WatchedWindow | null, offset: number): number {
  if (!window) return 0;
  const i = offset - window.offset;
  return i >= 0 && i < window.changedAt.length ? window.changedAt[i]! : 0;
}

export function isLitAt(stamp: number, now: number): boolean {
  return stamp > 0 && now - stamp < FLASH_MS;
}

/**
 * A changed byte's mark stays whole while the byte keeps changing, and fades
 * once it has been still this long (the fade ends FLASH_MS after the change,
 * as before). A byte written every few frames so starts no animation per
 * write: each animation the compositor runs costs the page a main frame when
 * it starts, which was one more frame for every write.
 */
export const HOLD_MS = 300;

/** Whoever asks for less motion: the changed byte is marked while it is lit, without a fade. */
function lessMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** The highlight over a changed byte, repeating it (its ::before shows data-text) in the highlight's colours. */
function flashMark(text: string): HTMLElement {
  const mark = document.createElement('span');
  mark.className = 'flash-mark';
  mark.dataset.text = text;
  mark.setAttribute('aria-hidden', 'true');
  return mark;
}

/**
 * Fades a mark by opacity alone (the compositor runs it: no frame of it
 * restyles, lays out or repaints the row), from HOLD_MS after its byte's
 * change to FLASH_MS after it; `age` ms have passed since the change.
 */
function startFade(mark: HTMLElement, age: number): void {
  if (typeof mark.animate !== 'function' || lessMotion()) return;
  const fade = mark.animate([{ opacity: 1 }, { opacity: 0 }], { duration: FLASH_MS - HOLD_MS, easing: 'ease-out', fill: 'forwards' });
  const now = document.timeline.currentTime;
  if (typeof now === 'number') fade.startTime = now - Math.max(0, age - HOLD_MS);
}

/** Makes a fading mark whole again: its byte changed once more. */
function stopFade(mark: HTMLElement): void {
  if (typeof mark.getAnimations === 'function') for (const animation of mark.getAnimations()) animation.cancel();
}

export function createHexPatcher(stores: PatcherStores): HexPatcher {
  const rows = new Map<number, HTMLElement>();
  /** The marks the patcher placed, by offset: each is taken away when its byte goes out. */
  const marks = new Map<number, HTMLElement>();
  /** The marks whose fade has begun. */
  const fading = new Set<HTMLElement>();
  let shown: RenderedRows | null = null;
  let fadeTimer: ReturnType<typeof setTimeout> | null = null;
  let fadeAt = Infinity;

  const bytesNow = () => stores.bytes.getState().window;

  function cellOf(offset: number): HTMLElement | null {
    if (!shown) return null;
    const rowOffset = offset - (offset % shown.bytesPerRow);
    const cell = rows.get(rowOffset)?.children[1]?.children[offset - rowOffset];
    return cell instanceof HTMLElement && cell.dataset.offset === String(offset) ? cell : null;
  }

  /** Brings one cell in line with the bytes; `fresh`: it has just changed (its mark starts again). */
  function patchCell(offset: number, window: WatchedWindow | null, now: number, fresh: boolean): void {
    const cell = cellOf(offset);
    if (!cell || !shown) return;
    const value = byteAt(window, offset);
    const view = stores.hexView.getState();
    const text = cellText(value, offset === view.cursor ? view.pendingNibble : null);
    const textNode = cell.firstChild;
    if (textNode && textNode.nodeType === Node.TEXT_NODE && textNode.nodeValue !== text) textNode.nodeValue = text;
    cell.classList.toggle('zero', value === 0);
    const lit = isLitAt(changeStamp(window, offset), now);
    cell.classList.toggle('flash', lit);
    if (lit) cell.setAttribute('data-changed', '1');
    else cell.removeAttribute('data-changed');
    const label = cellLabel(offset, shown.offsetDigits, value, lit);
    if (cell.getAttribute('aria-label') !== label) cell.setAttribute('aria-label', label);
    const mark = marks.get(offset);
    if (lit) {
      const stamp = changeStamp(window, offset);
      if (!mark || mark.parentElement !== cell) placeMark(offset, cell, text, now - stamp);
      else if (fresh) renewMark(mark, text);
      scheduleFade(fading.has(marks.get(offset)!) ? stamp + FLASH_MS : stamp + HOLD_MS);
    } else if (mark) {
      removeMark(offset, mark);
    }
  }

  /** A new mark on `cell`, fading already if its byte changed `age` ms ago and has been still since. */
  function placeMark(offset: number, cell: HTMLElement, text: string, age: number): void {
    marks.get(offset)?.remove();
    const mark = flashMark(text);
    cell.append(mark);
    marks.set(offset, mark);
    if (age >= HOLD_MS) {
      startFade(mark, age);
      fading.add(mark);
    }
  }

  /** The byte under a mark changed again: the same mark, whole, showing the new value. */
  function renewMark(mark: HTMLElement, text: string): void {
    if (mark.dataset.text !== text) mark.dataset.text = text;
    if (fading.delete(mark)) stopFade(mark);
  }

  function removeMark(offset: number, mark: HTMLElement): void {
    mark.remove();
    fading.delete(mark);
    marks.delete(offset);
  }

  /** Decodes a row's text column again and updates the characters that differ. */
  function patchText(rowOffset: number, window: WatchedWindow | null, now: number): void {
    const row = rows.get(rowOffset);
    const column = row?.children[2];
    if (!shown || !column) return;
    const rowLength = Math.min(shown.bytesPerRow, shown.end - rowOffset);
    const get = (offset: number) => byteAt(window, offset);
    const cells = decodeRow(get, rowOffset, rowLength, shown.encoding);
    for (let k = 0; k < cells.length; k++) {
      const c = cells[k]!;
      const span = column.children[k];
      if (!(span instanceof HTMLElement)) continue;
      if (span.textContent !== c.char) span.textContent = c.char;
      span.classList.toggle('dim', !c.printable);
      const lit = isLitAt(changeStamp(window, c.offset), now) || (c.span > 1 && isLitAt(changeStamp(window, c.offset + 1), now));
      span.classList.toggle('lit', lit);
    }
    const label = textLabel(cells);
    if (column.getAttribute('aria-label') !== label) column.setAttribute('aria-label', label);
  }

  function patchTextAround(start: number, end: number, window: WatchedWindow | null, now: number): void {
    if (!shown) return;
    const { bytesPerRow } = shown;
    const from = Math.max(shown.start, start - TEXT_REACH);
    const to = Math.min(shown.end, end + TEXT_REACH);
    for (let row = from - (from % bytesPerRow); row < to; row += bytesPerRow) patchText(row, window, now);
  }

  function onBytes(state: BytesState, previous: BytesState): void {
    if (state.version === previous.version || !shown || shown.frozen) return;
    // A new window (a watch answer, a reset) is a render of the rows: React draws it.
    if (state.window !== previous.window || state.lastChanged === null) return;
    const window = state.window;
    const now = performance.now();
    for (const span of state.lastChanged) {
      const start = Math.max(span.start, shown.start);
      const end = Math.min(span.end, shown.end);
      if (start >= end) continue;
      // Bytes inside the span that kept their value keep their marks.
      const stamp = changeStamp(window, span.start);
      for (let at = start; at < end; at++) patchCell(at, window, now, changeStamp(window, at) === stamp);
      patchTextAround(start, end, window, now);
    }
  }

  function scheduleFade(at: number): void {
    if (at >= fadeAt) return;
    if (fadeTimer !== null) clearTimeout(fadeTimer);
    fadeAt = at;
    // Only while a byte is lit: an idle view keeps no timer.
    fadeTimer = setTimeout(fade, Math.max(0, at - performance.now()) + 20);
  }

  /** Fades the marks of bytes still for HOLD_MS, puts out the bytes whose flash has ended; waits again for the next of either. */
  function fade(): void {
    fadeTimer = null;
    fadeAt = Infinity;
    if (!shown) return;
    if (shown.frozen) return; // rendered() took the marks away; the rows show a moment's bytes
    const window = bytesNow();
    const now = performance.now();
    const rowsToDecode = new Set<number>();
    let next = Infinity;
    for (const [offset, mark] of [...marks]) {
      const stamp = changeStamp(window, offset);
      if (isLitAt(stamp, now)) {
        if (!fading.has(mark) && now - stamp >= HOLD_MS) {
          startFade(mark, now - stamp);
          fading.add(mark);
        }
        next = Math.min(next, fading.has(mark) ? stamp + FLASH_MS : stamp + HOLD_MS);
        continue;
      }
      patchCell(offset, window, now, false);
      const left = marks.get(offset);
      if (left) removeMark(offset, left);
      rowsToDecode.add(offset - (offset % shown.bytesPerRow));
    }
    for (const row of rowsToDecode) patchText(row, window, now);
    if (next < Infinity) scheduleFade(next);
  }

  function patchHeat(recent: TimelineState['recent']): void {
    if (!shown) return;
    const { start, end, bytesPerRow } = shown;
    const heats = rowHeats(recent, start, end, bytesPerRow);
    heats.forEach((level, index) => {
      const header = rows.get(start + index * bytesPerRow)?.children[0];
      if (!header) return;
      for (let l = 1; l <= HEAT_LEVELS; l++) header.classList.toggle(`heat-${l}`, l === level);
      if (level > 0) header.setAttribute('data-heat', String(level));
      else header.removeAttribute('data-heat');
    });
  }

  return {
    registerRow(rowOffset, element) {
      if (element) rows.set(rowOffset, element);
      else rows.delete(rowOffset);
    },

    rendered(next) {
      shown = next;
      const window = bytesNow();
      const now = performance.now();
      // Marks of bytes gone out or scrolled away.
      for (const [offset, mark] of [...marks]) {
        if (!next.frozen && offset >= next.start && offset < next.end && isLitAt(changeStamp(window, offset), now)) continue;
        removeMark(offset, mark);
      }
      if (next.frozen || !window) return;
      // A lit byte in a row React drew again or mounted: its mark, with the fade where it was.
      const from = Math.max(next.start, window.offset);
      const to = Math.min(next.end, window.offset + window.bytes.length);
      for (let at = from; at < to; at++) {
        if (!isLitAt(window.changedAt[at - window.offset]!, now)) continue;
        const mark = marks.get(at);
        if (!mark || mark.parentElement !== cellOf(at)) patchCell(at, window, now, false);
      }
    },

    start() {
      const stopBytes = stores.bytes.subscribe(onBytes);
      const stopHeat = stores.timeline.subscribe((state, previous) => {
        if (state.recent !== previous.recent) patchHeat(state.recent);
      });
      return () => {
        stopBytes();
        stopHeat();
        if (fadeTimer !== null) clearTimeout(fadeTimer);
        fadeTimer = null;
        fadeAt = Infinity;
      };
    },
  };
}
