// The seed's string decoded from bytes the window already holds, so a change
// needs no getString round trip. A port of loadText in native/src/text_codec.cc
// with the limit getString uses when called without cch: every unit the block
// holds (size/2, the NUL's slot included), so a block with no NUL yields all
// of its units. tests/renderer/live-string.test.ts checks it against the real
// getString on the tricky cases.
import type { ByteRange, GetStringResult } from '../contract';

/** UTF-16 units a block holds, the NUL included: getString's default limit. */
export function unitsInBlock(blockSize: number): number {
  return Math.floor(blockSize / 2);
}

/**
 * What getString (without cch) answers for a block of `blockSize` bytes whose
 * first bytes are `held`, or null when `held` does not reach the string's end:
 * it must start at offset 0 and hold the terminating NUL unit, or every unit
 * of the block.
 */
export function decodeLiveString(held: ByteRange, blockSize: number): GetStringResult | null {
  if (held.offset !== 0) return null;
  const limit = unitsInBlock(blockSize);
  const available = Math.min(Math.floor(held.bytes.length / 2), limit);
  const bytes = held.bytes;
  let units = 0;
  while (units < available && unitAt(bytes, units) !== 0) units++;
  if (units === available && available < limit) return null; // the NUL, if any, lies past what we hold
  // loadText drops a high surrogate cut from its low half only when stopped by
  // a limit below the block's units; getString's default limit is all of them.
  return { text: unitsToString(bytes, units), units };
}

/** Where the string's bytes end, its NUL included: past this, a change cannot alter it. */
export function stringBytesEnd(units: number, blockSize: number): number {
  return 2 * Math.min(units + 1, unitsInBlock(blockSize));
}

/** Whether any of `ranges` writes inside [0, end). */
export function touchesPrefix(ranges: readonly ByteRange[], end: number): boolean {
  return ranges.some((range) => range.bytes.length > 0 && range.offset < end);
}

function unitAt(bytes: Uint8Array, index: number): number {
  return bytes[2 * index]! | (bytes[2 * index + 1]! << 8);
}

/** Units as a JavaScript string, lone surrogates kept (TextDecoder would turn them into U+FFFD). */
function unitsToString(bytes: Uint8Array, units: number): string {
  const CHUNK = 4096; // String.fromCharCode takes its units as arguments: keep the count small
  const parts: string[] = [];
  const chunk = new Array<number>(Math.min(units, CHUNK));
  for (let start = 0; start < units; start += CHUNK) {
    const count = Math.min(CHUNK, units - start);
    chunk.length = count;
    for (let i = 0; i < count; i++) chunk[i] = unitAt(bytes, start + i);
    parts.push(String.fromCharCode(...chunk));
  }
  return parts.join('');
}
