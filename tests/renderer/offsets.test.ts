// Offsets as a hex editor's user types and reads them (src-renderer/src/lib/offsets.ts).
import { describe, expect, it } from 'vitest';
import { countOf, formatSize, formatSizeShort, hex, offsetDigits, parseNumber, spanLabel } from '../../src-renderer/src/lib/offsets';

describe('parseNumber', () => {
  it.each([
    ['0x1000', 4096],
    ['0X1f0', 0x1f0],
    ['1F0h', 0x1f0],
    ['1000h', 4096],
    ['4096', 4096],
    ['0', 0],
    ['  0x10  ', 16],
    ['1_000', 1000],
    ['0x_ff', 255],
  ])('reads %j as %d', (text, value) => {
    expect(parseNumber(text, 'offset')).toEqual({ ok: true, value });
  });

  it('reads digits without a prefix as decimal, not hex', () => {
    expect(parseNumber('10', 'offset')).toEqual({ ok: true, value: 10 });
  });

  it.each(['', '   ', 'ff', '0x', 'h', '-1', '+5', '1.5', '12abc', '0x1g', 'ten', '1e3', '0b101'])(
    'refuses %j and says what is accepted',
    (text) => {
      const parsed = parseNumber(text, 'offset');
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.message).toContain('not a valid offset');
        expect(parsed.message).toContain('0x1000');
      }
    },
  );

  it('names the thing being parsed in its message', () => {
    const parsed = parseNumber('big', 'size');
    expect(parsed).toMatchObject({ ok: false, message: expect.stringContaining('not a valid size') });
  });

  it('refuses values beyond the safe integer range instead of rounding them', () => {
    expect(parseNumber('0x20000000000000', 'offset')).toMatchObject({ ok: false, message: expect.stringContaining('too large') });
    expect(parseNumber('99999999999999999999', 'offset')).toMatchObject({ ok: false });
    expect(parseNumber(String(Number.MAX_SAFE_INTEGER), 'offset')).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
  });
});

describe('formatting', () => {
  it('hex pads and upper-cases', () => {
    expect(hex(0xab, 2)).toBe('AB');
    expect(hex(0x1f0, 8)).toBe('000001F0');
    expect(hex(0x123456789, 8)).toBe('123456789');
  });

  it('offsetDigits is at least 8 and grows with the largest offset', () => {
    expect(offsetDigits(0)).toBe(8);
    expect(offsetDigits(4096)).toBe(8);
    expect(offsetDigits(2 ** 32)).toBe(8); // the last offset, 0xFFFFFFFF, still fits
    expect(offsetDigits(2 ** 32 + 1)).toBe(9);
    expect(offsetDigits(2 ** 40)).toBe(10);
  });

  it('counts in the right number: 1 byte, 2 bytes (issue 23: "(1 bytes)")', () => {
    expect(countOf(1, 'byte')).toBe('1 byte');
    expect(countOf(0, 'byte')).toBe('0 bytes');
    expect(countOf(4096, 'range')).toBe('4,096 ranges');
    expect(spanLabel(0x5, 1)).toBe('0x5 (1 byte)');
    expect(spanLabel(0x100, 4)).toBe('0x100–0x103 (4 bytes)');
  });

  it('formatSizeShort fits a column: whole units, one decimal otherwise', () => {
    expect(formatSizeShort(700)).toBe('700 bytes');
    expect(formatSizeShort(4096)).toBe('4 KiB');
    expect(formatSizeShort(1536 * 1024)).toBe('1.5 MiB');
    expect(formatSizeShort(256 * 1024 * 1024)).toBe('256 MiB');
    expect(formatSizeShort(2 ** 42)).toBe('4 TiB');
  });

  it('formatSize uses binary units only for exact multiples', () => {
    expect(formatSize(0)).toBe('0 bytes');
    expect(formatSize(1000)).toBe('1000 bytes');
    expect(formatSize(1536)).toBe('1536 bytes');
    expect(formatSize(4096)).toBe('4 KiB (4,096 bytes)');
    expect(formatSize(64 * 1024 * 1024)).toBe('64 MiB (67,108,864 bytes)');
    expect(formatSize(2 ** 30)).toBe('1 GiB (1,073,741,824 bytes)');
    expect(formatSize(2 ** 42)).toBe('4096 GiB (4,398,046,511,104 bytes)');
  });
});
