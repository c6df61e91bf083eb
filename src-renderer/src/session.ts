// One window's state and the only place where its stores meet. Each store
// (stores/*) owns one concern, is made per session by a factory that receives
// only the InspectorApi, and never reads or calls another store. What spans
// two stores lives here, as a command or as wiring: a new block resets every
// store that shows one and moves the address; a blockChanged goes to the
// bytes, then to the live string; a typed byte goes from the hex view to the
// bytes; a Set refreshes the live string; a reconnection resyncs them all.
import { readPageParams, writePageParams } from '../../src-shared/page-params';
import type { BlockChangedEvent, BlockInfo, InspectorApi, OpenBlockArgs } from './contract';
import type { Transport } from './transport';
import { frameBatch } from './lib/frameBatch';
import { pageStorage, readRowWidth, saveRowWidth } from './lib/preferences';
import { guessEncoding } from './lib/stringLayout';
import { createBlockStore, type BlockStore } from './stores/block';
import { createBlockBrowserStore, type BlockBrowserStore } from './stores/blockBrowser';
import { createBytesStore, type BytesStore } from './stores/bytes';
import { createChildrenStore, type ChildrenStore } from './stores/children';
import { createConnectionStore, type ConnectionStore } from './stores/connection';
import { createHexViewStore, type HexViewStore } from './stores/hexView';
import { createLiveStringStore, type LiveStringStore } from './stores/liveString';
import { createTextFormStore, type TextFormStore } from './stores/textForm';

const TEXT_POLL_MS = 1000;

export interface Stores {
  block: BlockStore;
  bytes: BytesStore;
  hexView: HexViewStore;
  textForm: TextFormStore;
  liveString: LiveStringStore;
  children: ChildrenStore;
  connection: ConnectionStore;
  blockBrowser: BlockBrowserStore;
}

/**
 * The page's address, as far as the session uses it: its query, read at start
 * and replaced whenever a block opens. In a window, `location.search` and
 * `history.replaceState` (in Electron that is also the URL New Window copies).
 */
export interface PageAddress {
  read(): string;
  /** Replaces the query (without `?`), adding no history entry. */
  replace(query: string): void;
}

export interface Session {
  readonly stores: Stores;
  /** Greets the host and opens the block the page's address names (the first start, "Try again"). */
  start(): Promise<void>;
  /** Opens another block (the open form); on success every store starts over on it. */
  openBlock(args: OpenBlockArgs): Promise<boolean>;
  /** SetSharedMem with the form's text, then the live string follows at once. */
  setString(): Promise<void>;
  /** GetSharedMem with the form's cch. */
  getString(): Promise<void>;
  /** A hex digit typed over the cursor; the second of a pair writes the byte (after every byte typed before it). */
  typeHexDigit(digit: number): Promise<void>;
  /** A blockChanged event: the bytes first, then the string decoded from them when they hold it. */
  applyBlockChanged(event: BlockChangedEvent): void;
  /** After the host came back: open the block again (it may have restarted), watch again, read again. */
  resync(): Promise<void>;
  /** Stops listening to the host (events, store subscriptions, timers). */
  dispose(): void;
}

/** A session's stores and commands over `api`, listening to its events. Starts nothing by itself. */
export function createSession(api: InspectorApi, address: PageAddress): Session {
  const stores: Stores = {
    block: createBlockStore(api),
    bytes: createBytesStore(api),
    hexView: createHexViewStore(),
    textForm: createTextFormStore(api),
    liveString: createLiveStringStore(api),
    children: createChildrenStore(api),
    connection: createConnectionStore(),
    blockBrowser: createBlockBrowserStore(api),
  };
  const { block, bytes, hexView, textForm, liveString, children } = stores;
  const blockName = () => block.getState().info?.name ?? null;
  /** Typed bytes are written one after another, in the order they were typed, however fast they come. */
  let typedWrites: Promise<void> = Promise.resolve();
  /** A block just opened: its first watched bytes say which text encoding to show (unless the user chose one). */
  let encodingGuessPending = false;

  /** A block is open (first open, the form): every store that shows one starts over, and the address follows. */
  function showBlock(info: BlockInfo): void {
    hexView.getState().reset(info.size);
    encodingGuessPending = true;
    bytes.getState().reset(info);
    textForm.getState().reset();
    liveString.getState().reset(info.name);
    liveString.getState().refresh(bytes.getState());
    followInAddress(info);
  }

  /**
   * The address names the open block, keeping the token and anything else, so
   * a reload or a copied link reopens it. It says create=0: a reload must not
   * recreate, zero-filled, a block that was unlinked meanwhile (the user can
   * create it again from the open form).
   */
  function followInAddress(info: BlockInfo): void {
    const params = { block: info.name, size: info.size, access: block.getState().access, create: false };
    address.replace(writePageParams(params, address.read()));
  }

  function applyBlockChanged(event: BlockChangedEvent): void {
    bytes.getState().applyChange(event);
    if (event.name === blockName()) liveString.getState().followChange(event.ranges, bytes.getState());
  }

  /** After `block` opened a block: show it everywhere. */
  function showOpened(opened: boolean): boolean {
    const info = block.getState().info;
    if (opened && info) showBlock(info);
    return opened;
  }

  async function start(): Promise<void> {
    showOpened(await block.getState().start(readPageParams(address.read())));
  }

  const listeners = [
    // A burst of events is applied once per frame (lib/frameBatch.ts).
    api.on('blockChanged', frameBatch((events: BlockChangedEvent[]) => events.forEach(applyBlockChanged))),
    api.on('childUpdated', (child) => children.getState().upsert(child)),
    api.on('blockUnlinked', (event) => block.getState().noteUnlinked(event.name)),
    api.on('blockBusy', (event) => block.getState().noteBusy(event.name, event.holder)),
    // "Switch to read-write": the address follows, so a reload keeps the access the user chose.
    block.subscribe((state, previous) => {
      if (state.info && state.access !== previous.access) followInAddress(state.info);
    }),
    // A new watched window (first watch, a scroll, a resync): the string may be read from it,
    // and a block's first one says which encoding its text uses.
    bytes.subscribe((state, previous) => {
      if (!state.window || state.window === previous.window) return;
      if (encodingGuessPending) {
        encodingGuessPending = false;
        const guess = guessEncoding(state.window);
        if (guess) hexView.getState().guessEncoding(guess);
      }
      liveString.getState().decodeFrom(state);
    }),
  ];

  return {
    stores,

    start,

    async openBlock(args) {
      return showOpened(await block.getState().open(args));
    },

    async setString() {
      if (!canChange(block.getState())) return;
      const name = blockName();
      if (name && (await textForm.getState().setString(name))) liveString.getState().refresh(bytes.getState());
    },

    async getString() {
      const name = blockName();
      if (name) await textForm.getState().getString(name);
    },

    typeHexDigit(digit) {
      // A read-only window, or one whose name is gone, edits nothing (the hex view says why).
      if (!canChange(block.getState())) return typedWrites;
      // The hex view takes the digit and moves on now; the write waits its turn behind earlier ones.
      const typed = hexView.getState().typeHexDigit(digit);
      if (!typed) return typedWrites;
      typedWrites = typedWrites.then(async () => {
        const written = await bytes.getState().write(typed.offset, Uint8Array.of(typed.value));
        hexView.getState().finishEdit(typed, written ? null : (bytes.getState().error ?? 'unknown error'));
      });
      return typedWrites;
    },

    applyBlockChanged,

    async resync() {
      if (!block.getState().info) return start();
      await block.getState().reopen();
      bytes.getState().rewatch();
      liveString.getState().refresh(bytes.getState());
      await children.getState().refresh();
    },

    dispose() {
      for (const stop of listeners) stop();
    },
  };
}

/** Whether Set, byte edits and Unlink may act: not a read-only view, not a name someone removed. */
export function canChange(state: { info: BlockInfo | null; access: string; unlinked: boolean }): boolean {
  return state.info !== null && !state.info.readOnly && state.access !== 'read-only' && !state.unlinked;
}

/** Why this window refuses changes, in words; null when it does not. */
export function whyNoChanges(state: { info: BlockInfo | null; access: string; unlinked: boolean }): string | null {
  if (!state.info) return null;
  if (state.unlinked) return 'The block was unlinked: changing this view would reach no one, and reopening the name would create a new block.';
  if (state.info.readOnly || state.access === 'read-only') return 'This window opened the block read-only (Switch to read-write to change it).';
  return null;
}

/** The address of this page in a browser window or an Electron window. */
export function windowAddress(): PageAddress {
  return {
    read: () => window.location.search,
    replace(query) {
      const url = new URL(window.location.href);
      url.search = query;
      window.history.replaceState(window.history.state, '', url);
    },
  };
}

/** The window's session: its host's events and connection, the text poll, then the first block. */
export function startSession(transport: Transport, address: PageAddress = windowAddress()): Session {
  const session = createSession(transport.api, address);
  const { connection, bytes, liveString, children, hexView } = session.stores;
  const stopFollowing = connection.getState().follow(transport.kind, transport.connection);

  // The host came back: open the block again (it may have restarted) and watch again.
  const stopResync = transport.connection.subscribe((state) => {
    if (state.status === 'online' && state.epoch > 1) void session.resync();
  });

  // Events cover only the watched window; when it does not hold the whole
  // string (offset 0 scrolled away, or a string running past its end), a
  // change to the string may bring no event, so the text panel polls instead.
  const poll = setInterval(() => {
    const view = bytes.getState();
    if (view.window && !liveString.getState().isDecodedFrom(view.window) && connection.getState().status === 'online') {
      liveString.getState().refresh(view);
    }
  }, TEXT_POLL_MS);

  // The row width the user chose last time; each choice is remembered for the next window or reload.
  hexView.getState().setBytesPerRow(readRowWidth(pageStorage()));
  const stopSavingRowWidth = hexView.subscribe((state, previous) => {
    if (state.bytesPerRow !== previous.bytesPerRow) saveRowWidth(pageStorage(), state.bytesPerRow);
  });

  void session.start();
  void children.getState().refresh();
  return {
    ...session,
    dispose() {
      stopSavingRowWidth();
      clearInterval(poll);
      stopResync();
      stopFollowing();
      session.dispose();
    },
  };
}
