// CRC-32 and Adler-32, continued chunk by chunk (zlib's algorithms, as in
// gzip, PNG and zlib streams). CRC-32 is Node's zlib.crc32 (native) with a
// table fallback for Nodes without it.
//
// tableCrc32 and adler32 are also the hashing thread's (digest-thread.ts),
// which runs them from their source text: they must use nothing outside
// their own bodies (no module constants, no helpers).
import * as zlib from 'node:zlib';

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** The table CRC-32 used where zlib.crc32 is missing (self-contained: the table is built per call, 2 KiB of work). */
export function tableCrc32(bytes: Uint8Array, previous: number): number {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  let crc = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** CRC-32 continued from `previous` (0 to start). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  return nativeCrc32 ? nativeCrc32(bytes, previous) >>> 0 : tableCrc32(bytes, previous);
}

/** Adler-32 continued from `previous` (1 to start); the modulo deferred over 5552-byte runs as zlib does. */
export function adler32(bytes: Uint8Array, previous = 1): number {
  const base = 65521;
  const nmax = 5552; // the most bytes before s2 could overflow 2^32 (zlib)
  let s1 = previous & 0xffff;
  let s2 = (previous >>> 16) & 0xffff;
  let i = 0;
  while (i < bytes.length) {
    const end = Math.min(bytes.length, i + nmax);
    for (; i < end; i++) {
      s1 += bytes[i]!;
      s2 += s1;
    }
    s1 %= base;
    s2 %= base;
  }
  return ((s2 << 16) | s1) >>> 0;
}
