// What the user types into Find, compiled to the byte pattern the native
// search runs (native/src/common/search.h): bytes plus a mask (0xFF exact, 0x00 any,
// 0xF0/0x0F for one hex digit given) and ASCII case folding. Pure: no I/O.
//
//   parseHexPattern('DE AD ?? EF')              wildcard bytes; 'D?' keeps the high nibble
//   textPattern('Hello', 'utf16le', { caseInsensitive: true })
//   numberPattern(1234, 'u32', 'little')        integers i8..u64 (bigint for 64-bit), f32, f64
//
// Bad input throws PatternError (code ERR_SEARCH_PATTERN) naming what is wrong.
// Case folding covers ASCII letters only, byte by byte; in UTF-16 a character
// whose high byte is an ASCII letter (U+4100..U+5AFF, U+6100..U+7AFF) can
// therefore match its folded twin: rare, and said here so nobody is surprised.
import type { FindTextEncoding, NumberType } from '../../../src-shared/contract';

export interface BytePattern {
  bytes: Uint8Array;
  mask: Uint8Array;
  caseInsensitive: boolean;
}

export type TextEncoding = FindTextEncoding;
export type { NumberType };
export type Endianness = 'little' | 'big';

export class PatternError extends Error {
  readonly code = 'ERR_SEARCH_PATTERN';
}

/** The longest pattern accepted: longer ones are a paste gone wrong, not a search. */
export const MAX_PATTERN_BYTES = 4096;

function exact(bytes: Uint8Array, caseInsensitive = false): BytePattern {
  if (bytes.length === 0) throw new PatternError('the pattern is empty');
  if (bytes.length > MAX_PATTERN_BYTES)
    throw new PatternError(`the pattern has ${bytes.length} bytes; at most ${MAX_PATTERN_BYTES} are searched`);
  return { bytes, mask: new Uint8Array(bytes.length).fill(0xff), caseInsensitive };
}

/**
 * Hex bytes with wildcards: pairs of hex digits, `??` (or `?`, `**`) for any byte,
 * `D?`/`?D` for one known nibble. Spaces, commas, and a `0x` before a byte are
 * ignored, so `DE AD ?? EF`, `DEAD??EF` and `0xDE, 0xAD` all work.
 */
export function parseHexPattern(input: string): BytePattern {
  const tokens = input
    .replace(/0x/gi, ' ')
    .split(/[\s,]+/)
    .filter(Boolean);
  const bytes: number[] = [];
  const mask: number[] = [];
  for (const token of tokens) {
    if (token === '?' || token === '**') {
      bytes.push(0);
      mask.push(0);
      continue;
    }
    if (!/^[0-9a-f?*]+$/i.test(token)) throw new PatternError(`"${token}" is not hex; use digits 0-9 A-F and ?? for any byte`);
    if (token.length % 2 !== 0) throw new PatternError(`"${token}" has an odd number of digits; write bytes as pairs (0F, not F)`);
    for (let i = 0; i < token.length; i += 2) {
      const [high, low] = [token[i]!, token[i + 1]!];
      const wild = (digit: string): boolean => digit === '?' || digit === '*';
      bytes.push((wild(high) ? 0 : parseInt(high, 16) << 4) | (wild(low) ? 0 : parseInt(low, 16)));
      mask.push((wild(high) ? 0 : 0xf0) | (wild(low) ? 0 : 0x0f));
    }
  }
  if (bytes.length === 0) throw new PatternError('the pattern is empty');
  if (bytes.length > MAX_PATTERN_BYTES)
    throw new PatternError(`the pattern has ${bytes.length} bytes; at most ${MAX_PATTERN_BYTES} are searched`);
  if (mask.every((m) => m === 0)) throw new PatternError('the pattern is only wildcards; give at least one known digit');
  return { bytes: Uint8Array.from(bytes), mask: Uint8Array.from(mask), caseInsensitive: false };
}

/** Text in an encoding; caseInsensitive folds ASCII letters (A-Z = a-z). */
export function textPattern(text: string, encoding: TextEncoding, options: { caseInsensitive?: boolean } = {}): BytePattern {
  return exact(encodeText(text, encoding), options.caseInsensitive ?? false);
}

/** The bytes of text in an encoding (also used by copy-as and the text column). */
export function encodeText(text: string, encoding: TextEncoding): Uint8Array {
  switch (encoding) {
    case 'ascii': {
      const bad = [...text].findIndex((ch) => ch.codePointAt(0)! > 0x7f);
      if (bad >= 0) throw new PatternError(`"${[...text][bad]}" (character ${bad + 1}) is not ASCII; choose UTF-8 or UTF-16`);
      return Uint8Array.from(Buffer.from(text, 'latin1'));
    }
    case 'utf8':
      return Uint8Array.from(Buffer.from(text, 'utf8'));
    case 'utf16le':
      return Uint8Array.from(Buffer.from(text, 'utf16le'));
    case 'utf16be':
      return Uint8Array.from(Buffer.from(text, 'utf16le').swap16());
  }
}

const NUMBER_WIDTH: Record<NumberType, number> = { i8: 1, u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, i64: 8, u64: 8, f32: 4, f64: 8 };

/** The width in bytes of a number type. */
export function numberWidth(type: NumberType): number {
  return NUMBER_WIDTH[type];
}

/** A number as the bytes a program stores: range-checked, in the given byte order. */
export function numberPattern(value: number | bigint, type: NumberType, endianness: Endianness): BytePattern {
  return exact(encodeNumber(value, type, endianness));
}

export function encodeNumber(value: number | bigint, type: NumberType, endianness: Endianness): Uint8Array {
  const width = NUMBER_WIDTH[type];
  const view = new DataView(new ArrayBuffer(width));
  const little = endianness === 'little';
  if (type === 'f32' || type === 'f64') {
    if (typeof value !== 'number') throw new PatternError(`a ${type} value must be a number`);
    if (type === 'f32') view.setFloat32(0, value, little);
    else view.setFloat64(0, value, little);
    return new Uint8Array(view.buffer);
  }
  const big = typeof value === 'bigint' ? value : toBigInt(value);
  const bits = BigInt(width * 8);
  const signed = type.startsWith('i');
  const min = signed ? -(1n << (bits - 1n)) : 0n;
  const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  if (big < min || big > max) throw new PatternError(`${big} does not fit in ${type} (${min} to ${max})`);
  const unsigned = BigInt.asUintN(width * 8, big);
  for (let i = 0; i < width; i++) {
    const byte = Number((unsigned >> BigInt(8 * i)) & 0xffn);
    view.setUint8(little ? i : width - 1 - i, byte);
  }
  return new Uint8Array(view.buffer);
}

function toBigInt(value: number): bigint {
  if (!Number.isInteger(value)) throw new PatternError(`${value} is not a whole number`);
  return BigInt(value);
}
