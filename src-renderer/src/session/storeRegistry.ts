// Every store of a window, once. Each line names a store, the factory that
// makes it (it receives only the InspectorApi) and, when the store shows
// something of the open block, how it starts over on another block. The
// session's `Stores` type, the creation of a window's stores, the resets of a
// new block and the components' hooks (sessionContext.tsx) all follow from
// this table, so adding a store is its own file and one line here.
import type { StoreApi } from 'zustand/vanilla';
import type { BlockInfo, InspectorApi } from '../contract';
import { createBlockStore } from '../stores/block';
import { createBlockBrowserStore } from '../stores/blockBrowser';
import { createBlockMapStore } from '../stores/blockMap';
import { createBookmarksStore } from '../stores/bookmarks';
import { createBytesStore } from '../stores/bytes';
import { createChildrenStore } from '../stores/children';
import { createConnectionStore } from '../stores/connection';
import { createEditHistoryStore } from '../stores/editHistory';
import { createFilesStore } from '../stores/files';
import { createFindStore } from '../stores/find';
import { createHexViewStore } from '../stores/hexView';
import { createLiveStringStore } from '../stores/liveString';
import { createPlotStore } from '../stores/plot';
import { createScanStore } from '../stores/scan';
import { createSelectionFactsStore } from '../stores/selectionFacts';
import { createSidePanelsStore } from '../stores/sidePanels';
import { createStatisticsStore } from '../stores/statistics';
import { createStructStore } from '../stores/struct';
import { createTextFormStore } from '../stores/textForm';
import { createTimelineStore } from '../stores/timeline';
import { savedBookmarks } from './persistence';

/** What a store's reset may use when the window opens a block. */
export interface NewBlock {
  info: BlockInfo;
  /** Where the window keeps what it remembers per block (bookmarks); null: nothing kept. */
  storage: Storage | null;
}

export interface StoreEntry<S> {
  create(api: InspectorApi): StoreApi<S>;
  /** Starts the store over on a newly opened block; absent for a store about the window or the host, not the block. */
  onNewBlock?: (state: S, block: NewBlock) => void;
}

function store<S>(create: (api: InspectorApi) => StoreApi<S>, onNewBlock?: (state: S, block: NewBlock) => void): StoreEntry<S> {
  return onNewBlock ? { create, onNewBlock } : { create };
}

/**
 * In reset order: the hex view learns the new size before the bytes reset, so
 * the first watch the session then sends asks for rows of the new block.
 */
export const STORE_REGISTRY = Object.freeze({
  block: store(createBlockStore),
  hexView: store(createHexViewStore, (s, { info }) => s.reset(info.size)),
  bytes: store(createBytesStore, (s, { info }) => s.reset(info)),
  textForm: store(createTextFormStore, (s) => s.reset()),
  liveString: store(createLiveStringStore, (s, { info }) => s.reset(info.name)),
  children: store(createChildrenStore),
  connection: store(createConnectionStore),
  scan: store(createScanStore, (s, { info }) => s.reset(info.name)),
  struct: store(createStructStore, (s, { info }) => s.reset(info)),
  find: store(createFindStore, (s) => s.clear()),
  files: store(createFilesStore, (s) => s.clearComparison()),
  selectionFacts: store(createSelectionFactsStore),
  timeline: store(createTimelineStore, (s, { info }) => s.reset(info)),
  editHistory: store(createEditHistoryStore, (s, { info }) => s.reset(info.name)),
  bookmarks: store(createBookmarksStore, (s, { info, storage }) => s.show(info.name, savedBookmarks(storage, info))),
  blockBrowser: store(createBlockBrowserStore),
  sidePanels: store(createSidePanelsStore),
  statistics: store(createStatisticsStore, (s) => s.reset()),
  blockMap: store(createBlockMapStore, (s, { info }) => s.reset(info)),
  plot: store(createPlotStore, (s, { info }) => s.reset(info)),
});

type Registry = typeof STORE_REGISTRY;
export type StoreName = keyof Registry;
/** A window's stores, one per registry line. */
export type Stores = { [K in StoreName]: ReturnType<Registry[K]['create']> };
/** The state a store holds (what a hook's selector receives). */
export type StateOf<K extends StoreName> = ReturnType<Stores[K]['getState']>;

export const STORE_NAMES = Object.keys(STORE_REGISTRY) as StoreName[];

/** The stores that start over on a new block, in the order they do. */
export const RESET_ON_NEW_BLOCK: readonly StoreName[] = STORE_NAMES.filter((name) => STORE_REGISTRY[name].onNewBlock);

/** One window's stores, made fresh (a store is never shared between windows). */
export function createStores(api: InspectorApi): Stores {
  // Built by name from the table; the mapped type says each name gets its own factory's store.
  return Object.fromEntries(STORE_NAMES.map((name) => [name, STORE_REGISTRY[name].create(api)])) as Stores;
}

/** A block opened: every store that shows one starts over on it. */
export function resetForNewBlock(stores: Stores, block: NewBlock): void {
  for (const name of RESET_ON_NEW_BLOCK) {
    // The entry and the store come from the same line, so the state fits its reset.
    const reset = STORE_REGISTRY[name].onNewBlock as (state: unknown, block: NewBlock) => void;
    reset(stores[name].getState(), block);
  }
}
