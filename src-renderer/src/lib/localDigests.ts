// Selection facts computed in the window, for bytes only the window has: the
// bytes of a moment in the History (the main process's `digest` reads the
// block as it is now). The same digests as the main process's digest.ts (zlib's CRC-32
// and Adler-32 from src-shared/lib/checksums.ts, SHA-256 by Web Crypto); at most a
// watched window's bytes, so no chunking is needed.
import { adler32, tableCrc32 } from '../../../src-shared/lib/checksums';
import type { SelectionDigests } from '../contract';

/** Length, CRC-32, Adler-32 and SHA-256 (lower-case hex) of `bytes`. */
export async function localDigests(bytes: Uint8Array): Promise<SelectionDigests> {
  const sha = new Uint8Array(await crypto.subtle.digest('SHA-256', Uint8Array.from(bytes)));
  return {
    length: bytes.length,
    crc32: tableCrc32(bytes),
    adler32: adler32(bytes),
    sha256: Array.from(sha, (b) => b.toString(16).padStart(2, '0')).join(''),
  };
}
