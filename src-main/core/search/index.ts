// Find over a whole block without blocking the main thread.
//
//   findAll(block, pattern, { from, to, maxResults, onProgress, signal, chunkSize })
//     -> { count, offsets, truncated }     count = every match in [from, to); offsets = the first maxResults
//   findNext(block, pattern, from)          -> the first match starting at or after `from`, or null
//   findPrevious(block, pattern, before)    -> the last match starting before `before`, or null
//
// The block is read in chunks (4 MiB by default) with its own readInto, which
// copies under the block's lock; each chunk is searched by the native engine
// on a worker thread (native/src/common/search.h) while the next chunk is read, one
// chunk at a time (a find holds one of libuv's pool threads, never two).
// Chunks overlap by pattern.length - 1 bytes and each owns its starts, so a
// match across a boundary is found once. The main thread only copies (about
// 0.3 ms per 4 MiB) between awaits; the watcher's timers run in between.
// Cancel with an AbortSignal: the chunk being searched stops within a few
// milliseconds (the native engine polls a cancel flag inside its loops,
// search.h) and the call rejects with the signal's reason. `pattern` comes
// from ./patterns.
import { loadNative } from '../native';
import { readIntoInSlices, type ReadableBlock } from '../patient-read';
import type { BytePattern } from './patterns';

export * from './patterns';

/** What Find needs of a block: the native Block has it. */
export interface SearchableBlock extends ReadableBlock {
  readonly size: number;
}

export interface SearchProgress {
  /** Bytes searched so far, and how many there are. */
  done: number;
  total: number;
  matches: number;
}

export interface FindOptions {
  from?: number;
  /** End of the searched range (exclusive): a match must end by it. Default: the block's size. */
  to?: number;
  /** Offsets returned (all matches are counted). Default 10 000. */
  maxResults?: number;
  onProgress?: (progress: SearchProgress) => void;
  signal?: AbortSignal;
  /** Bytes of starts per chunk; default 4 MiB. */
  chunkSize?: number;
}

export interface FindResult {
  count: number;
  offsets: number[];
  /** true when count > offsets.length. */
  truncated: boolean;
}

export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

/** Names each run's native chunks, so that an abort cancels them (search.cancel). */
let lastJobId = 0;
export const DEFAULT_MAX_RESULTS = 10_000;

export class SearchError extends Error {
  constructor(
    readonly code: 'ERR_SEARCH_RANGE' | 'ERR_SEARCH_PATTERN',
    message: string,
  ) {
    super(message);
  }
}

interface Chunk {
  base: number;
  starts: number; // starts this chunk owns: [base, base + starts)
  length: number; // starts + pattern length - 1, within the range
}

/** The chunks of the starts in [from, lastStart], ascending or descending. */
function* chunksOf(from: number, lastStart: number, patternLength: number, chunkSize: number, descending: boolean): Generator<Chunk> {
  const count = Math.ceil((lastStart - from + 1) / chunkSize);
  for (let k = 0; k < count; k++) {
    const i = descending ? count - 1 - k : k;
    const base = from + i * chunkSize;
    const starts = Math.min(chunkSize, lastStart - base + 1);
    yield { base, starts, length: starts + patternLength - 1 };
  }
}

function checkRange(block: SearchableBlock, from: number, to: number, chunkSize: number): void {
  const ok = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
  if (!ok(from) || !ok(to) || from > to || to > block.size) {
    throw new SearchError('ERR_SEARCH_RANGE', `the range ${from}..${to} is not inside the block (0..${block.size})`);
  }
  if (!ok(chunkSize) || chunkSize < 1)
    throw new SearchError('ERR_SEARCH_RANGE', `chunkSize must be a whole number from 1 up, got ${chunkSize}`);
}

function checkPattern(pattern: BytePattern): void {
  if (pattern.bytes.length === 0 || pattern.mask.length !== pattern.bytes.length) {
    throw new SearchError('ERR_SEARCH_PATTERN', 'a pattern needs bytes and a mask of the same, non-zero length');
  }
}

interface Scan {
  from: number;
  to: number;
  maxResults: number;
  keepLast: boolean;
  descending: boolean;
  /** Stop once maxResults offsets are found (no full count). */
  stopWhenFull: boolean;
  chunkSize: number;
  onProgress?: (progress: SearchProgress) => void;
  signal?: AbortSignal;
}

/** Runs the chunked search; two buffers, so one chunk is read while the other is searched. */
async function run(block: SearchableBlock, pattern: BytePattern, scan: Scan): Promise<FindResult> {
  checkPattern(pattern);
  checkRange(block, scan.from, scan.to, scan.chunkSize);
  if (!Number.isSafeInteger(scan.maxResults) || scan.maxResults < 0) {
    throw new SearchError('ERR_SEARCH_RANGE', `maxResults must be a whole number from 0 up, got ${scan.maxResults}`);
  }
  const n = pattern.bytes.length;
  const result: FindResult = { count: 0, offsets: [], truncated: false };
  const total = scan.to - scan.from;
  if (total < n) return result;
  const native = loadNative().search;
  const bufferSize = Math.min(scan.chunkSize, total) + n - 1;
  const buffers = [Buffer.allocUnsafe(bufferSize), Buffer.allocUnsafe(bufferSize)];
  const bytes = Buffer.from(pattern.bytes);
  const mask = Buffer.from(pattern.mask);
  let done = 0;
  // Typed by its initializer, so that the catch below still sees what runChunks may have left in it.
  let pending = null as { chunk: Chunk; matches: ReturnType<typeof native.findInChunk> } | null;
  const jobId = ++lastJobId;
  const cancelChunks = (): void => void native.cancel(jobId);
  scan.signal?.addEventListener('abort', cancelChunks, { once: true });
  try {
    return await runChunks();
  } catch (error) {
    // Settle only once the native worker has let go of its chunk (a cancelled one does within milliseconds).
    if (pending) await pending.matches.catch(() => undefined);
    throw error;
  } finally {
    scan.signal?.removeEventListener('abort', cancelChunks);
  }

  async function runChunks(): Promise<FindResult> {
    const settle = async (): Promise<boolean> => {
      if (!pending) return false;
      const { chunk, matches } = pending;
      pending = null;
      const found = await matches;
      result.count += found.count;
      // The worker was given the room there was when it started; an earlier
      // chunk may have filled some of it since.
      const room = Math.max(0, scan.maxResults - result.offsets.length);
      const picked = room === 0 ? [] : scan.keepLast ? found.offsets.slice(-room) : found.offsets.slice(0, room);
      const absolute = picked.map((offset) => offset + chunk.base);
      if (scan.descending) result.offsets.unshift(...absolute);
      else result.offsets.push(...absolute);
      done += chunk.starts;
      scan.onProgress?.({ done, total: total - n + 1, matches: result.count });
      return scan.stopWhenFull && result.offsets.length >= scan.maxResults;
    };

    let index = 0;
    for (const chunk of chunksOf(scan.from, scan.to - n, n, scan.chunkSize, scan.descending)) {
      scan.signal?.throwIfAborted();
      const buffer = buffers[index++ % 2]!.subarray(0, chunk.length);
      await readIntoInSlices(block, chunk.base, buffer); // while the worker searches the previous chunk
      // One chunk on libuv's pool at a time: a find holds one pool thread, so the
      // heavy-job cap (heavy-jobs.ts) bounds the threads finds can take.
      if (await settle()) break;
      const room = scan.maxResults - result.offsets.length;
      const matches = native.findInChunk(buffer, chunk.starts, bytes, mask, pattern.caseInsensitive, room, scan.keepLast, jobId);
      matches.catch(() => undefined); // settle() reports its error; an abandoned one is not unhandled
      pending = { chunk, matches };
    }
    await settle();
    scan.signal?.throwIfAborted();
    result.truncated = result.count > result.offsets.length;
    return result;
  }
}

/** Counts every match of `pattern` in [from, to) and returns the first maxResults offsets. */
export function findAll(block: SearchableBlock, pattern: BytePattern, options: FindOptions = {}): Promise<FindResult> {
  return run(block, pattern, {
    from: options.from ?? 0,
    to: options.to ?? block.size,
    maxResults: options.maxResults ?? DEFAULT_MAX_RESULTS,
    keepLast: false,
    descending: false,
    stopWhenFull: false,
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    onProgress: options.onProgress,
    signal: options.signal,
  });
}

type StepOptions = Pick<FindOptions, 'signal' | 'onProgress' | 'chunkSize'>;

/** The first match that starts at or after `from`; null when there is none before the end. */
export async function findNext(
  block: SearchableBlock,
  pattern: BytePattern,
  from: number,
  options: StepOptions = {},
): Promise<number | null> {
  const found = await run(block, pattern, {
    from,
    to: block.size,
    maxResults: 1,
    keepLast: false,
    descending: false,
    stopWhenFull: true,
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  return found.offsets[0] ?? null;
}

/** The last match that starts before `before`; null when there is none after the start. */
export async function findPrevious(
  block: SearchableBlock,
  pattern: BytePattern,
  before: number,
  options: StepOptions = {},
): Promise<number | null> {
  const n = pattern.bytes.length;
  const to = Math.min(block.size, before + n - 1);
  if (!Number.isSafeInteger(before) || before < 0 || before > block.size) {
    throw new SearchError('ERR_SEARCH_RANGE', `offset ${before} is not inside the block (0..${block.size})`);
  }
  const found = await run(block, pattern, {
    from: 0,
    to,
    maxResults: 1,
    keepLast: true,
    descending: true,
    stopWhenFull: true,
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  const last = found.offsets[found.offsets.length - 1];
  return last !== undefined && last < before ? last : null;
}
