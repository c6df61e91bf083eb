// The keymap's shortcuts (lib/keymap.ts) and the data inspector's encoder at
// the cursor (edit/valueEncoding.ts): pure, so checked without a window.
import { describe, expect, it } from 'vitest';
import { matches, SHORTCUTS, type KeyLike } from '../../src-renderer/src/lib/keymap';
import { encodeAtCursor } from '../../src-renderer/src/edit/valueEncoding';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('keymap', () => {
  it('tells undo from redo (Ctrl+Z; Ctrl+Shift+Z and Ctrl+Y), with Cmd as Ctrl', () => {
    expect(matches(key('z', { ctrlKey: true }), 'undo')).toBe(true);
    expect(matches(key('Z', { ctrlKey: true, shiftKey: true }), 'undo')).toBe(false);
    expect(matches(key('Z', { ctrlKey: true, shiftKey: true }), 'redo')).toBe(true);
    expect(matches(key('y', { metaKey: true }), 'redo')).toBe(true);
    expect(matches(key('z'), 'undo')).toBe(false);
    expect(matches(key('z', { ctrlKey: true, altKey: true }), 'undo')).toBe(false);
  });

  it('names the keys Find and the History answer to (issue 23: the ? list missed them)', () => {
    expect(matches(key('f', { ctrlKey: true }), 'find')).toBe(true);
    expect(matches(key('F3'), 'find-step')).toBe(true);
    expect(matches(key('F3', { shiftKey: true }), 'find-step')).toBe(true);
    expect(matches(key('F3', { ctrlKey: true }), 'find-step')).toBe(false);
    for (const k of ['[', ']']) expect(matches(key(k), 'history-step')).toBe(true);
    expect(matches(key('[', { ctrlKey: true }), 'history-step')).toBe(false);
    for (const k of ['ArrowLeft', 'ArrowRight']) expect(matches(key(k, { altKey: true }), 'history-step')).toBe(true);
    expect(matches(key('ArrowLeft'), 'history-step')).toBe(false);
  });

  it('lists each shortcut once, with keys and what it does', () => {
    const ids = SHORTCUTS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(SHORTCUTS.every((s) => s.keys.length > 0 && s.does.length > 0)).toBe(true);
    expect(matches(key('?', { shiftKey: true }), 'shortcuts')).toBe(true);
    expect(matches(key('?'), 'no-such-shortcut')).toBe(false);
  });
});

describe('a value written at the cursor', () => {
  it('encodes in the chosen byte order', () => {
    expect(encodeAtCursor('u32', '0xC0FFEE15', true, new Uint8Array(8))).toEqual({
      ok: true,
      value: Uint8Array.of(0x15, 0xee, 0xff, 0xc0),
    });
    expect(encodeAtCursor('u32', '0xC0FFEE15', false, new Uint8Array(8))).toEqual({
      ok: true,
      value: Uint8Array.of(0xc0, 0xff, 0xee, 0x15),
    });
  });

  it('refuses a LEB128 of another length than the one at the cursor, and a value that does not fit', () => {
    const oneByte = Uint8Array.of(0x05, 0xaa);
    expect(encodeAtCursor('uleb128', '100', true, oneByte)).toEqual({ ok: true, value: Uint8Array.of(100) });
    expect(encodeAtCursor('uleb128', '300', true, oneByte)).toEqual({
      ok: false,
      error: 'uLEB128: the new value takes 2 bytes, the one at the cursor 1; nothing was written.',
    });
    expect(encodeAtCursor('u8', '256', true, oneByte)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^uint8: 256 does not fit/),
    });
  });
});
