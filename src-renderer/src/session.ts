// One window's state and the only place where its stores meet. Each store
// (stores/*) owns one concern, is made per session by a factory that receives
// only the InspectorApi, and never reads or calls another store. What spans
// two stores lives here, as a command or as wiring: a new block resets every
// store that shows one and moves the address; a blockChanged goes to the
// bytes, then to the live string; a typed byte goes from the hex view to the
// bytes; a Set refreshes the live string; a reconnection resyncs them all.
import { readPageParams, writePageParams } from '../../src-shared/page-params';
import { encodeText, parseHexBytes } from '../../src-shared/lib/copy-as';
import { MAX_READ_LENGTH, type BlockChangedEvent, type BlockInfo, type ByteRange, type InspectorApi, type OpenBlockArgs } from './contract';
import type { Transport } from './transport';
import { frameBatch } from './lib/frameBatch';
import { hex } from './lib/offsets';
import { describeForUser } from './lib/userMessage';
import { pageStorage, readRowWidth, saveRowWidth } from './lib/preferences';
import { guessEncoding } from './lib/stringLayout';
import { createBlockStore, type BlockStore } from './stores/block';
import { createBlockBrowserStore, type BlockBrowserStore } from './stores/blockBrowser';
import { createBytesStore, type BytesStore } from './stores/bytes';
import { createChildrenStore, type ChildrenStore } from './stores/children';
import { createConnectionStore, type ConnectionStore } from './stores/connection';
import { createFilesStore, type FilesStore } from './stores/files';
import { createFindStore, stepMatch, type FindStore } from './stores/find';
import { createBookmarksStore, type BookmarksStore } from './stores/bookmarks';
import { readBookmarks, saveBookmarks } from './lib/bookmarkFile';
import { createEditHistoryStore, describeRange, type EditHistoryStore } from './stores/editHistory';
import { createHexViewStore, selectionRange, type HexViewStore } from './stores/hexView';
import { createLiveStringStore, type LiveStringStore } from './stores/liveString';
import { createScanStore, type ScanStore } from './stores/scan';
import { createStructStore, type StructStore } from './stores/struct';
import { createSelectionFactsStore, type SelectionFactsStore } from './stores/selectionFacts';
import { createSidePanelsStore, type SidePanelsStore } from './stores/sidePanels';
import { createTextFormStore, type TextFormStore } from './stores/textForm';
import { createTimelineStore, type TimelineStore } from './stores/timeline';

const TEXT_POLL_MS = 1000;

export interface Stores {
  block: BlockStore;
  bytes: BytesStore;
  hexView: HexViewStore;
  textForm: TextFormStore;
  liveString: LiveStringStore;
  children: ChildrenStore;
  connection: ConnectionStore;
  scan: ScanStore;
  struct: StructStore;
  find: FindStore;
  files: FilesStore;
  selectionFacts: SelectionFactsStore;
  timeline: TimelineStore;
  editHistory: EditHistoryStore;
  bookmarks: BookmarksStore;
  blockBrowser: BlockBrowserStore;
  sidePanels: SidePanelsStore;
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
  /**
   * Writes `bytes` at `offset` as one edit of this window (undoable), after
   * every edit typed or asked before it. Refuses, saying why, what would pass
   * the block's end or one write's limit. Resolves true once written.
   */
  edit(offset: number, bytes: Uint8Array, label: string): Promise<boolean>;
  /** Characters typed in the text column: written at the cursor in the view's encoding; the cursor moves on at once. */
  typeText(text: string): Promise<boolean>;
  /** Pasted text over the cursor: hex (also C arrays, Python bytes) unless `asText`, else text in the view's encoding. */
  paste(text: string, asText: boolean): Promise<boolean>;
  /** Fills the selection (or the cursor's byte) with a repeated pattern of bytes. */
  fill(pattern: Uint8Array): Promise<boolean>;
  /** The selected bytes (or the cursor's byte), read from the block; null (with a message) past one read's limit. */
  selectedBytes(): Promise<Uint8Array | null>;
  /** Undo or redo this window's last edit, only where nobody changed those bytes since. */
  undo(): Promise<boolean>;
  redo(): Promise<boolean>;
  /** A blockChanged event: the bytes first, then the string decoded from them when they hold it. */
  applyBlockChanged(event: BlockChangedEvent): void;
  /** After the host came back: open the block again (it may have restarted), watch again, read again. */
  resync(): Promise<void>;
  /** Find over the whole open block with the Find box's pattern; the cursor goes to the first match at or after it. */
  find(): Promise<void>;
  /** The cursor to the next (1) or previous (-1) match, wrapping around; false when there is none. */
  findStep(direction: 1 | -1): boolean;
  /** Calls `listener` with each menu command the host sends this window (Electron's menu); returns an unsubscribe. */
  onMenuCommand(listener: (command: string) => void): () => void;
  /** Stops listening to the host (events, store subscriptions, timers). */
  dispose(): void;
}

/**
 * A session's stores and commands over `api`, listening to its events. Starts
 * nothing by itself. `storage` keeps each block's bookmarks (null: none kept).
 * `screenRows`, where there is a screen: how many hex rows it could show, so
 * a block's first watch leaves as it opens (see watchFirstScreen).
 */
export function createSession(
  api: InspectorApi,
  address: PageAddress,
  storage: Storage | null = null,
  screenRows: (() => number) | null = null,
): Session {
  const stores: Stores = {
    block: createBlockStore(api),
    bytes: createBytesStore(api),
    hexView: createHexViewStore(),
    textForm: createTextFormStore(api),
    liveString: createLiveStringStore(api),
    children: createChildrenStore(api),
    connection: createConnectionStore(),
    scan: createScanStore(api),
    struct: createStructStore(api),
    find: createFindStore(api),
    files: createFilesStore(api),
    selectionFacts: createSelectionFactsStore(api),
    timeline: createTimelineStore(api),
    editHistory: createEditHistoryStore(api),
    bookmarks: createBookmarksStore(),
    blockBrowser: createBlockBrowserStore(api),
    sidePanels: createSidePanelsStore(),
  };
  const { block, bytes, hexView, textForm, liveString, children, timeline, editHistory, bookmarks } = stores;
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
    watchFirstScreen();
    textForm.getState().reset();
    stores.find.getState().clear();
    stores.files.getState().clearComparison();
    liveString.getState().reset(info.name);
    liveString.getState().refresh(bytes.getState());
    stores.scan.getState().reset(info.name);
    stores.struct.getState().reset(info);
    timeline.getState().reset(info);
    editHistory.getState().reset(info.name);
    // Bookmarks are kept per block name; a range the block (reopened smaller) no longer holds is left out.
    bookmarks.getState().show(
      info.name,
      readBookmarks(storage, info.name).filter((b) => b.end < info.size),
    );
    followInAddress(info);
  }

  /**
   * The first watch leaves as the block opens, not after React's first render
   * of it (when the hex view learns how many rows it shows): the first screen's
   * rows, estimated from the screen, so the bytes can arrive with that render.
   * The hex view then asks for what it really shows, as on every resize and
   * scroll; the bytes store re-watches only if that is outside this window
   * (whose margin is 64 rows each way).
   */
  function watchFirstScreen(): void {
    if (!screenRows) return;
    const { topRow, bytesPerRow, visibleRows } = hexView.getState();
    const rows = Math.max(visibleRows, screenRows());
    bytes.getState().showRange(topRow * bytesPerRow, (topRow + rows) * bytesPerRow);
  }

  /** Queues `work` behind every edit asked before it, so edits land in the order they were made. */
  function inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = typedWrites.then(work);
    typedWrites = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** The bytes now at [offset, offset + length): from the watched window when it holds them, else read. */
  async function currentBytes(name: string, offset: number, length: number): Promise<Uint8Array> {
    const w = bytes.getState().window;
    if (w && offset >= w.offset && offset + length <= w.offset + w.bytes.length) {
      return w.bytes.slice(offset - w.offset, offset - w.offset + length);
    }
    return (await api.call('read', { name, offset, length })).bytes;
  }

  /** Why `length` bytes cannot go at `offset` (past the block's end, or more than one write carries), or null. */
  function sizeRefusal(offset: number, length: number): string | null {
    const size = bytes.getState().size;
    if (offset + length > size) {
      return `${length} bytes from 0x${hex(offset, 1)} would pass the block's end (0x${hex(size, 1)}, ${size} bytes) by ${offset + length - size}; nothing was written`;
    }
    if (length > MAX_READ_LENGTH) return `${length} bytes is more than one edit carries (${MAX_READ_LENGTH}, 1 MiB); nothing was written`;
    return null;
  }

  /**
   * Reads what is there, writes, records the edit; the caller has queued it in
   * turn. Returns why it failed (also said in the edit history), or null.
   */
  async function writeEdit(offset: number, data: Uint8Array, label: string): Promise<string | null> {
    const name = blockName();
    if (!name) return 'no block is open';
    let before: Uint8Array;
    try {
      before = await currentBytes(name, offset, data.length);
    } catch (error) {
      return refuse(label, offset, data.length, describeForUser(error));
    }
    if (!(await bytes.getState().write(offset, data))) {
      return refuse(label, offset, data.length, bytes.getState().error ?? 'unknown error');
    }
    if (blockName() === name) editHistory.getState().record({ label, offset, before, after: data.slice() });
    return null;
  }

  function refuse(label: string, offset: number, length: number, why: string): string {
    editHistory.getState().say(`Could not write the ${label} at ${describeRange(offset, length)}: ${why}`);
    return why;
  }

  /** Queues a checked edit: refused at once (nothing written) when it does not fit. */
  function checkedEdit(offset: number, data: Uint8Array, label: string): Promise<boolean> {
    const refusal = sizeRefusal(offset, data.length);
    if (refusal) {
      editHistory.getState().say(`Cannot ${label}: ${refusal}.`);
      return Promise.resolve(false);
    }
    return inTurn(async () => (await writeEdit(offset, data, label)) === null);
  }

  /** An undo or redo wrote `range`: show it now, as a confirmed write is shown. */
  function showRestored(range: ByteRange | null): boolean {
    const name = blockName();
    if (!range || !name) return false;
    bytes.getState().applyChange({ name, ranges: [range], detectedAt: Date.now() });
    return true;
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
    timeline.getState().noteChange(event);
    if (event.name === blockName()) liveString.getState().followChange(event.ranges, bytes.getState());
  }

  async function start(): Promise<void> {
    await block.getState().start(readPageParams(address.read()));
  }

  /** Moves the cursor to the match after or before `offset`. */
  function stepTo(offset: number, direction: 1 | -1): boolean {
    const matches = stores.find.getState().matches;
    const target = matches && matches.blockName === blockName() ? stepMatch(matches.offsets, offset, direction) : null;
    if (target === null) return false;
    hexView.getState().moveCursor(target, false);
    return true;
  }

  /** The components that act on menu commands (Find, Files): each knows its own commands. */
  const menuListeners = new Set<(command: string) => void>();

  const listeners = [
    // Every change to a block's bookmarks is kept at once, under that block's name.
    bookmarks.subscribe((state, previous) => {
      if (state.name && state.name === previous.name && state.items !== previous.items) saveBookmarks(storage, state.name, state.items);
    }),
    // A burst of events is applied once per frame (lib/frameBatch.ts).
    api.on(
      'blockChanged',
      frameBatch((events: BlockChangedEvent[]) => events.forEach(applyBlockChanged)),
    ),
    api.on('childUpdated', (child) => children.getState().upsert(child)),
    api.on('scanProgress', (event) => stores.scan.getState().progressed(event)),
    api.on('findProgress', (event) => stores.find.getState().followProgress(event)),
    api.on('menuCommand', (event) => menuListeners.forEach((listener) => listener(event.command))),
    api.on('blockUnlinked', (event) => block.getState().noteUnlinked(event.name)),
    api.on('blockBusy', (event) => block.getState().noteBusy(event.name, event.holder)),
    api.on('blockShrank', (event) => block.getState().noteShrank(event.name, event.size)),
    api.on('marksChanged', (event) => timeline.getState().applyMarks(event)),
    // A block opened (start, the open form): every store that shows one starts over on it, here, as the
    // block store publishes it, so the first watch leaves before React renders the block.
    block.subscribe((state, previous) => {
      if (state.openSerial !== previous.openSerial && state.info) showBlock(state.info);
    }),
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
      // A frozen view (paused or in the past) follows a scroll at the moment it shows.
      const { offset, bytes: current } = state.window;
      void timeline.getState().refreshFrozen({ offset, length: current.length }, current);
    }),
  ];

  return {
    stores,

    start,

    async openBlock(args) {
      return block.getState().open(args);
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
      // A paused or past view is read-only: it shows bytes that are not the block's now.
      if (timeline.getState().frozen) return typedWrites;
      // A read-only window, or one whose name is gone, edits nothing (the hex view says why).
      if (!canChange(block.getState())) return typedWrites;
      // The hex view takes the digit and moves on now; the write waits its turn behind earlier ones.
      const typed = hexView.getState().typeHexDigit(digit);
      if (!typed) return typedWrites;
      return inTurn(async () => {
        hexView.getState().finishEdit(typed, await writeEdit(typed.offset, Uint8Array.of(typed.value), 'typed byte'));
      });
    },

    edit(offset, data, label) {
      return checkedEdit(offset, data, label);
    },

    typeText(text) {
      const { cursor, encoding, size } = hexView.getState();
      const encoded = encodeText(text, encoding);
      if (!encoded.ok) {
        editHistory.getState().say(`Cannot type: ${encoded.error}.`);
        return Promise.resolve(false);
      }
      // Like a typed hex digit: the cursor moves on now, so the next key goes after this one.
      const next = cursor + encoded.value.length;
      if (next <= size) hexView.getState().moveCursor(Math.min(next, size - 1), false);
      return inTurn(async () => (await writeEdit(cursor, encoded.value, 'typed text')) === null);
    },

    paste(text, asText) {
      const cursor = hexView.getState().cursor;
      const asHex = asText ? null : parseHexBytes(text);
      const parsed = asHex?.ok ? asHex : encodeText(text, hexView.getState().encoding);
      if (!parsed.ok) {
        editHistory.getState().say(`Cannot paste: ${parsed.error}.`);
        return Promise.resolve(false);
      }
      return checkedEdit(cursor, parsed.value, 'paste');
    },

    fill(pattern) {
      const [start, end] = selectionRange(hexView.getState()) ?? [hexView.getState().cursor, hexView.getState().cursor];
      const length = end - start + 1;
      if (pattern.length === 0) {
        editHistory.getState().say('Cannot fill: the pattern is empty.');
        return Promise.resolve(false);
      }
      if (length > MAX_READ_LENGTH) {
        editHistory.getState().say(`Cannot fill ${length} bytes: one edit carries at most ${MAX_READ_LENGTH} bytes (1 MiB).`);
        return Promise.resolve(false);
      }
      const filled = new Uint8Array(length);
      for (let i = 0; i < filled.length; i++) filled[i] = pattern[i % pattern.length]!;
      return checkedEdit(start, filled, 'fill');
    },

    async selectedBytes() {
      const name = blockName();
      const [start, end] = selectionRange(hexView.getState()) ?? [hexView.getState().cursor, hexView.getState().cursor];
      const length = end - start + 1;
      if (!name) return null;
      if (length > MAX_READ_LENGTH) {
        editHistory.getState().say(`Cannot copy ${length} bytes: at most ${MAX_READ_LENGTH} bytes (1 MiB) are copied at once.`);
        return null;
      }
      try {
        return await currentBytes(name, start, length);
      } catch (error) {
        editHistory.getState().say(`Cannot copy: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      }
    },

    undo() {
      return inTurn(async () => showRestored(await editHistory.getState().undo()));
    },

    redo() {
      return inTurn(async () => showRestored(await editHistory.getState().redo()));
    },

    applyBlockChanged,

    async find() {
      const name = blockName();
      if (!name) return;
      await stores.find.getState().search(name);
      const first = stores.find.getState().matches?.offsets[0];
      if (first !== undefined) stepTo(hexView.getState().cursor - 1, 1);
    },

    findStep: (direction) => stepTo(hexView.getState().cursor, direction),

    onMenuCommand(listener) {
      menuListeners.add(listener);
      return () => void menuListeners.delete(listener);
    },

    async resync() {
      if (!block.getState().info) return start();
      await block.getState().reopen();
      bytes.getState().rewatch();
      void timeline.getState().refollowMarks();
      liveString.getState().refresh(bytes.getState());
      await children.getState().refresh();
    },

    dispose() {
      for (const stop of listeners) stop();
    },
  };
}

/**
 * Resolves once the window has something worth its first render: the block's
 * first bytes, or a start that failed, or after `timeoutMs` whatever happened
 * (a slow host: the page then shows its start state). Rendering React once,
 * with the bytes, instead of a start state first and the block after it, takes
 * both that render and a second one of the rows off the way to the first paint.
 */
export function firstScreenReady(session: Session, timeoutMs: number): Promise<void> {
  const { block, bytes } = session.stores;
  const ready = () => block.getState().phase === 'failed' || bytes.getState().window !== null || bytes.getState().error !== null;
  if (ready()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stopBlock();
      stopBytes();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const stopBlock = block.subscribe(() => ready() && done());
    const stopBytes = bytes.subscribe(() => ready() && done());
  });
}

/** The smallest height of a hex row, px: the estimate errs towards more rows (a few hundred bytes more watched). */
const MIN_ROW_PX = 16;

/** How many hex rows the window's height could show (the hex view has not measured itself yet). */
export function windowScreenRows(): number {
  const height = window.innerHeight;
  return Number.isFinite(height) && height > 0 ? Math.ceil(height / MIN_ROW_PX) : 0;
}

/** Whether Set, byte edits and Unlink may act: not a read-only view, not a name someone removed. */
export function canChange(state: { info: BlockInfo | null; access: string; unlinked: boolean }): boolean {
  return state.info !== null && !state.info.readOnly && state.access !== 'read-only' && !state.unlinked;
}

/** Why this window refuses changes, in words; null when it does not. */
export function whyNoChanges(state: { info: BlockInfo | null; access: string; unlinked: boolean }): string | null {
  if (!state.info) return null;
  if (state.unlinked)
    return 'The block was unlinked: changing this view would reach no one, and reopening the name would create a new block.';
  if (state.info.readOnly || state.access === 'read-only')
    return 'This window opened the block read-only (Switch to read-write to change it).';
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
  const session = createSession(transport.api, address, pageStorage(), windowScreenRows);
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

  // Edit › Undo/Redo from the Electron menu: a focused text box undoes its own typing; otherwise this window's edits.
  const stopMenu = transport.api.on('menuCommand', ({ command }) => {
    if (command !== 'undo' && command !== 'redo') return;
    const focused = document.activeElement;
    if (focused instanceof HTMLInputElement || focused instanceof HTMLTextAreaElement) document.execCommand(command);
    else void (command === 'undo' ? session.undo() : session.redo());
  });

  void session.start();
  void children.getState().refresh();
  return {
    ...session,
    dispose() {
      stopMenu();
      stopSavingRowWidth();
      clearInterval(poll);
      stopResync();
      stopFollowing();
      session.dispose();
    },
  };
}
