// The hex view store (src-renderer/src/stores/hexView.ts): cursor, selection,
// scrolling and go-to are pure state (a store of its own, no host); typing a
// byte goes through the session, which writes it through a real core.
import { beforeEach, describe, expect, it } from 'vitest';
import { byteAt } from '../../src-renderer/src/stores/bytes';
import { rememberRowWidth } from '../../src-renderer/src/session/persistence';
import { createHexViewStore, selectionRange } from '../../src-renderer/src/stores/hexView';
import { waitFor } from '../support/wait';
import { useCoreSession } from './core-session';

const standalone = createHexViewStore();
const view = () => standalone.getState();

function layout(size: number, visibleRows = 16): void {
  view().reset(size);
  view().setVisibleRows(visibleRows);
}

describe('cursor and scrolling (no host needed)', () => {
  it('starts at the top with nothing selected', () => {
    view().moveCursor(100, true);
    layout(4096);
    expect(view()).toMatchObject({ cursor: 0, anchor: null, topRow: 0, pendingNibble: null });
  });

  it('clamps the cursor to the block', () => {
    layout(4096);
    view().moveCursor(-5, false);
    expect(view().cursor).toBe(0);
    view().moveCursor(4096, false);
    expect(view().cursor).toBe(4095);
    view().moveCursor(1e12, false);
    expect(view().cursor).toBe(4095);
  });

  it('scrolls just enough to keep the cursor in view', () => {
    layout(4096, 16);
    view().moveCursor(16 * 16, false); // the row just below the last visible one
    expect(view().topRow).toBe(1);
    view().moveCursor(16 * 15 + 3, false); // visible: no scroll
    expect(view().topRow).toBe(1);
    view().moveCursor(4095, false); // the last row at the bottom
    expect(view().topRow).toBe(256 - 16);
    view().moveCursor(16 * 100, false); // above the view: it becomes the top row
    expect(view().topRow).toBe(100);
  });

  it('selects from the anchor to the cursor, either way, and drops the selection on a plain move', () => {
    layout(4096);
    view().moveCursor(10, false);
    expect(selectionRange(view())).toBeNull();
    view().moveCursor(40, true);
    expect(view().anchor).toBe(10);
    expect(selectionRange(view())).toEqual([10, 40]);
    view().moveCursor(5, true); // the anchor stays where the selection began
    expect(selectionRange(view())).toEqual([5, 10]);
    view().moveCursor(5000, true); // clamped like any move
    expect(selectionRange(view())).toEqual([10, 4095]);
    view().moveCursor(7, false);
    expect(view().anchor).toBeNull();
    expect(selectionRange(view())).toBeNull();
  });

  it('clamps scrolling to the first and last full page', () => {
    layout(4096, 16);
    view().scrollToRow(-3);
    expect(view().topRow).toBe(0);
    view().scrollToRow(10_000);
    expect(view().topRow).toBe(240);
    view().scrollByRows(-5);
    expect(view().topRow).toBe(235);
    view().scrollToRow(2.6);
    expect(view().topRow).toBe(3);
  });

  it('counts a short last row (size not a multiple of 16)', () => {
    layout(4097, 16);
    view().scrollToRow(10_000);
    expect(view().topRow).toBe(257 - 16);
    view().moveCursor(5000, false);
    expect(view().cursor).toBe(4096);
  });

  it('shows everything from row 0 when the block is shorter than the view', () => {
    layout(100, 16);
    view().scrollToRow(3);
    expect(view().topRow).toBe(0);
  });

  it('keeps the first visible row valid when the view grows', () => {
    layout(4096, 16);
    view().scrollToRow(240);
    view().setVisibleRows(40);
    expect(view().topRow).toBe(256 - 40);
    expect(view().visibleRows).toBe(40);
  });

  it('addresses every row of a huge block by its first visible row', () => {
    const size = 2 ** 30; // 1 GiB: 67,108,864 rows
    layout(size, 30);
    view().scrollToRow(Number.MAX_SAFE_INTEGER);
    expect(view().topRow).toBe(size / 16 - 30);
    view().moveCursor(size - 1, false);
    expect(view().cursor).toBe(size - 1);
    expect(view().topRow).toBe(size / 16 - 30);
    view().moveCursor(size / 2, false);
    expect(view().topRow).toBe(size / 32);
  });

  it('ignores moves on an empty view', () => {
    layout(0);
    view().moveCursor(10, false);
    expect(view().cursor).toBe(0);
  });
});

describe('a row narrower than the chosen one where the view cannot fit it (issue 23, item 10)', () => {
  it('shows 8 while the view fits no more, keeps the choice, and saves only the choice', () => {
    const store = createHexViewStore();
    const saved = new Map<string, string>();
    const storage = {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: (k: string, v: string) => saved.set(k, v),
    } as unknown as Storage;
    rememberRowWidth(store, storage);
    store.getState().reset(4096);
    store.getState().setVisibleRows(10);
    store.getState().moveCursor(0x40, false);
    store.getState().fitRowWidth(8);
    expect(store.getState()).toMatchObject({ bytesPerRow: 8, chosenBytesPerRow: 16 });
    expect(saved.size, 'a fallback is no new preference').toBe(0);
    expect(Math.floor(store.getState().cursor / 8) - store.getState().topRow).toBeGreaterThanOrEqual(0); // the cursor's row stays on screen
    store.getState().setBytesPerRow(32);
    expect(store.getState()).toMatchObject({ bytesPerRow: 8, chosenBytesPerRow: 32 });
    expect([...saved.values()]).toEqual(['32']);
    store.getState().fitRowWidth(32);
    expect(store.getState().bytesPerRow).toBe(32);
  });
});

describe('go to offset', () => {
  beforeEach(() => layout(64 * 1024, 16));

  it('goes to hex (bare, 0x, h) and #decimal offsets, with two rows of context above', () => {
    expect(view().goTo('0x1000')).toBe(true);
    expect(view()).toMatchObject({ cursor: 0x1000, topRow: 0x100 - 2, anchor: null, goToError: null });
    expect(view().goTo('FA0')).toBe(true); // bare hex, as HxD users type it
    expect(view().cursor).toBe(0xfa0);
    expect(view().goTo('33')).toBe(true); // bare digits are hex too
    expect(view()).toMatchObject({ cursor: 0x33, topRow: 1 });
    expect(view().goTo('#33')).toBe(true);
    expect(view()).toMatchObject({ cursor: 33, topRow: 0 });
    expect(view().goTo('FFFFh')).toBe(true);
    expect(view()).toMatchObject({ cursor: 0xffff, topRow: 4096 - 16 });
  });

  it('goes relative to the cursor (+N, -N) and to the end', () => {
    view().goTo('0x100');
    expect(view().goTo('+10')).toBe(true);
    expect(view().cursor).toBe(0x110);
    expect(view().goTo('-#16')).toBe(true);
    expect(view().cursor).toBe(0x100);
    expect(view().goTo('end')).toBe(true);
    expect(view().cursor).toBe(0xffff);
  });

  it('refuses bad input and offsets past the end, and stays where it was', () => {
    view().goTo('0x200');
    view().moveCursor(0x210, true);
    for (const text of ['0x10000', '#65536', 'xyz', '-0x1000', '']) {
      expect(view().goTo(text)).toBe(false);
      expect(view().goToError).toBeTruthy();
      expect(view()).toMatchObject({ cursor: 0x210, anchor: 0x200, topRow: 0x20 - 2 });
    }
    expect(view().goToError).toContain('type an offset');
    view().goTo('0x10000');
    expect(view().goToError).toContain('past the end of the block');
    view().goTo('1');
    expect(view().goToError).toBeNull();
  });

  it('drops a half-typed byte', () => {
    expect(view().typeHexDigit(0xa)).toBeNull();
    expect(view().pendingNibble).toBe(0xa);
    view().goTo('5');
    expect(view().pendingNibble).toBeNull();
  });
});

describe('typing a byte (written through a real core)', () => {
  const session = useCoreSession();
  const openFreshBlock = (prefix: string, size: number) => session.openFreshBlock(prefix, size);
  const bytes = () => session.stores.bytes.getState();
  const typeHexDigit = (digit: number) => session.renderer.typeHexDigit(digit);
  const view = () => session.stores.hexView.getState(); // the session's own, which its commands move

  async function readByte(name: string, offset: number): Promise<number> {
    return (await session.api.call('read', { name, offset, length: 1 })).bytes[0]!;
  }

  it('writes two hex digits as one byte at the cursor and moves on', async () => {
    const info = await openFreshBlock('rh-type', 4096);
    bytes().showRange(0, 256);
    await waitFor(() => bytes().window, 'the watched window');
    view().moveCursor(0x20, false);
    await typeHexDigit(0xa);
    expect(view().pendingNibble).toBe(0xa);
    expect(await readByte(info.name, 0x20)).toBe(0); // nothing written after one digit
    await typeHexDigit(0x5);
    expect(await readByte(info.name, 0x20)).toBe(0xa5);
    expect(byteAt(bytes().window, 0x20)).toBe(0xa5);
    expect(view()).toMatchObject({ cursor: 0x21, pendingNibble: null, editError: null });
  });

  it('stays on the last byte after writing it', async () => {
    const info = await openFreshBlock('rh-last', 4096);
    view().moveCursor(4095, false);
    await typeHexDigit(0x0);
    await typeHexDigit(0x7);
    expect(await readByte(info.name, 4095)).toBe(0x07);
    expect(view().cursor).toBe(4095);
  });

  it('cancels a half-typed byte without writing', async () => {
    const info = await openFreshBlock('rh-cancel', 4096);
    view().moveCursor(3, false);
    await typeHexDigit(0xf);
    view().cancelEdit();
    await typeHexDigit(0x1);
    expect(view().pendingNibble).toBe(0x1);
    expect(await readByte(info.name, 3)).toBe(0);
  });

  it("says what could not be written, with the host's code, and keeps the cursor", async () => {
    const info = await openFreshBlock('rh-refused', 4096);
    view().reset(8192); // the view believes in a larger block than the host has
    view().moveCursor(5000, false);
    await typeHexDigit(0xc);
    await typeHexDigit(0x3);
    expect(view().editError).toMatch(/^Could not write 0xC3 at 0x1388: .*\(ERR_SHM_RANGE\)$/);
    expect(view().cursor).toBe(5000);
    expect(await readByte(info.name, 4095)).toBe(0);
  });

  it('lands eight hex digits typed 0 ms apart as four bytes, in order', async () => {
    const info = await openFreshBlock('rh-fast', 4096);
    view().moveCursor(0x40, false);
    // As keys arrive: each digit is handed over at once, none waits for the previous write.
    const typed = [0xd, 0xe, 0xa, 0xd, 0xb, 0xe, 0xe, 0xf].map((digit) => typeHexDigit(digit));
    await Promise.all(typed);
    const { bytes: written } = await session.api.call('read', { name: info.name, offset: 0x40, length: 5 });
    expect([...written]).toEqual([0xde, 0xad, 0xbe, 0xef, 0]);
    expect(view()).toMatchObject({ cursor: 0x44, pendingNibble: null, editError: null });
  });
});
