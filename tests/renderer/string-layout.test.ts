// lib/stringLayout.ts: the leftover bytes after the string's NUL, and the
// encoding guessed from a block's first bytes.
import { describe, expect, it } from 'vitest';
import { afterStringSpan, guessEncoding } from '../../src-renderer/src/lib/stringLayout';

const utf16 = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'));
const utf8 = (text: string) => new TextEncoder().encode(text);
function held(bytes: Uint8Array, size = 64, offset = 0) {
  const block = new Uint8Array(size);
  block.set(bytes);
  return { offset, bytes: block.subarray(offset) };
}

describe('afterStringSpan', () => {
  it('spans what is left of a longer string after a shorter Set, up to its old NUL', () => {
    const bytes = held(utf16('Hello world\0'));
    bytes.bytes.set(utf16('Hi\0')); // Set "Hi": its characters and one NUL unit
    expect(afterStringSpan(bytes, 2, 64)).toEqual([6, 22]);
  });

  it('is null when the NUL is followed by another NUL, or the bytes after it are not held', () => {
    expect(afterStringSpan(held(utf16('Hi\0')), 2, 64)).toBeNull();
    expect(afterStringSpan(null, 2, 64)).toBeNull();
    expect(afterStringSpan(held(utf16('Hello world\0'), 64, 32), 2, 64)).toBeNull();
  });

  it('ends at the end of what is held or of the block', () => {
    const bytes = held(utf16('ab\0cdef'), 14);
    expect(afterStringSpan(bytes, 2, 14)).toEqual([6, 14]);
    expect(afterStringSpan({ offset: 0, bytes: bytes.bytes.subarray(0, 10) }, 2, 14)).toEqual([6, 10]);
  });
});

describe('guessEncoding', () => {
  it('says UTF-16LE for the seed layout, UTF-8 for ASCII or UTF-8 text', () => {
    expect(guessEncoding(held(utf16('This is a test string\0')))).toBe('utf16le');
    expect(guessEncoding(held(utf8('plain ascii text\0')))).toBe('utf8');
    expect(guessEncoding(held(utf8('héllo wörld\0')))).toBe('utf8');
  });

  it('says nothing about zeros or a window that does not start at 0', () => {
    expect(guessEncoding(held(new Uint8Array(0)))).toBeNull();
    expect(guessEncoding(held(new Uint8Array(64)))).toBeNull();
    expect(guessEncoding(held(utf8('plain ascii text'), 64, 16))).toBeNull();
  });

  it('says ASCII for binary data, such as a C struct with a char array (issue 23: shown as UTF-16 boxes)', () => {
    expect(guessEncoding(held(Uint8Array.of(1, 2, 3, 0xff, 0xfe, 7)))).toBe('ascii');
    const struct = Uint8Array.of(5, 0, 0, 0, ...utf8('sensor-A'), 0, 0, 0, 0, 0x40, 0x49, 0x0f, 0xdb);
    expect(guessEncoding(held(struct))).toBe('ascii');
    expect(guessEncoding(held(Uint8Array.of(0x41)))).toBe('ascii');
  });
});
