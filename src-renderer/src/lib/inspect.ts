// The data inspector's readings of the bytes at the cursor.
import type { ByteSource } from './textColumn';

export interface Reading {
  label: string;
  little: string;
  big: string;
}

const TYPES: readonly { label: string; size: number; read: (v: DataView, le: boolean) => string }[] = [
  { label: 'u8', size: 1, read: (v) => String(v.getUint8(0)) },
  { label: 'i8', size: 1, read: (v) => String(v.getInt8(0)) },
  { label: 'u16', size: 2, read: (v, le) => String(v.getUint16(0, le)) },
  { label: 'i16', size: 2, read: (v, le) => String(v.getInt16(0, le)) },
  { label: 'u32', size: 4, read: (v, le) => String(v.getUint32(0, le)) },
  { label: 'i32', size: 4, read: (v, le) => String(v.getInt32(0, le)) },
  { label: 'u64', size: 8, read: (v, le) => v.getBigUint64(0, le).toString() },
  { label: 'i64', size: 8, read: (v, le) => v.getBigInt64(0, le).toString() },
  { label: 'f32', size: 4, read: (v, le) => formatFloat(v.getFloat32(0, le), 9, Math.fround) },
  { label: 'f64', size: 8, read: (v, le) => formatFloat(v.getFloat64(0, le), 17, (x) => x) },
];

/**
 * Shortest faithful form; exponent notation outside a readable range, so values fit their cell.
 * `narrow` rounds a number to the type read (Math.fround for f32).
 */
function formatFloat(value: number, maxDigits: number, narrow: (x: number) => number): string {
  if (Object.is(value, -0)) return '-0'; // String(-0) is "0": the sign bit is in the bytes, show it
  if (Number.isNaN(value) || !Number.isFinite(value) || value === 0) return String(value);
  const digits = shortestDigits(value, maxDigits, narrow);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e9 || magnitude < 1e-6) {
    return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  }
  return String(Number(value.toPrecision(digits)));
}

/** The fewest significant digits that read back as the same value of the type (f32 0.1 is "0.1", not "0.100000001"). */
function shortestDigits(value: number, maxDigits: number, narrow: (x: number) => number): number {
  for (let digits = 1; digits < maxDigits; digits++) {
    if (narrow(Number(value.toPrecision(digits))) === value) return digits;
  }
  return maxDigits;
}

/** Up to `count` bytes from `offset`; fewer at the end of the block or of the loaded window. */
function gather(get: ByteSource, offset: number, count: number): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const b = get(offset + i);
    if (b === undefined) break;
    out.push(b);
  }
  return Uint8Array.from(out);
}

/** '—' marks a type that does not fit before the end of the block. */
export function readingsAt(get: ByteSource, offset: number): Reading[] {
  const bytes = gather(get, offset, 8);
  const view = new DataView(bytes.buffer);
  return TYPES.map(({ label, size, read }) =>
    bytes.length < size
      ? { label, little: '—', big: '—' }
      : { label, little: read(view, true), big: size === 1 ? read(view, true) : read(view, false) },
  );
}

/** The UTF-16LE code unit at `offset`, as the character and its U+ code. */
export function utf16At(get: ByteSource, offset: number): string {
  const lo = get(offset);
  const hi = get(offset + 1);
  if (lo === undefined || hi === undefined) return '—';
  const unit = lo | (hi << 8);
  const code = `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;
  const printable = unit >= 0x20 && !(unit >= 0x7f && unit < 0xa0) && !(unit >= 0xd800 && unit <= 0xdfff);
  return printable ? `'${String.fromCharCode(unit)}' ${code}` : code;
}
