// What a window remembers between reloads and for the next window: each
// block's bookmarks (per block name) and the row width the user chose last.
// Storage may be missing or refuse access; lib/bookmarkFile and
// lib/preferences then give the defaults and lose nothing else.
import type { BlockInfo } from '../contract';
import { readBookmarks, saveBookmarks, type Bookmark } from '../lib/bookmarkFile';
import { readRowWidth, saveRowWidth } from '../lib/preferences';
import type { BookmarksStore } from '../stores/bookmarks';
import type { HexViewStore } from '../stores/hexView';

/** A block's saved bookmarks; a range the block (reopened smaller) no longer holds is left out. */
export function savedBookmarks(storage: Storage | null, info: BlockInfo): Bookmark[] {
  return readBookmarks(storage, info.name).filter((b) => b.end < info.size);
}

/** Keeps every change to a block's bookmarks at once, under that block's name; returns an unsubscribe. */
export function keepBookmarks(bookmarks: BookmarksStore, storage: Storage | null): () => void {
  return bookmarks.subscribe((state, previous) => {
    // Showing another block's list (a new name) is a load, not a change to keep.
    if (state.name && state.name === previous.name && state.items !== previous.items) saveBookmarks(storage, state.name, state.items);
  });
}

/** The row width the user chose last time, then each new choice kept for the next window or reload. */
export function rememberRowWidth(hexView: HexViewStore, storage: Storage | null): () => void {
  hexView.getState().setBytesPerRow(readRowWidth(storage));
  return hexView.subscribe((state, previous) => {
    // The user's choice, not the narrower row a small window falls back to.
    if (state.chosenBytesPerRow !== previous.chosenBytesPerRow) saveRowWidth(storage, state.chosenBytesPerRow);
  });
}
