// The data inspector's rows (the ones ImHex shows) and their encoders, for
// reading the bytes at the cursor and editing a value in place.
//
//   inspect(bytes, littleEndian)            -> InspectorRow[]  every row that the bytes are long enough for
//   decodeRow(id, bytes, littleEndian)      -> { text, size } | null (too few bytes)
//   encodeRow(id, text, littleEndian)       -> Parsed<Uint8Array>   bytes to write at the cursor
//
// Integers accept decimal, -decimal, 0x hex and 0b binary; floats anything
// Number() reads (also NaN, Infinity); times an ISO 8601 date ("2024-01-02T03:04:05Z")
// or a whole number of seconds (FILETIME: of 100 ns ticks); GUID with or
// without braces. GUIDs follow the byte order: little endian is Windows' GUID
// layout (first three groups little endian), big endian is RFC 4122's.
// LEB128 has no fixed size: its encoder returns the minimal encoding, and the
// caller must check the length against the value it replaces.
import { fail, ok, type Parsed } from './result';

export type RowId =
  | 'u8'
  | 'i8'
  | 'u16'
  | 'i16'
  | 'u32'
  | 'i32'
  | 'u64'
  | 'i64'
  | 'f32'
  | 'f64'
  | 'ascii'
  | 'binary'
  | 'unix32'
  | 'unix64'
  | 'filetime'
  | 'guid'
  | 'uleb128'
  | 'sleb128';

export interface InspectorRow {
  id: RowId;
  label: string;
  text: string;
  /** Bytes the value takes at the cursor. */
  size: number;
}

export const ROW_LABELS: Record<RowId, string> = {
  u8: 'uint8',
  i8: 'int8',
  u16: 'uint16',
  i16: 'int16',
  u32: 'uint32',
  i32: 'int32',
  u64: 'uint64',
  i64: 'int64',
  f32: 'float',
  f64: 'double',
  ascii: 'ASCII character',
  binary: 'Binary (8 bit)',
  unix32: 'time32_t',
  unix64: 'time64_t',
  filetime: 'FILETIME',
  guid: 'GUID',
  uleb128: 'uLEB128',
  sleb128: 'sLEB128',
};

export const ROW_IDS = Object.keys(ROW_LABELS) as RowId[];

const INT_ROWS = {
  u8: [1, false],
  i8: [1, true],
  u16: [2, false],
  i16: [2, true],
  u32: [4, false],
  i32: [4, true],
  u64: [8, false],
  i64: [8, true],
} as const;
type IntRow = keyof typeof INT_ROWS;

function isIntRow(id: RowId): id is IntRow {
  return id in INT_ROWS;
}

/** Seconds between 1601-01-01 and 1970-01-01 (FILETIME's epoch and Unix's). */
const FILETIME_EPOCH_SECONDS = 11_644_473_600n;
const TICKS_PER_SECOND = 10_000_000n;
/** What Date can show: +-8.64e15 ms. */
const MAX_DATE_MS = 8_640_000_000_000_000n;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readInt(bytes: Uint8Array, width: number, signed: boolean, little: boolean): bigint {
  let value = 0n;
  for (let i = 0; i < width; i++) value |= BigInt(bytes[little ? i : width - 1 - i]!) << BigInt(8 * i);
  return signed ? BigInt.asIntN(width * 8, value) : value;
}

function writeInt(value: bigint, width: number, little: boolean): Uint8Array {
  const out = new Uint8Array(width);
  const unsigned = BigInt.asUintN(width * 8, value);
  for (let i = 0; i < width; i++) out[little ? i : width - 1 - i] = Number((unsigned >> BigInt(8 * i)) & 0xffn);
  return out;
}

function isoFromMs(ms: bigint, fractionDigits = 0): string {
  if (ms > MAX_DATE_MS || ms < -MAX_DATE_MS) return 'out of range';
  const iso = new Date(Number(ms)).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return fractionDigits === 0 ? iso.replace(/\.\d{3}Z$/, 'Z') : iso;
}

function guidText(bytes: Uint8Array, little: boolean): string {
  const hex = (from: number, to: number, reverse: boolean): string => {
    const part = Array.from(bytes.subarray(from, to), (b) => b.toString(16).padStart(2, '0'));
    return (reverse ? part.reverse() : part).join('').toUpperCase();
  };
  return `{${hex(0, 4, little)}-${hex(4, 6, little)}-${hex(6, 8, little)}-${hex(8, 10, false)}-${hex(10, 16, false)}}`;
}

interface Leb {
  value: bigint;
  size: number;
}

/** null when it does not end within 10 bytes or does not fit in 64 bits. */
function readLeb128(bytes: Uint8Array, signed: boolean): Leb | null {
  let value = 0n;
  let shift = 0n;
  for (let i = 0; i < Math.min(bytes.length, 10); i++) {
    const byte = bytes[i]!;
    value |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
    if ((byte & 0x80) === 0) {
      if (signed && byte & 0x40) value -= 1n << shift;
      // 10 bytes hold 70 bits; like the encoder, stay within 64.
      const fits = signed ? value >= -(1n << 63n) && value < 1n << 63n : value < 1n << 64n;
      return fits ? { value, size: i + 1 } : null;
    }
  }
  return null; // not ended within the bytes (or 10 bytes)
}

function writeLeb128(value: bigint, signed: boolean): Uint8Array {
  const out: number[] = [];
  for (;;) {
    const byte = Number(value & 0x7fn);
    value >>= 7n; // arithmetic shift for negatives
    const done = signed ? (value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0) : value === 0n;
    out.push(done ? byte : byte | 0x80);
    if (done) return Uint8Array.from(out);
  }
}

/** The row's value as text and the bytes it takes; null when there are too few bytes. */
export function decodeRow(id: RowId, bytes: Uint8Array, littleEndian: boolean): { text: string; size: number } | null {
  const need = (n: number): boolean => bytes.length >= n;
  if (isIntRow(id)) {
    const [width, signed] = INT_ROWS[id];
    return need(width) ? { text: readInt(bytes, width, signed, littleEndian).toString(), size: width } : null;
  }
  switch (id) {
    case 'f32':
      return need(4) ? { text: String(view(bytes).getFloat32(0, littleEndian)), size: 4 } : null;
    case 'f64':
      return need(8) ? { text: String(view(bytes).getFloat64(0, littleEndian)), size: 8 } : null;
    case 'ascii': {
      if (!need(1)) return null;
      const b = bytes[0]!;
      const text =
        b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : b < 0x80 ? `'\\x${b.toString(16).padStart(2, '0')}'` : 'not ASCII';
      return { text, size: 1 };
    }
    case 'binary':
      return need(1) ? { text: bytes[0]!.toString(2).padStart(8, '0'), size: 1 } : null;
    case 'unix32':
      return need(4) ? { text: isoFromMs(readInt(bytes, 4, true, littleEndian) * 1000n), size: 4 } : null;
    case 'unix64':
      return need(8) ? { text: isoFromMs(readInt(bytes, 8, true, littleEndian) * 1000n), size: 8 } : null;
    case 'filetime': {
      if (!need(8)) return null;
      const ticks = readInt(bytes, 8, false, littleEndian);
      const sinceUnixTicks = ticks - FILETIME_EPOCH_SECONDS * TICKS_PER_SECOND;
      const ms = sinceUnixTicks >= 0n ? sinceUnixTicks / 10_000n : -((-sinceUnixTicks + 9_999n) / 10_000n);
      const sub = ((ticks % 10_000n) + 10_000n) % 10_000n; // the 100 ns ticks Date cannot hold
      const base = isoFromMs(ms, 3);
      return { text: base === 'out of range' ? base : base.replace('Z', `${sub.toString().padStart(4, '0')}Z`), size: 8 };
    }
    case 'guid':
      return need(16) ? { text: guidText(bytes, littleEndian), size: 16 } : null;
    case 'uleb128':
    case 'sleb128': {
      const leb = readLeb128(bytes, id === 'sleb128');
      return leb ? { text: leb.value.toString(), size: leb.size } : null;
    }
  }
}

/** Every row the bytes at the cursor are long enough for. */
export function inspect(bytes: Uint8Array, littleEndian: boolean): InspectorRow[] {
  const rows: InspectorRow[] = [];
  for (const id of ROW_IDS) {
    const decoded = decodeRow(id, bytes, littleEndian);
    if (decoded) rows.push({ id, label: ROW_LABELS[id], ...decoded });
  }
  return rows;
}

function parseInteger(text: string): bigint | null {
  const t = text.trim().replace(/_/g, '');
  const match = /^([+-]?)(0x[0-9a-f]+|0b[01]+|\d+)$/i.exec(t);
  if (!match) return null;
  const magnitude = BigInt(match[2]!);
  return match[1] === '-' ? -magnitude : magnitude;
}

function encodeInteger(text: string, width: number, signed: boolean, little: boolean): Parsed<Uint8Array> {
  const value = parseInteger(text);
  if (value === null) return fail(`"${text.trim()}" is not a whole number (decimal, 0x hex or 0b binary)`);
  const bits = BigInt(width * 8);
  const min = signed ? -(1n << (bits - 1n)) : 0n;
  const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  if (value < min || value > max) return fail(`${value} does not fit: ${signed ? 'int' : 'uint'}${width * 8} holds ${min} to ${max}`);
  return ok(writeInt(value, width, little));
}

function parseSeconds(text: string, ticks: boolean): bigint | null {
  const whole = parseInteger(text);
  if (whole !== null) return whole;
  const t = text.trim();
  if (!/^([+-]\d{6}|\d{4})-\d{2}-\d{2}/.test(t)) return null; // also the extended years toISOString writes
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) return null;
  if (!ticks) return BigInt(Math.floor(ms / 1000));
  // FILETIME: keep the 100 ns digits of a fraction like .1234567
  const fraction = /\.(\d+)Z?$/i.exec(t)?.[1] ?? '';
  const subMs = BigInt((fraction.slice(3, 7) || '0').padEnd(4, '0'));
  return (BigInt(Math.floor(ms)) + FILETIME_EPOCH_SECONDS * 1000n) * 10_000n + subMs;
}

function encodeGuid(text: string, little: boolean): Parsed<Uint8Array> {
  const match = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i.exec(text.trim());
  if (!match) return fail('a GUID looks like {00112233-4455-6677-8899-AABBCCDDEEFF}');
  const bytesOf = (hex: string, reverse: boolean): number[] => {
    const out = hex.match(/../g)!.map((pair) => parseInt(pair, 16));
    return reverse ? out.reverse() : out;
  };
  return ok(
    Uint8Array.from([
      ...bytesOf(match[1]!, little),
      ...bytesOf(match[2]!, little),
      ...bytesOf(match[3]!, little),
      ...bytesOf(match[4]!, false),
      ...bytesOf(match[5]!, false),
    ]),
  );
}

/** The bytes that make the row show `text`, or why they cannot. */
export function encodeRow(id: RowId, text: string, littleEndian: boolean): Parsed<Uint8Array> {
  if (isIntRow(id)) {
    const [width, signed] = INT_ROWS[id];
    return encodeInteger(text, width, signed, littleEndian);
  }
  switch (id) {
    case 'f32':
    case 'f64': {
      const t = text.trim();
      const value = Number(t);
      if (t === '' || (Number.isNaN(value) && t !== 'NaN')) return fail(`"${t}" is not a number`);
      const out = new Uint8Array(id === 'f32' ? 4 : 8);
      if (id === 'f32') view(out).setFloat32(0, value, littleEndian);
      else view(out).setFloat64(0, value, littleEndian);
      return ok(out);
    }
    case 'ascii': {
      const t = text.replace(/^'(.*)'$/s, '$1');
      const escaped = /^\\x([0-9a-f]{2})$/i.exec(t);
      if (escaped && parseInt(escaped[1]!, 16) < 0x80) return ok(Uint8Array.of(parseInt(escaped[1]!, 16)));
      if (t.length !== 1 || t.charCodeAt(0) > 0x7f) return fail('type one ASCII character (or \\x00 to \\x7f)');
      return ok(Uint8Array.of(t.charCodeAt(0)));
    }
    case 'binary': {
      const t = text.trim().replace(/^0b/i, '').replace(/[\s_]/g, '');
      if (!/^[01]{1,8}$/.test(t)) return fail('type up to 8 binary digits (0 and 1)');
      return ok(Uint8Array.of(parseInt(t, 2)));
    }
    case 'unix32':
    case 'unix64': {
      const seconds = parseSeconds(text, false);
      if (seconds === null) return fail('type a date like 2024-01-02T03:04:05Z or a whole number of seconds');
      return encodeInteger(seconds.toString(), id === 'unix32' ? 4 : 8, true, littleEndian);
    }
    case 'filetime': {
      const ticks = parseSeconds(text, true);
      if (ticks === null) return fail('type a date like 2024-01-02T03:04:05.1234567Z or a number of 100 ns ticks');
      return encodeInteger(ticks.toString(), 8, false, littleEndian);
    }
    case 'guid':
      return encodeGuid(text, littleEndian);
    case 'uleb128':
    case 'sleb128': {
      const value = parseInteger(text);
      if (value === null) return fail(`"${text.trim()}" is not a whole number`);
      if (id === 'uleb128' && value < 0n) return fail('an unsigned LEB128 cannot be negative');
      const fits = id === 'uleb128' ? value < 1n << 64n : value >= -(1n << 63n) && value < 1n << 63n;
      if (!fits) return fail(`LEB128 values here are limited to 64 bits (${id === 'uleb128' ? 'uint64' : 'int64'})`);
      return ok(writeLeb128(value, id === 'sleb128'));
    }
  }
}
