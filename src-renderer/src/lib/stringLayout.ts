// What the bytes around the seed's string mean to a newcomer: where the
// string's NUL is followed by what is left of an earlier, longer string (a
// shorter Set writes only its characters and one NUL), and which text encoding
// a newly opened block's bytes plainly use.
import type { ByteRange } from '../contract';
import type { TextEncoding } from './textColumn';

/** First byte and end (exclusive) of a run of bytes, as a half-open range. */
export type ByteSpan = readonly [start: number, end: number];

/**
 * The bytes after the string's NUL up to the next NUL character (UTF-16LE, at
 * an even offset): the rest of an earlier, longer string that GetSharedMem no
 * longer reads. Null when the NUL is followed by another NUL, or when `held`
 * does not cover the bytes just after it. A run that reaches past `held` ends
 * where `held` ends (it is all that is known).
 */
export function afterStringSpan(held: ByteRange | null, units: number, size: number): ByteSpan | null {
  if (!held) return null;
  const start = (units + 1) * 2; // just past the string's NUL unit
  const heldEnd = Math.min(held.offset + held.bytes.length, size);
  if (start < held.offset || start + 1 >= heldEnd) return null;
  let end = start;
  while (end + 1 < heldEnd && (held.bytes[end - held.offset] !== 0 || held.bytes[end + 1 - held.offset] !== 0)) end += 2;
  return end > start ? [start, end] : null;
}

/** How many leading bytes the guess looks at: the seed's string lives at offset 0. */
const SAMPLE_BYTES = 512;

/**
 * The encoding a block's first bytes plainly use, or null when they say
 * nothing (all zero, or not the block's start): UTF-16LE when most even bytes
 * are text and their odd partners zero (the seed's layout), UTF-8 (ASCII
 * included) when the bytes up to the first NUL decode as UTF-8 text, and
 * ASCII for anything else: binary data, where a C struct's char arrays are
 * one byte a character, as HxD and ImHex show it (issue 23: UTF-16 boxes).
 */
export function guessEncoding(held: ByteRange | null): TextEncoding | null {
  if (!held || held.offset !== 0) return null;
  const sample = held.bytes.subarray(0, Math.min(held.bytes.length, SAMPLE_BYTES));
  if (looksLikeUtf16Text(sample)) return 'utf16le';
  if (looksLikeUtf8Text(sample)) return 'utf8';
  return sample.some((byte) => byte !== 0) ? 'ascii' : null;
}

function isTextByte(byte: number): boolean {
  return byte >= 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** Up to the first NUL unit: at least two characters, most of them ASCII-range units (low byte text, high byte 0). */
function looksLikeUtf16Text(bytes: Uint8Array): boolean {
  let units = 0;
  let asciiUnits = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const [low, high] = [bytes[i]!, bytes[i + 1]!];
    if (low === 0 && high === 0) break;
    units++;
    if (high === 0 && isTextByte(low)) asciiUnits++;
  }
  return units >= 2 && asciiUnits / units >= 0.8;
}

/** Up to the first NUL byte: at least two bytes, valid UTF-8, no control characters but tab and line breaks. */
function looksLikeUtf8Text(bytes: Uint8Array): boolean {
  const nul = bytes.indexOf(0);
  const text = bytes.subarray(0, nul === -1 ? bytes.length : nul);
  if (text.length < 2 || !text.every((byte) => byte >= 0x80 || isTextByte(byte))) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(text);
    return true;
  } catch {
    // A cut-off sequence at the end of the sample is still UTF-8 text.
    return nul === -1 && text.length === SAMPLE_BYTES;
  }
}
