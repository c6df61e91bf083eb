// Find: what the user typed, the search running in the main process (the
// `find` call, with findProgress events, cancelled through its signal) and its matches. The
// matches are offsets ascending; next/previous pick the one after or before an
// offset (the cursor, which session.ts moves).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FindNumberType, FindPattern, FindProgressEvent, FindTextEncoding, InspectorApi } from '../contract';
import { describeForUser } from '../lib/userMessage';
import { firstAtOrAfter } from '../lib/sorted';

export { firstAtOrAfter };

export type FindMode = 'hex' | 'text' | 'number';

export interface FindMatches {
  blockName: string;
  count: number;
  offsets: number[];
  truncated: boolean;
  patternLength: number;
}

export interface FindState {
  open: boolean;
  query: string;
  mode: FindMode;
  encoding: FindTextEncoding;
  caseInsensitive: boolean;
  numberType: FindNumberType;
  endianness: 'little' | 'big';
  /** The search in flight, if any. */
  searchId: string | null;
  progress: { done: number; total: number } | null;
  matches: FindMatches | null;
  error: string | null;
  setOpen(open: boolean): void;
  setOptions(options: Partial<Pick<FindState, 'query' | 'mode' | 'encoding' | 'caseInsensitive' | 'numberType' | 'endianness'>>): void;
  /** Searches the whole block; resolves when the answer (or a refusal) is in. */
  search(blockName: string): Promise<void>;
  cancel(): Promise<void>;
  followProgress(event: FindProgressEvent): void;
  /** Forget the matches (another block opened). */
  clear(): void;
}

export type FindStore = StoreApi<FindState>;

/** The match after `offset` (wrapping to the first), or before it (wrapping to the last); null when none. */
export function stepMatch(offsets: readonly number[], offset: number, direction: 1 | -1): number | null {
  if (offsets.length === 0) return null;
  const after = firstAtOrAfter(offsets, direction === 1 ? offset + 1 : offset);
  if (direction === 1) return offsets[after] ?? offsets[0]!;
  return after > 0 ? offsets[after - 1]! : offsets[offsets.length - 1]!;
}

/** Whether `offset` lies inside a match: used by the hex rows to highlight. */
export function isInMatch(matches: FindMatches | null, offset: number): boolean {
  if (!matches || matches.offsets.length === 0) return false;
  const index = firstAtOrAfter(matches.offsets, offset - matches.patternLength + 1);
  const start = matches.offsets[index];
  return start !== undefined && start <= offset;
}

/** At most this many ticks on the scrollbar: more would be one smear. */
const MAX_MARKS = 400;

/** The rows of the matches, bucketed so the scrollbar draws at most MAX_MARKS ticks. */
export function findMarkRows(matches: FindMatches | null, bytesPerRow: number, totalRows: number): number[] {
  if (!matches || totalRows === 0) return [];
  const bucketRows = Math.max(1, Math.ceil(totalRows / MAX_MARKS));
  const rows = new Set<number>();
  for (const offset of matches.offsets) rows.add(Math.floor(offset / bytesPerRow / bucketRows) * bucketRows);
  return [...rows];
}

function patternOf(s: FindState): FindPattern {
  switch (s.mode) {
    case 'hex':
      return { kind: 'hex', text: s.query };
    case 'text':
      return { kind: 'text', text: s.query, encoding: s.encoding, caseInsensitive: s.caseInsensitive };
    case 'number':
      return { kind: 'number', value: s.query, type: s.numberType, endianness: s.endianness };
  }
}

export function createFindStore(api: InspectorApi): FindStore {
  let searches = 0;
  /** The search in flight's cancel: a newer search or the user's cancel aborts it, and the host stops it. */
  let inFlight: AbortController | null = null;
  return createStore<FindState>()((set, get) => ({
    open: false,
    query: '',
    // What a user types first is a word (issue 23: "sensor" was refused as "not hex"); ASCII is UTF-8.
    mode: 'text',
    encoding: 'utf8',
    caseInsensitive: false,
    numberType: 'u32',
    endianness: 'little',
    searchId: null,
    progress: null,
    matches: null,
    error: null,
    setOpen: (open) => set({ open }),
    setOptions: (options) => set(options),
    async search(blockName) {
      const searchId = `find-${++searches}`;
      inFlight?.abort();
      const controller = (inFlight = new AbortController());
      set({ searchId, progress: null, error: null });
      try {
        const found = await api.call('find', { name: blockName, searchId, pattern: patternOf(get()) }, { signal: controller.signal });
        if (get().searchId !== searchId) return;
        set({
          searchId: null,
          progress: null,
          matches: {
            blockName,
            count: found.count,
            offsets: found.offsets,
            truncated: found.truncated,
            patternLength: found.patternLength,
          },
        });
      } catch (error) {
        if (get().searchId !== searchId) return;
        const cancelled = (error as { code?: unknown }).code === 'ERR_SEARCH_CANCELLED';
        set({ searchId: null, progress: null, matches: null, error: cancelled ? 'Search cancelled.' : describeForUser(error) });
      } finally {
        if (inFlight === controller) inFlight = null;
      }
    },
    async cancel() {
      inFlight?.abort();
    },
    followProgress(event) {
      if (event.searchId === get().searchId) set({ progress: { done: event.done, total: event.total } });
    },
    clear: () => set({ matches: null, error: null, progress: null }),
  }));
}
