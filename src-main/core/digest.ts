// Selection facts: CRC-32, Adler-32 and SHA-256 of a range of a block.
//
//   digestBytes(bytes)                                  -> Digests   (sync: for small selections)
//   digestRange(block, offset, length, { chunkSize, signal, onProgress })
//                                                       -> Promise<Digests>
//   Digests = { length, crc32, adler32, sha256 }        crc32/adler32 as unsigned numbers, sha256 as hex
//
// Large ranges are read chunk by chunk (256 KiB, readInto under the block's
// lock) and hashed incrementally, yielding to the event loop between chunks,
// so a 256 MiB selection never holds the main thread for more than about a
// millisecond at a time (the watcher's 4 ms tick keeps running). CRC-32 is
// zlib's (Node's zlib.crc32, native; a table fallback for Nodes without it),
// SHA-256 is node:crypto, Adler-32 is computed here (zlib's algorithm, with
// the modulo deferred over 5552-byte runs as zlib does).
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import type { SearchableBlock } from './search';

export interface Digests {
  length: number;
  crc32: number;
  adler32: number;
  sha256: string;
}

export interface DigestOptions {
  chunkSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number }) => void;
}

export class DigestError extends Error {
  readonly code = 'ERR_DIGEST_RANGE';
}

export const DIGEST_CHUNK = 256 * 1024;

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

let crcTable: Uint32Array | null = null;
/** The table CRC-32 used where zlib.crc32 is missing (exported for its test). */
export function tableCrc32(bytes: Uint8Array, previous: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** CRC-32 (zlib's, as in gzip and PNG) continued from `previous` (0 to start). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  return nativeCrc32 ? nativeCrc32(bytes, previous) >>> 0 : tableCrc32(bytes, previous);
}

const ADLER_BASE = 65521;
const ADLER_NMAX = 5552; // the most bytes before s2 could overflow 2^32 (zlib)

/** Adler-32 continued from `previous` (1 to start). */
export function adler32(bytes: Uint8Array, previous = 1): number {
  let s1 = previous & 0xffff;
  let s2 = (previous >>> 16) & 0xffff;
  let i = 0;
  while (i < bytes.length) {
    const end = Math.min(bytes.length, i + ADLER_NMAX);
    for (; i < end; i++) {
      s1 += bytes[i]!;
      s2 += s1;
    }
    s1 %= ADLER_BASE;
    s2 %= ADLER_BASE;
  }
  return ((s2 << 16) | s1) >>> 0;
}

/** All three digests of bytes already in memory. */
export function digestBytes(bytes: Uint8Array): Digests {
  return {
    length: bytes.length,
    crc32: crc32(bytes),
    adler32: adler32(bytes),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** The digests of block bytes [offset, offset + length), chunk by chunk. */
export async function digestRange(block: SearchableBlock, offset: number, length: number, options: DigestOptions = {}): Promise<Digests> {
  const whole = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
  if (!whole(offset) || !whole(length) || offset + length > block.size) {
    throw new DigestError(`the range ${offset} + ${length} is not inside the block (size ${block.size})`);
  }
  const chunkSize = options.chunkSize ?? DIGEST_CHUNK;
  if (!whole(chunkSize) || chunkSize === 0) throw new DigestError(`chunkSize must be a whole number from 1 up, got ${chunkSize}`);
  const sha = createHash('sha256');
  let crc = 0;
  let adler = 1;
  const buffer = Buffer.allocUnsafe(Math.min(chunkSize, length));
  for (let done = 0; done < length;) {
    options.signal?.throwIfAborted();
    const chunk = buffer.subarray(0, Math.min(chunkSize, length - done));
    block.readInto(offset + done, chunk);
    crc = crc32(chunk, crc);
    adler = adler32(chunk, adler);
    sha.update(chunk);
    done += chunk.length;
    options.onProgress?.({ done, total: length });
    if (done < length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  options.signal?.throwIfAborted();
  return { length, crc32: crc, adler32: adler, sha256: sha.digest('hex') };
}
