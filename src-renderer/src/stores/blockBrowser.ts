// The block browser: every shared memory object on the machine (the host's
// listBlocks), refreshed while the panel is open, filtered by a search box
// and sorted by a column, in sections by kind. The rows a virtualized list
// shows come from `visibleRows`, pure, so 10,000 entries cost one sort and
// one filter per refresh and a few dozen rendered rows.
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  SHARED_MEMORY_KINDS,
  sortEntries,
  sysvBlockName,
  usedByProcess,
  type InspectorApi,
  type ListingSortKey,
  type SharedMemoryEntry,
  type SharedMemoryKind,
} from '../contract';
import { describeForUser } from '../lib/userMessage';

export interface BlockBrowserState {
  open: boolean;
  entries: SharedMemoryEntry[];
  /** The listing's own note (processes hidden without privileges), or null. */
  note: string | null;
  error: string | null;
  filter: string;
  /** Keeps the objects of processes whose pid or command line contains it (case-insensitive). */
  processFilter: string;
  sortKey: ListingSortKey;
  descending: boolean;
  toggle(): void;
  /** Closes the browser (a block was opened from it: the hex view takes the room back). */
  close(): void;
  setFilter(text: string): void;
  setProcessFilter(text: string): void;
  /** Sorts by `key`; the same key again reverses the order. */
  sortBy(key: ListingSortKey): void;
  refresh(): Promise<void>;
}

export type BlockBrowserStore = StoreApi<BlockBrowserState>;

export function createBlockBrowserStore(api: InspectorApi): BlockBrowserStore {
  return createStore<BlockBrowserState>()((set, get) => ({
    open: false,
    entries: [],
    note: null,
    error: null,
    filter: '',
    processFilter: '',
    sortKey: 'name',
    descending: false,

    toggle() {
      set({ open: !get().open });
    },

    close() {
      set({ open: false });
    },

    setFilter(filter) {
      set({ filter });
    },

    setProcessFilter(processFilter) {
      set({ processFilter });
    },

    sortBy(key) {
      const { sortKey, descending } = get();
      set({ sortKey: key, descending: key === sortKey ? !descending : false });
    },

    async refresh() {
      try {
        const listing = await api.call('listBlocks', {});
        set({ entries: listing.entries, note: listing.note, error: null });
      } catch (error) {
        set({ error: describeForUser(error) });
      }
    },
  }));
}

export type BrowserRow = { type: 'section'; kind: SharedMemoryKind; count: number } | { type: 'entry'; entry: SharedMemoryEntry };

export const KIND_TITLES: Readonly<Record<SharedMemoryKind, string>> = {
  posix: 'Named (/dev/shm)',
  unlinked: 'Unlinked',
  memfd: 'memfd',
  anonymous: 'Anonymous shared',
  sysv: 'System V segments',
  section: 'Windows sections',
};

/**
 * Section headers and entries, filtered (case-insensitive substring of name
 * or system name; and, given a process filter, of a process's pid or command
 * line) and sorted within each section.
 */
export function visibleRows(
  entries: readonly SharedMemoryEntry[],
  filter: string,
  sortKey: ListingSortKey,
  descending: boolean,
  processFilter = '',
): BrowserRow[] {
  const needle = filter.trim().toLowerCase();
  const matching = entries.filter(
    (e) =>
      (needle === '' || e.name.toLowerCase().includes(needle) || e.systemName.toLowerCase().includes(needle)) &&
      usedByProcess(e, processFilter),
  );
  sortEntries(matching, sortKey, descending);
  const rows: BrowserRow[] = [];
  for (const kind of SHARED_MEMORY_KINDS) {
    const ofKind = matching.filter((e) => e.kind === kind);
    if (ofKind.length === 0) continue;
    rows.push({ type: 'section', kind, count: ofKind.length });
    for (const entry of ofKind) rows.push({ type: 'entry', entry });
  }
  return rows;
}

/** The name openBlock takes for an entry: a System V segment by its id, anything else by its name. */
export function openNameOf(entry: SharedMemoryEntry): string {
  return entry.kind === 'sysv' && entry.sysv ? sysvBlockName(entry.sysv.id) : entry.name;
}
