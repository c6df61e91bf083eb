// Selection facts computed in the window, for bytes only the window has: the
// bytes of a moment in the History (the main process's `digest` reads the
// block as it is now). The same digests as src-main/core/checksums.ts and
// digest.ts (zlib's CRC-32 and Adler-32, SHA-256 by Web Crypto); at most a
// watched window's bytes, so no chunking is needed.
import type { SelectionDigests } from '../contract';

/** zlib's CRC-32 table (1 KiB), built once. */
const CRC_TABLE: Readonly<Uint32Array> = (() => {
  const built = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    built[n] = c >>> 0;
  }
  return built;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

export function adler32(bytes: Uint8Array): number {
  const base = 65521;
  const nmax = 5552; // the most bytes before s2 could overflow 2^32 (zlib)
  let s1 = 1;
  let s2 = 0;
  for (let i = 0; i < bytes.length;) {
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

/** Length, CRC-32, Adler-32 and SHA-256 (lower-case hex) of `bytes`. */
export async function localDigests(bytes: Uint8Array): Promise<SelectionDigests> {
  const sha = new Uint8Array(await crypto.subtle.digest('SHA-256', Uint8Array.from(bytes)));
  return {
    length: bytes.length,
    crc32: crc32(bytes),
    adler32: adler32(bytes),
    sha256: Array.from(sha, (b) => b.toString(16).padStart(2, '0')).join(''),
  };
}
