// Undo and redo of this window's own edits (stores/editHistory.ts through the
// session's commands), against a real core and real shared memory: an undo
// restores the old bytes only where nobody changed them since, and otherwise
// refuses, says so and writes nothing; typing, text typing, paste and fill are
// each one edit; a paste past the block's end is refused before any write.
import { describe, expect, it } from 'vitest';
import { writeFromOtherProcess } from '../support/processes';
import { useCoreSession } from './core-session';

const SIZE = 4096;

describe('edit history', () => {
  const live = useCoreSession();

  async function blockBytes(name: string, offset: number, length: number): Promise<number[]> {
    return Array.from((await live.api.call('read', { name, offset, length })).bytes);
  }

  it('undoes and redoes a paste, and shows the restored bytes at once', async () => {
    const { renderer, stores } = live;
    const { name } = await live.openFreshBlock('eh-paste', SIZE);
    stores.hexView.getState().moveCursor(0x40, false);
    expect(await renderer.paste('const unsigned char data[3] = { 0xDE, 0xAD, 0xBE };', false)).toBe(true);
    expect(await blockBytes(name, 0x40, 3)).toEqual([0xde, 0xad, 0xbe]);
    expect(await renderer.undo()).toBe(true);
    expect(await blockBytes(name, 0x40, 3)).toEqual([0, 0, 0]);
    expect(stores.editHistory.getState().message).toBe('Undid paste at 0x40–0x42.');
    expect(await renderer.redo()).toBe(true);
    expect(await blockBytes(name, 0x40, 3)).toEqual([0xde, 0xad, 0xbe]);
    expect(await renderer.redo()).toBe(false);
    expect(stores.editHistory.getState().message).toBe('Nothing to redo.');
  });

  it('refuses an undo when another process wrote over the same bytes since, and writes nothing', async () => {
    const { renderer, stores } = live;
    const { name } = await live.openFreshBlock('eh-conflict', SIZE);
    stores.hexView.getState().moveCursor(0x100, false);
    await renderer.paste('11 22 33 44', false);
    await writeFromOtherProcess(name, SIZE, 0x102, Uint8Array.of(0x99));
    expect(await renderer.undo()).toBe(false);
    expect(await blockBytes(name, 0x100, 4)).toEqual([0x11, 0x22, 0x99, 0x44]);
    expect(stores.editHistory.getState().message).toMatch(/^Undo refused: the bytes at 0x100–0x103 were changed by someone else/);
    expect(stores.editHistory.getState().undoable).toHaveLength(0);
  });

  it('restores when another process wrote only other bytes', async () => {
    const { renderer, stores } = live;
    const { name } = await live.openFreshBlock('eh-other', SIZE);
    stores.hexView.getState().moveCursor(0x100, false);
    await renderer.paste('AA BB', false);
    await writeFromOtherProcess(name, SIZE, 0x102, Uint8Array.of(0x77));
    expect(await renderer.undo()).toBe(true);
    expect(await blockBytes(name, 0x100, 3)).toEqual([0, 0, 0x77]);
  });

  it('undoes typed hex bytes one at a time, the last first', async () => {
    const { renderer, stores } = live;
    const { name } = await live.openFreshBlock('eh-typed', SIZE);
    stores.hexView.getState().moveCursor(8, false);
    // Every digit at once: the typing queue keeps their order.
    await Promise.all([...'DEADBEEF'].map((digit) => renderer.typeHexDigit(parseInt(digit, 16))));
    expect(await blockBytes(name, 8, 4)).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(stores.editHistory.getState().undoable).toHaveLength(4);
    await renderer.undo();
    await renderer.undo();
    expect(await blockBytes(name, 8, 4)).toEqual([0xde, 0xad, 0, 0]);
  });

  it('text typed fast lands every character in the view encoding', async () => {
    const { renderer, stores } = live;
    const { name } = await live.openFreshBlock('eh-text', SIZE);
    stores.hexView.getState().setEncoding('utf16le');
    stores.hexView.getState().moveCursor(0, false);
    await Promise.all([...'Hello'].map((ch) => renderer.typeText(ch)));
    expect(await blockBytes(name, 0, 10)).toEqual([...'Hello'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(stores.hexView.getState().cursor).toBe(10);
  });

  it('fills the selection with a repeated pattern as one edit', async () => {
    const { renderer, stores } = live;
    const { name } = await live.openFreshBlock('eh-fill', SIZE);
    stores.hexView.getState().moveCursor(0x10, false);
    stores.hexView.getState().moveCursor(0x14, true);
    expect(await renderer.fill(Uint8Array.of(0xab, 0xcd))).toBe(true);
    expect(await blockBytes(name, 0x0f, 7)).toEqual([0, 0xab, 0xcd, 0xab, 0xcd, 0xab, 0]);
    await renderer.undo();
    expect(await blockBytes(name, 0x10, 5)).toEqual([0, 0, 0, 0, 0]);
  });

  it('refuses a paste past the end of the block with a clear message, writing nothing', async () => {
    const { renderer, stores } = live;
    const { name } = await live.openFreshBlock('eh-end', SIZE);
    stores.hexView.getState().moveCursor(SIZE - 2, false);
    expect(await renderer.paste('01 02 03', false)).toBe(false);
    expect(stores.editHistory.getState().message).toMatch(/3 bytes from 0xFFE would pass the block's end \(0x1000, 4096 bytes\) by 1/);
    expect(await blockBytes(name, SIZE - 2, 2)).toEqual([0, 0]);
    expect(stores.editHistory.getState().undoable).toHaveLength(0);
  });

  it('copies the selection as read from the block', async () => {
    const { renderer, stores } = live;
    await live.openFreshBlock('eh-copy', SIZE);
    stores.hexView.getState().moveCursor(0x20, false);
    await renderer.paste('01 02 03 04', false);
    stores.hexView.getState().moveCursor(0x21, false);
    stores.hexView.getState().moveCursor(0x23, true);
    expect(Array.from((await renderer.selectedBytes())!)).toEqual([2, 3, 4]);
  });
});
