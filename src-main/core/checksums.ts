// CRC-32 and Adler-32, continued chunk by chunk (zlib's algorithms, as in
// gzip, PNG and zlib streams). CRC-32 is Node's zlib.crc32 (native) with the
// shared table version (src-shared/lib/checksums.ts) for Nodes without it.
import * as zlib from 'node:zlib';
import { adler32, tableCrc32 } from '../../src-shared/lib/checksums';

export { adler32, tableCrc32 };

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 continued from `previous` (0 to start). */
export function crc32(bytes: Uint8Array, previous = 0): number {
  return nativeCrc32 ? nativeCrc32(bytes, previous) >>> 0 : tableCrc32(bytes, previous);
}
