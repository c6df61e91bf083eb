// One window's state and the only place where its stores meet. Each store
// (stores/*, listed once in storeRegistry.ts) owns one concern and never reads
// or calls another store. What spans two stores lives in this folder, one job
// per file: block switching (blockSwitch.ts), the host's events (events.ts),
// edits (edits.ts), Find and scan (search.ts), what is remembered
// (persistence.ts), reconnection (reconnection.ts). This file puts them
// together into the session a window holds.
import { readPageParams } from '../../../src-shared/page-params';
import type { BlockChangedEvent, InspectorApi, OpenBlockArgs } from '../contract';
import type { PageAddress } from './address';
import { followBlockSwitches } from './blockSwitch';
import { createEditCommands, type EditCommands } from './edits';
import { applyBlockChanged, followHostEvents, followWatchedWindow } from './events';
import { keepBookmarks } from './persistence';
import { resync } from './reconnection';
import { canChange } from './rules';
import { createSearchCommands, followSearchProgress, type SearchCommands } from './search';
import { createStores, type Stores } from './storeRegistry';

/** A window's session: its stores, and the commands that span them (edits: edits.ts; Find: search.ts). */
export interface Session extends EditCommands, SearchCommands {
  readonly stores: Stores;
  /** Greets the host and opens the block the page's address names (the first start, "Try again"). */
  start(): Promise<void>;
  /** Opens another block (the open form); on success every store starts over on it. */
  openBlock(args: OpenBlockArgs): Promise<boolean>;
  /** SetSharedMem with the form's text, then the live string follows at once. */
  setString(): Promise<void>;
  /** GetSharedMem with the form's cch. */
  getString(): Promise<void>;
  /** A blockChanged event: the bytes first, then the string decoded from them when they hold it. */
  applyBlockChanged(event: BlockChangedEvent): void;
  /** After the host came back: open the block again (it may have restarted), watch again, read again. */
  resync(): Promise<void>;
  /** Calls `listener` with each menu command the host sends this window (Electron's menu); returns an unsubscribe. */
  onMenuCommand(listener: (command: string) => void): () => void;
  /** Stops listening to the host (events, store subscriptions, timers). */
  dispose(): void;
}

/**
 * A session's stores and commands over `api`, listening to its events. Starts
 * nothing by itself. `storage` keeps each block's bookmarks (null: none kept).
 * `screenRows`, where there is a screen: how many hex rows it could show, so
 * a block's first watch leaves as it opens (see blockSwitch.ts).
 */
export function createSession(
  api: InspectorApi,
  address: PageAddress,
  storage: Storage | null = null,
  screenRows: (() => number) | null = null,
): Session {
  const stores = createStores(api);
  const { block, textForm, liveString, bytes } = stores;
  const blockName = () => block.getState().info?.name ?? null;
  /** The components that act on menu commands (Find, Files): each knows its own commands. */
  const menuListeners = new Set<(command: string) => void>();
  const start = async (): Promise<void> => {
    await block.getState().start(readPageParams(address.read()));
  };

  // The block switch subscribes first: a new window's encoding is guessed before the string decodes it.
  const stops = [
    ...followBlockSwitches({ stores, address, storage, screenRows }),
    ...followHostEvents(api, stores, (command) => menuListeners.forEach((listener) => listener(command))),
    ...followSearchProgress(api, stores),
    followWatchedWindow(stores),
    keepBookmarks(stores.bookmarks, storage),
  ];

  return {
    stores,
    start,
    openBlock: (args) => block.getState().open(args),

    async setString() {
      if (!canChange(block.getState())) return;
      const name = blockName();
      if (name && (await textForm.getState().setString(name))) liveString.getState().refresh(bytes.getState());
    },

    async getString() {
      const name = blockName();
      if (name) await textForm.getState().getString(name);
    },

    ...createEditCommands(api, stores),
    ...createSearchCommands(stores),
    applyBlockChanged: (event) => applyBlockChanged(stores, event),
    resync: () => resync(stores, start),

    onMenuCommand(listener) {
      menuListeners.add(listener);
      return () => void menuListeners.delete(listener);
    },

    dispose() {
      for (const stop of stops) stop();
    },
  };
}
