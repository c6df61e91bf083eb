// CRC-32 and Adler-32 as zlib computes them (gzip, PNG, zlib streams),
// continued chunk by chunk. Pure, so the main process (core/checksums.ts,
// which prefers Node's native zlib.crc32) and the window (a History moment's
// selection facts, lib/localDigests.ts) compute the same figures.
//
// The hashing thread (src-main/core/digest-thread.ts) runs both from their
// source text: they must use nothing outside their own bodies (no module
// constants, no helpers).

/** CRC-32 continued from `previous` (0 to start); self-contained: the table is built per call, 2 KiB of work. */
export function tableCrc32(bytes: Uint8Array, previous = 0): number {
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
