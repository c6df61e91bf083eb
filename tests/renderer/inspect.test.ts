// The data inspector (src-renderer/src/lib/inspect.ts): the bytes at the
// cursor read as each type, little and big endian.
import { describe, expect, it } from 'vitest';
import { readingsAt, utf16At, type Reading } from '../../src-renderer/src/lib/inspect';
import type { ByteSource } from '../../src-renderer/src/lib/textColumn';

function loaded(bytes: ArrayLike<number>, offset = 0): ByteSource {
  return (at) => (at >= offset && at < offset + bytes.length ? bytes[at - offset] : undefined);
}

function byLabel(readings: Reading[]): Record<string, { little: string; big: string }> {
  return Object.fromEntries(readings.map((r) => [r.label, { little: r.little, big: r.big }]));
}

function f32Bytes(value: number, littleEndian = true): number[] {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value, littleEndian);
  return Array.from(new Uint8Array(view.buffer));
}

function f64Bytes(value: number, littleEndian = true): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, littleEndian);
  return Array.from(new Uint8Array(view.buffer));
}

describe('readingsAt', () => {
  it('lists every type in order', () => {
    expect(readingsAt(loaded([0, 0, 0, 0, 0, 0, 0, 0]), 0).map((r) => r.label)).toEqual([
      'u8',
      'i8',
      'u16',
      'i16',
      'u32',
      'i32',
      'u64',
      'i64',
      'f32',
      'f64',
    ]);
  });

  it('reads the integers at the cursor, both byte orders', () => {
    // Noise before the cursor must not be read.
    const r = byLabel(readingsAt(loaded([0xee, 0xee, 1, 2, 3, 4, 5, 6, 7, 8, 0xee], 100), 102));
    expect(r.u8).toEqual({ little: '1', big: '1' });
    expect(r.i8).toEqual({ little: '1', big: '1' });
    expect(r.u16).toEqual({ little: String(0x0201), big: String(0x0102) });
    expect(r.u32).toEqual({ little: String(0x04030201), big: String(0x01020304) });
    expect(r.u64).toEqual({ little: 0x0807060504030201n.toString(), big: 0x0102030405060708n.toString() });
    expect(r.i64).toEqual(r.u64);
  });

  it('reads signed types with their sign, and u64 beyond 2^53 exactly', () => {
    const r = byLabel(readingsAt(loaded([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 0));
    expect(r.u8!.little).toBe('255');
    expect(r.i8!.little).toBe('-1');
    expect(r.i16).toEqual({ little: '-1', big: '-1' });
    expect(r.u32!.little).toBe('4294967295');
    expect(r.i32!.little).toBe('-1');
    expect(r.u64!.little).toBe('18446744073709551615');
    expect(r.i64!.little).toBe('-1');
  });

  it('tells the byte orders apart for a sign bit in one of them only', () => {
    const r = byLabel(readingsAt(loaded([0x80, 0x00, 0x00, 0x00, 0, 0, 0, 0x80]), 0));
    expect(r.i8!.little).toBe('-128');
    expect(r.i16).toEqual({ little: '128', big: '-32768' });
    expect(r.i32).toEqual({ little: '128', big: '-2147483648' });
    expect(r.i64).toEqual({ little: '-9223372036854775680', big: '-9223372036854775680' });
  });

  it('reads floats in both byte orders', () => {
    const little = byLabel(readingsAt(loaded([...f32Bytes(1.5), 0, 0, 0, 0]), 0));
    expect(little.f32!.little).toBe('1.5');
    const big = byLabel(readingsAt(loaded([...f32Bytes(-2.25, false), 0, 0, 0, 0]), 0));
    expect(big.f32!.big).toBe('-2.25');
    const f64 = byLabel(readingsAt(loaded(f64Bytes(Math.PI)), 0));
    expect(f64.f64!.little).toBe(String(Math.PI));
    const f64be = byLabel(readingsAt(loaded(f64Bytes(-1234.5, false)), 0));
    expect(f64be.f64!.big).toBe('-1234.5');
  });

  it('shows each float in its shortest form that reads back as the same value', () => {
    const show32 = (v: number) => byLabel(readingsAt(loaded([...f32Bytes(v), 0, 0, 0, 0]), 0)).f32!.little;
    const show64 = (v: number) => byLabel(readingsAt(loaded(f64Bytes(v)), 0)).f64!.little;
    expect(show32(0.1)).toBe('0.1');
    expect(show32(3.4e38)).toBe('3.4e+38');
    expect(show32(1e-7)).toBe('1e-7');
    expect(show32(16777217)).toBe('16777216'); // not representable: the float's own value
    expect(show64(0.1)).toBe('0.1');
    expect(show64(1e-7)).toBe('1e-7');
    expect(show64(1e300)).toBe('1e+300');
    expect(show64(1.5e10)).toBe('1.5e+10');
    expect(show64(123456789)).toBe('123456789');
    expect(show64(5e-324)).toBe('5e-324');
    expect(Number(show64(0.30000000000000004))).toBe(0.30000000000000004);
  });

  it('shows special float values by name', () => {
    const show64 = (v: number) => byLabel(readingsAt(loaded(f64Bytes(v)), 0)).f64!.little;
    expect(show64(Number.NaN)).toBe('NaN');
    expect(show64(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(show64(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(show64(0)).toBe('0');
    expect(show64(-0)).toBe('-0');
    expect(byLabel(readingsAt(loaded([0, 0, 0, 0x80, 0, 0, 0, 0]), 0)).f32!.little).toBe('-0');
  });

  it('near the end of the block, shows only the types that fit and a dash for the rest', () => {
    const bytes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const at = (offset: number) => byLabel(readingsAt(loaded(bytes), offset));
    const three = at(7); // 3 bytes remain
    expect(three.u8!.little).toBe('8');
    expect(three.u16).toEqual({ little: String(0x0908), big: String(0x0809) });
    for (const label of ['u32', 'i32', 'f32', 'u64', 'i64', 'f64']) expect(three[label]).toEqual({ little: '—', big: '—' });
    const seven = at(3);
    expect(seven.u32!.little).toBe(String(0x07060504));
    expect(seven.u64).toEqual({ little: '—', big: '—' });
    const one = at(9);
    expect(one.u8!.little).toBe('10');
    expect(one.u16).toEqual({ little: '—', big: '—' });
    expect(readingsAt(loaded(bytes), 10).every((r) => r.little === '—' && r.big === '—')).toBe(true);
  });
});

describe('utf16At', () => {
  it('shows the character and its code point', () => {
    expect(utf16At(loaded([0x54, 0x00]), 0)).toBe("'T' U+0054");
    expect(utf16At(loaded([0xac, 0x20]), 0)).toBe("'€' U+20AC");
  });

  it('shows only the code for controls and surrogate halves', () => {
    expect(utf16At(loaded([0x00, 0x00]), 0)).toBe('U+0000');
    expect(utf16At(loaded([0x85, 0x00]), 0)).toBe('U+0085');
    expect(utf16At(loaded([0x3d, 0xd8]), 0)).toBe('U+D83D');
    expect(utf16At(loaded([0x00, 0xdc]), 0)).toBe('U+DC00');
  });

  it('shows a dash when the unit does not fit before the end', () => {
    expect(utf16At(loaded([0x41, 0x00, 0x42]), 2)).toBe('—');
  });
});
