// Selection facts: CRC-32, Adler-32 and SHA-256 of a range of a block.
//
//   digestBytes(bytes)                                  -> Digests   (sync: for small selections)
//   digestRange(block, offset, length, { chunkSize, signal, onProgress })
//                                                       -> Promise<Digests>
//   Digests = { length, crc32, adler32, sha256 }        crc32/adler32 as unsigned numbers, sha256 as hex
//
// A range of at most one chunk (256 KiB) is read and hashed at once on the
// calling thread (well under a millisecond). A larger one is hashed off the
// main thread: the main thread copies chunk after chunk with readInto (under
// the block's lock) and hands each to the hashing thread (digest-thread.ts),
// reading the next while the previous is hashed, as Find does with its native
// workers. Progress comes per chunk hashed, with the id of the thread that
// hashed it; a cancel (AbortSignal) is seen between chunks.
//
// Why a worker_threads Worker and not a native AsyncWorker: the engines stay
// the ones the bench's floor uses (node:crypto's SHA-256 with SHA-NI where the
// CPU has it, zlib's CRC-32, the Adler-32 of checksums.ts), so nothing new is
// written in C++ that would need its own proofs against them, and there is no
// Windows build of it to keep. The costs: a message per chunk (tens of
// microseconds), and the worker's program must be a self-contained function
// (see digest-thread.ts) because the three bundles and vitest must all run it.
import { createHash } from 'node:crypto';
import { threadId as threadIdHere } from 'node:worker_threads';
import { adler32, crc32 } from './checksums';
import { hashingThread, type Hashed } from './digest-thread';
import { readIntoPatiently } from './patient-read';
import type { SearchableBlock } from './search';

export { adler32, crc32, tableCrc32 } from './checksums';

export interface Digests {
  length: number;
  crc32: number;
  adler32: number;
  sha256: string;
}

export interface DigestProgress {
  /** Bytes hashed so far, and how many there are. */
  done: number;
  total: number;
  /** worker_threads' threadId of the thread that hashed the latest bytes (0: this process's main thread). */
  hashedOnThread: number;
}

export interface DigestOptions {
  chunkSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: DigestProgress) => void;
}

export class DigestError extends Error {
  readonly code = 'ERR_DIGEST_RANGE';
}

export const DIGEST_CHUNK = 256 * 1024;

/** All three digests of bytes already in memory. */
export function digestBytes(bytes: Uint8Array): Digests {
  return {
    length: bytes.length,
    crc32: crc32(bytes),
    adler32: adler32(bytes),
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** The digests of block bytes [offset, offset + length): at once when small, else chunk by chunk on the hashing thread. */
export async function digestRange(block: SearchableBlock, offset: number, length: number, options: DigestOptions = {}): Promise<Digests> {
  const whole = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
  if (!whole(offset) || !whole(length) || offset + length > block.size) {
    throw new DigestError(`the range ${offset} + ${length} is not inside the block (size ${block.size})`);
  }
  const chunkSize = options.chunkSize ?? DIGEST_CHUNK;
  if (!whole(chunkSize) || chunkSize === 0) throw new DigestError(`chunkSize must be a whole number from 1 up, got ${chunkSize}`);
  options.signal?.throwIfAborted();
  if (length <= chunkSize) return digestInPlace(block, offset, length, options);
  return digestOnThread(block, offset, length, chunkSize, options);
}

async function digestInPlace(block: SearchableBlock, offset: number, length: number, options: DigestOptions): Promise<Digests> {
  const bytes = new Uint8Array(length);
  if (length > 0) await readIntoPatiently(block, offset, bytes);
  const digests = digestBytes(bytes);
  options.onProgress?.({ done: length, total: length, hashedOnThread: threadIdHere });
  return digests;
}

/** Two buffers: one is read into here while the hashing thread has the other. */
async function digestOnThread(
  block: SearchableBlock,
  offset: number,
  length: number,
  chunkSize: number,
  options: DigestOptions,
): Promise<Digests> {
  const job = hashingThread().begin();
  const spare = [new Uint8Array(chunkSize), new Uint8Array(chunkSize)];
  const hashing: Promise<Hashed>[] = [];
  let sent = 0;
  let done = 0;
  try {
    while (done < length) {
      options.signal?.throwIfAborted();
      while (sent < length && spare.length > 0) {
        const chunk = spare.pop()!.subarray(0, Math.min(chunkSize, length - sent));
        await readIntoPatiently(block, offset + sent, chunk);
        sent += chunk.length; // before update(): the chunk is empty here once its buffer moved to the worker
        const hashed = job.update(chunk);
        hashed.catch(() => undefined); // the loop reports its error; one left behind by a cancel is not unhandled
        hashing.push(hashed);
      }
      const { bytes, threadId } = await hashing.shift()!;
      done += bytes.length;
      spare.push(new Uint8Array(bytes.buffer));
      options.onProgress?.({ done, total: length, hashedOnThread: threadId });
    }
    options.signal?.throwIfAborted();
    const totals = await job.finish();
    return { length, crc32: totals.crc32, adler32: totals.adler32, sha256: totals.sha256 };
  } catch (error) {
    job.drop();
    throw error;
  }
}
