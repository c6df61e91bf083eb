// The machine's shared memory, listed: one function for every host (the
// contract's listBlocks, the CLI's list). It gathers the platform's objects,
// then filters and sorts them the same way for everyone.
import { ContractError } from '../../../src-shared/contract';
import { argsObject, oneOf, optionalBooleanField } from '../validate';
import { MAX_FILTER_LENGTH } from '../limits';
import { loadNative, type NativeModule } from '../native';
import { listLinux, type LinuxListingRoots } from './linux';
import {
  LISTING_SORT_KEYS,
  SHARED_MEMORY_KINDS,
  compileNamePattern,
  sortEntries,
  type ListBlocksArgs,
  type SharedMemoryKind,
  type SharedMemoryListing,
} from '../../../src-shared/listing';
import { listWindowsSections } from './windows';

export * from '../../../src-shared/listing';

export interface ListSharedMemoryOptions extends ListBlocksArgs {
  /** For Windows: the addon, whose listSections() walks the object directories. */
  native?: NativeModule;
  /** Linux: where to look (default /dev/shm, /proc, ...). */
  roots?: LinuxListingRoots;
}

export async function listSharedMemory(options: ListSharedMemoryOptions = {}): Promise<SharedMemoryListing> {
  const listing = await gather(options);
  const pattern = options.filter === undefined ? null : compileNamePattern(options.filter);
  const kinds = options.kinds === undefined ? null : new Set(options.kinds);
  listing.entries = await filterInSlices(
    listing.entries,
    (entry) => (!pattern || pattern.test(entry.name)) && (!kinds || kinds.has(entry.kind)),
  );
  sortEntries(listing.entries, options.sort, options.descending);
  return listing;
}

/**
 * How long matching may hold the event loop before it lets other calls in. A
 * match costs at most name length × pattern length steps (~16,000 for a
 * hostile pattern against a 255-character name, ~0.25 ms here), so a slice is
 * measured by the clock, not counted in entries: 256 such names were a 64 ms
 * stall. A crafted /dev/shm of 10,000 of them delays other calls, never stops them.
 */
const FILTER_SLICE_MS = 4;

export async function filterInSlices<T>(items: readonly T[], keep: (item: T) => boolean): Promise<T[]> {
  const kept: T[] = [];
  let sliceStarted = performance.now();
  for (const item of items) {
    if (keep(item)) kept.push(item);
    if (performance.now() - sliceStarted < FILTER_SLICE_MS) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStarted = performance.now();
  }
  return kept;
}

function gather(options: ListSharedMemoryOptions): Promise<SharedMemoryListing> {
  if (process.platform === 'linux') return listLinux(options.roots);
  if (process.platform === 'win32') return Promise.resolve(listWindowsSections(options.native ?? loadNative()));
  throw new ContractError('ERR_SHM_SYSTEM', `listing shared memory is not implemented on ${process.platform}`);
}

/** The contract's listBlocks: untrusted arguments checked, then listSharedMemory. */
export function listBlocks(rawArgs: unknown, native?: NativeModule): Promise<SharedMemoryListing> {
  return listSharedMemory({ ...listBlocksArgs(rawArgs), native });
}

export function listBlocksArgs(rawArgs: unknown): ListBlocksArgs {
  const args = argsObject(rawArgs, 'listBlocks');
  const checked: ListBlocksArgs = {};
  if (args['filter'] !== undefined) {
    const filter = args['filter'];
    if (typeof filter !== 'string' || filter.length > MAX_FILTER_LENGTH) {
      throw new ContractError('ERR_SHM_ARG', `"filter" must be a name pattern of at most ${MAX_FILTER_LENGTH} characters`);
    }
    checked.filter = filter;
  }
  if (args['kinds'] !== undefined) {
    const kinds = args['kinds'];
    if (!Array.isArray(kinds) || !kinds.every((k) => (SHARED_MEMORY_KINDS as readonly unknown[]).includes(k))) {
      throw new ContractError('ERR_SHM_ARG', `"kinds" must be a list of ${SHARED_MEMORY_KINDS.map((k) => `"${k}"`).join(', ')}`);
    }
    checked.kinds = kinds as SharedMemoryKind[];
  }
  if (args['sort'] !== undefined) checked.sort = oneOf(args, 'sort', LISTING_SORT_KEYS);
  const descending = optionalBooleanField(args, 'descending');
  if (descending !== undefined) checked.descending = descending;
  return checked;
}
