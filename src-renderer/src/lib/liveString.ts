// The seed's string decoded from bytes the window already holds, so a change
// needs no getString round trip. A port of textLength in
// native/src/text_codec.cc with the limit getString uses when called without
// cch: at most size/2 - 1 units, as SetSharedMem stores, so a block another
// program filled without a NUL never reports more text than the layout holds;
// stopped by that limit between the halves of a surrogate pair, the high half
// is dropped. tests/renderer/live-string.test.ts checks it against the real
// getString on the tricky cases.
import type { ByteRange, GetStringResult } from '../contract';

/** UTF-16 units a block holds, the NUL's slot included. */
export function unitsInBlock(blockSize: number): number {
  return Math.floor(blockSize / 2);
}

/** The most units getString answers without cch: the block's units less the NUL's slot. */
export function textCapacityUnits(blockSize: number): number {
  return Math.max(unitsInBlock(blockSize) - 1, 0);
}

/**
 * What getString (without cch) answers for a block of `blockSize` bytes whose
 * first bytes are `held`, or null when `held` does not reach far enough to
 * tell: it must start at offset 0 and hold the terminating NUL unit or, for a
 * string that fills the block, the unit after the limit (a pair's low half).
 */
export function decodeLiveString(held: ByteRange, blockSize: number): GetStringResult | null {
  if (held.offset !== 0) return null;
  const limit = textCapacityUnits(blockSize);
  const bytes = held.bytes;
  const available = Math.min(Math.floor(bytes.length / 2), unitsInBlock(blockSize));
  let units = 0;
  while (units < Math.min(available, limit) && unitAt(bytes, units) !== 0) units++;
  if (units < limit) {
    if (units === available) return null; // the NUL, if any, lies past what we hold
    return { text: unitsToString(bytes, units), units };
  }
  if (units > 0) {
    if (available <= limit) return null; // the unit after the limit decides the pair rule
    if (isHighSurrogate(unitAt(bytes, units - 1)) && isLowSurrogate(unitAt(bytes, units))) units--;
  }
  return { text: unitsToString(bytes, units), units };
}

/** Where the bytes that decide the string end (its NUL, or the unit after a dropped high half): past this, a change cannot alter it. */
export function stringBytesEnd(units: number, blockSize: number): number {
  // A string at (or a dropped pair's half short of) the limit depends on every unit of the block.
  if (units + 1 >= textCapacityUnits(blockSize)) return 2 * unitsInBlock(blockSize);
  return 2 * (units + 1);
}

/** Whether any of `ranges` writes inside [0, end). */
export function touchesPrefix(ranges: readonly ByteRange[], end: number): boolean {
  return ranges.some((range) => range.bytes.length > 0 && range.offset < end);
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
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
