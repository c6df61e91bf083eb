// The hex view's text column (src-renderer/src/lib/textColumn.ts): one row of
// bytes decoded as UTF-16LE (the seed's layout), ASCII or UTF-8.
import { describe, expect, it } from 'vitest';
import { decodeRow, utf8SequenceAt, type ByteSource, type TextCell } from '../../src-renderer/src/lib/textColumn';

const NBSP = '\u00a0';

/** Bytes loaded at [offset, offset + bytes.length); undefined elsewhere, as outside a watched window. */
function loaded(bytes: ArrayLike<number>, offset = 0): ByteSource {
  return (at) => (at >= offset && at < offset + bytes.length ? bytes[at - offset] : undefined);
}

function utf16le(text: string): number[] {
  return Array.from(Buffer.from(text, 'utf16le'));
}

function utf8(text: string): number[] {
  return Array.from(Buffer.from(text, 'utf8'));
}

const chars = (cells: TextCell[]) => cells.map((c) => c.char).join('');

describe('UTF-16LE (the seed layout)', () => {
  it('shows one cell per two bytes, with the offset of its first byte', () => {
    const get = loaded(utf16le('This is a test s'), 0x100);
    const cells = decodeRow(get, 0x100, 16, 'utf16le');
    expect(chars(cells)).toBe('This is ');
    expect(cells.map((c) => c.offset)).toEqual([0x100, 0x102, 0x104, 0x106, 0x108, 0x10a, 0x10c, 0x10e]);
    expect(cells.every((c) => c.span === 2 && c.printable)).toBe(true);
  });

  it('shows NUL and control units as unprintable dots, and non-Latin text as itself', () => {
    const get = loaded([...utf16le('Ж'), 0, 0, 0x0a, 0, ...utf16le('€'), 0xff, 0xff]);
    const cells = decodeRow(get, 0, 10, 'utf16le');
    expect(chars(cells)).toBe('Ж..€.');
    expect(cells.map((c) => c.printable)).toEqual([true, false, false, true, false]);
  });

  it('shows a surrogate pair on its high half and marks the low half as its continuation', () => {
    const get = loaded(utf16le('a😀b'));
    const cells = decodeRow(get, 0, 8, 'utf16le');
    expect(cells.map((c) => c.char)).toEqual(['a', '😀', NBSP, 'b']);
    expect(cells.map((c) => c.printable)).toEqual([true, true, false, true]);
  });

  it('decodes a pair that straddles two rows: the character on the first row, the continuation on the next', () => {
    const bytes = [...utf16le('1234567'), ...utf16le('😀'), ...utf16le('x')]; // the pair sits at bytes 14..17
    const get = loaded(bytes);
    const first = decodeRow(get, 0, 16, 'utf16le');
    const second = decodeRow(get, 16, 4, 'utf16le');
    expect(first.at(-1)).toMatchObject({ offset: 14, char: '😀', printable: true });
    expect(second[0]).toMatchObject({ offset: 16, char: NBSP, printable: false });
    expect(second[1]).toMatchObject({ offset: 18, char: 'x' });
  });

  it('shows lone surrogates as dots, whichever half', () => {
    // high, high+low (a pair), low, low
    const units = [0xd800, 0xd83d, 0xde00, 0xdc00, 0xdfff];
    const bytes = units.flatMap((u) => [u & 0xff, u >> 8]);
    const cells = decodeRow(loaded(bytes), 0, bytes.length, 'utf16le');
    expect(cells.map((c) => c.char)).toEqual(['.', '😀', NBSP, '.', '.']);
  });

  it('shows a high surrogate whose low half is not loaded as a dot, not as half a character', () => {
    const get = loaded(utf16le('ab😀').slice(0, 6)); // the window ends after the high half
    const cells = decodeRow(get, 0, 8, 'utf16le');
    expect(cells.map((c) => c.char)).toEqual(['a', 'b', '.', ' ']);
  });

  it('shows a low surrogate at the window start as a dot (its high half is not loaded)', () => {
    const bytes = utf16le('😀z');
    const get = loaded(bytes.slice(2), 2);
    const cells = decodeRow(get, 0, 6, 'utf16le');
    expect(cells.map((c) => c.char)).toEqual([' ', '.', 'z']);
  });

  it('gives an odd trailing byte (odd-sized block end) a one-byte cell', () => {
    const get = loaded([...utf16le('ab'), 0x41]);
    const cells = decodeRow(get, 0, 5, 'utf16le');
    expect(cells).toHaveLength(3);
    expect(cells[2]).toEqual({ offset: 4, span: 1, char: '.', printable: false });
  });

  it('does not pair an odd trailing byte with a byte beyond the row', () => {
    // The byte after the row is loaded, yet a row of 5 bytes must not read it into its last cell.
    const get = loaded([...utf16le('ab'), 0x41, 0x00]);
    const cells = decodeRow(get, 0, 5, 'utf16le');
    expect(cells[2]).toMatchObject({ span: 1, char: '.' });
  });

  it('shows bytes outside the loaded window as blanks', () => {
    const get = loaded(utf16le('hi'), 4);
    const cells = decodeRow(get, 0, 8, 'utf16le');
    expect(cells.map((c) => c.char)).toEqual([' ', ' ', 'h', 'i']);
    expect(cells.every((c) => c.span === 2)).toBe(true);
  });

  it('shows a unit with one byte loaded and one not as a dot (half known)', () => {
    const get = loaded([0x41], 0);
    expect(decodeRow(get, 0, 2, 'utf16le')).toEqual([{ offset: 0, span: 2, char: '.', printable: false }]);
  });
});

describe('ASCII', () => {
  it('shows printable ASCII as itself and everything else as a dot, one cell per byte', () => {
    const bytes = [0x41, 0x20, 0x7e, 0x7f, 0x00, 0x1f, 0x80, 0xff, 0xc3, 0xa9];
    const cells = decodeRow(loaded(bytes, 32), 32, bytes.length, 'ascii');
    expect(chars(cells)).toBe('A ~.......');
    expect(cells.map((c) => c.offset)).toEqual(bytes.map((_, i) => 32 + i));
    expect(cells.map((c) => c.printable)).toEqual([true, true, true, false, false, false, false, false, false, false]);
    expect(cells.every((c) => c.span === 1)).toBe(true);
  });

  it('shows unloaded bytes as blanks', () => {
    expect(chars(decodeRow(loaded([0x41], 1), 0, 3, 'ascii'))).toBe(' A ');
  });
});

describe('UTF-8', () => {
  it('shows each multi-byte character on its lead byte and blanks its continuation bytes', () => {
    const bytes = utf8('aé€😀'); // 1 + 2 + 3 + 4 bytes
    const cells = decodeRow(loaded(bytes), 0, bytes.length, 'utf8');
    expect(cells.map((c) => c.char)).toEqual(['a', 'é', NBSP, '€', NBSP, NBSP, '😀', NBSP, NBSP, NBSP]);
    expect(cells.map((c) => c.printable)).toEqual([true, true, false, true, false, false, true, false, false, false]);
  });

  it('decodes a sequence cut by the row edge: the character at the end of one row, continuations at the start of the next', () => {
    const bytes = [...utf8('0123456789abcd'), ...utf8('€'), ...utf8('z')]; // € at 14..16
    const get = loaded(bytes);
    const first = decodeRow(get, 0, 16, 'utf8');
    const second = decodeRow(get, 16, 2, 'utf8');
    expect(first[14]).toMatchObject({ char: '€', printable: true });
    expect(first[15]).toMatchObject({ char: NBSP, printable: false });
    expect(second[0]).toMatchObject({ offset: 16, char: NBSP, printable: false });
    expect(second[1]).toMatchObject({ offset: 17, char: 'z', printable: true });
  });

  it('a 4-byte sequence cut after its second byte by the row edge still decodes', () => {
    const bytes = [...utf8('0123456789abcde'.slice(0, 14)), ...utf8('😀')]; // 😀 at 14..17
    const get = loaded(bytes);
    expect(decodeRow(get, 0, 16, 'utf8')[14]).toMatchObject({ char: '😀' });
    expect(decodeRow(get, 16, 2, 'utf8').map((c) => c.char)).toEqual([NBSP, NBSP]);
  });

  it('shows a sequence cut by the end of the loaded window as dots', () => {
    const bytes = utf8('x€').slice(0, 3); // x, then two of €'s three bytes
    const cells = decodeRow(loaded(bytes), 0, 4, 'utf8');
    expect(cells.map((c) => c.char)).toEqual(['x', '.', '.', ' ']);
  });

  it('shows continuation bytes whose lead is not loaded as dots', () => {
    const bytes = utf8('€');
    const cells = decodeRow(loaded(bytes.slice(1), 1), 0, 3, 'utf8');
    expect(cells.map((c) => c.char)).toEqual([' ', '.', '.']);
  });

  it('refuses invalid sequences byte by byte', () => {
    // overlong '/', a lone continuation, an encoded surrogate, a code point past U+10FFFF, 0xFF
    const bytes = [0xc0, 0xaf, 0x80, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xff];
    const cells = decodeRow(loaded(bytes), 0, bytes.length, 'utf8');
    expect(chars(cells)).toBe('.'.repeat(bytes.length));
  });

  it('shows control characters (C0 and C1) as dots', () => {
    const bytes = [0x00, 0x09, 0x7f, 0xc2, 0x85, 0x41];
    const cells = decodeRow(loaded(bytes), 0, bytes.length, 'utf8');
    expect(cells.map((c) => c.char)).toEqual(['.', '.', '.', '.', NBSP, 'A']);
  });

  it('utf8SequenceAt reads code points and lengths, and null where no valid sequence starts', () => {
    const get = loaded([...utf8('é'), ...utf8('€'), ...utf8('😀'), 0xe2, 0x28, 0xa1]);
    expect(utf8SequenceAt(get, 0)).toEqual({ codePoint: 0xe9, length: 2 });
    expect(utf8SequenceAt(get, 1)).toBeNull();
    expect(utf8SequenceAt(get, 2)).toEqual({ codePoint: 0x20ac, length: 3 });
    expect(utf8SequenceAt(get, 5)).toEqual({ codePoint: 0x1f600, length: 4 });
    expect(utf8SequenceAt(get, 9)).toBeNull(); // E2 28: second byte is not a continuation
    expect(utf8SequenceAt(get, 12)).toBeNull(); // not loaded
  });
});
