// The `find` and `digest` calls: the engines of ./search and
// ./digest behind the contract. A find compiles the pattern the user typed,
// searches the whole block in chunks on the native engine's worker thread
// (the main thread only copies chunks, so the watcher keeps its tick), sends
// the asking client a findProgress event after each chunk and answers with
// the count and the first offsets. One search per client: a new find cancels
// the client's previous one, and so does the client going away. Each call
// also stops when its caller cancels it (the signal the contract server
// passes, aborted by a cancel message naming the call's request id).
import {
  ContractError,
  toContractError,
  MAX_FIND_RESULTS,
  type FindNumberType,
  type FindProgressEvent,
  type FindResult,
  type FindTextEncoding,
  type SelectionDigests,
} from '../../src-shared/contract';
import { abortWith } from './abort';
import type { BlockService } from './block-service';
import { DIGEST_CHUNK, digestRange } from './digest';
import { HeavyJobs } from './heavy-jobs';
import { findAll, numberPattern, parseHexPattern, textPattern, type BytePattern } from './search';
import { MAX_NUMBER_TEXT_LENGTH, MAX_PATTERN_TEXT_LENGTH } from './limits';
import { argsObject, boundedStringField, integerField, oneOf, optionalBooleanField, optionalIntegerField, stringField } from './validate';

const ENCODINGS: readonly FindTextEncoding[] = ['ascii', 'utf8', 'utf16le', 'utf16be'];
const NUMBER_TYPES: readonly FindNumberType[] = ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64', 'f32', 'f64'];
const MAX_SEARCH_ID_LENGTH = 64;

interface RunningSearch {
  searchId: string;
  controller: AbortController;
}

export class FindService {
  private readonly running = new Map<string, RunningSearch>();
  /** Each client's digests in progress, so that the client's going stops them. */
  private readonly digests = new Map<string, Set<AbortController>>();

  constructor(
    private readonly blocks: BlockService,
    private readonly sendProgress: (clientId: string, event: FindProgressEvent) => void,
    /** The host-wide cap on finds, scans and digests running at once (shared with the scans). */
    private readonly jobs = new HeavyJobs(),
  ) {}

  async find(rawArgs: unknown, clientId: string, cancelled?: AbortSignal): Promise<FindResult> {
    const args = argsObject(rawArgs, 'find');
    const block = this.blocks.lookup(args);
    const searchId = searchIdField(args);
    const pattern = compilePattern(args['pattern']);
    const maxResults = optionalIntegerField(args, 'maxResults', 0, MAX_FIND_RESULTS) ?? MAX_FIND_RESULTS;
    this.running.get(clientId)?.controller.abort();
    const search: RunningSearch = { searchId, controller: new AbortController() };
    this.running.set(clientId, search);
    const unlink = abortWith(cancelled, search.controller);
    try {
      const signal = search.controller.signal;
      const found = await this.jobs.run(`the find "${searchId}"`, signal, () =>
        findAll(block, pattern, {
          maxResults,
          signal,
          onProgress: (p) => this.sendProgress(clientId, { searchId, name: block.name, done: p.done, total: p.total, matches: p.matches }),
        }),
      );
      return { searchId, count: found.count, offsets: found.offsets, truncated: found.truncated, patternLength: pattern.bytes.length };
    } catch (error) {
      if (search.controller.signal.aborted) throw new ContractError('ERR_SEARCH_CANCELLED', `the search "${searchId}" was cancelled`);
      if (error instanceof ContractError) throw error;
      throw toContractError(error);
    } finally {
      unlink();
      if (this.running.get(clientId) === search) this.running.delete(clientId);
    }
  }

  /** Heavy jobs (finds, scans, digests) running and waiting host-wide (tests, diagnostics). */
  jobCounts(): { running: number; waiting: number } {
    return this.jobs.counts();
  }

  /** The client is gone: its search and digests stop within milliseconds. */
  forget(clientId: string): void {
    this.running.get(clientId)?.controller.abort();
    this.running.delete(clientId);
    for (const controller of this.digests.get(clientId) ?? []) controller.abort();
  }

  async digest(rawArgs: unknown, clientId: string, cancelled?: AbortSignal): Promise<SelectionDigests> {
    const args = argsObject(rawArgs, 'digest');
    const block = this.blocks.lookup(args);
    const offset = integerField(args, 'offset', 0, block.size, 'ERR_SHM_RANGE');
    const length = integerField(args, 'length', 0, block.size - offset, 'ERR_SHM_RANGE');
    // A selection of one chunk is hashed at once on this thread: only larger ones take a slot and can be cancelled.
    if (length <= DIGEST_CHUNK) return this.translated(() => digestRange(block, offset, length));
    const controller = new AbortController();
    const mine = this.digests.get(clientId) ?? new Set();
    this.digests.set(clientId, mine.add(controller));
    const { signal } = controller;
    const unlink = abortWith(cancelled, controller);
    try {
      return await this.translated(() => this.jobs.run('the digest', signal, () => digestRange(block, offset, length, { signal })));
    } catch (error) {
      if (signal.aborted) throw new ContractError('ERR_DIGEST_CANCELLED', 'the digest was cancelled');
      throw error;
    } finally {
      unlink();
      mine.delete(controller);
      if (mine.size === 0 && this.digests.get(clientId) === mine) this.digests.delete(clientId);
    }
  }

  private async translated<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toContractError(error);
    }
  }
}

function searchIdField(args: Record<string, unknown>): string {
  const searchId = stringField(args, 'searchId');
  if (searchId.length === 0 || searchId.length > MAX_SEARCH_ID_LENGTH) {
    throw new ContractError('ERR_SHM_ARG', `"searchId" must be 1 to ${MAX_SEARCH_ID_LENGTH} characters`);
  }
  return searchId;
}

/** The contract's FindPattern, checked, as the native engine's bytes and mask. */
export function compilePattern(raw: unknown): BytePattern {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ContractError('ERR_SEARCH_PATTERN', '"pattern" must be an object with a kind: hex, text or number');
  }
  const pattern = raw as Record<string, unknown>;
  const kind = oneOf(pattern, 'kind', ['hex', 'text', 'number'] as const);
  try {
    switch (kind) {
      case 'hex':
        return parseHexPattern(patternText(pattern));
      case 'text':
        return textPattern(patternText(pattern), oneOf(pattern, 'encoding', ENCODINGS), {
          caseInsensitive: optionalBooleanField(pattern, 'caseInsensitive') ?? false,
        });
      case 'number': {
        const type = oneOf(pattern, 'type', NUMBER_TYPES);
        const endianness = oneOf(pattern, 'endianness', ['little', 'big'] as const);
        const text = boundedStringField(pattern, 'value', MAX_NUMBER_TEXT_LENGTH, 'the number value');
        return numberPattern(numberValue(text, type), type, endianness);
      }
    }
  } catch (error) {
    if (error instanceof ContractError) throw error;
    throw new ContractError('ERR_SEARCH_PATTERN', error instanceof Error ? error.message : String(error));
  }
}

/** The hex or text pattern's text, its length checked before it is parsed. */
function patternText(pattern: Record<string, unknown>): string {
  return boundedStringField(pattern, 'text', MAX_PATTERN_TEXT_LENGTH, 'the pattern');
}

/** A typed number: floats as numbers, integers as bigints so 64-bit values keep every digit. */
function numberValue(text: string, type: FindNumberType): number | bigint {
  const trimmed = text.trim();
  if (type === 'f32' || type === 'f64') {
    const value = Number(trimmed);
    if (trimmed === '' || Number.isNaN(value)) throw new ContractError('ERR_SEARCH_PATTERN', `"${trimmed}" is not a number`);
    return value;
  }
  if (!/^-?(\d+|0x[0-9a-f]+)$/i.test(trimmed))
    throw new ContractError('ERR_SEARCH_PATTERN', `"${trimmed}" is not a whole number (decimal, or hex with 0x)`);
  const negative = trimmed.startsWith('-');
  const magnitude = BigInt(negative ? trimmed.slice(1) : trimmed);
  return negative ? -magnitude : magnitude;
}
