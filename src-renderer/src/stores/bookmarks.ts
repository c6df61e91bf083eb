// The open block's bookmarks: named, coloured ranges with a note. The session
// loads and saves them per block name (lib/bookmarkFile.ts); this store only
// holds and changes the list.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { BOOKMARK_COLORS, type Bookmark } from '../lib/bookmarkFile';

export interface BookmarksState {
  /** The block these belong to; null before one is open. */
  name: string | null;
  items: Bookmark[];
  message: string | null;
  /** Shows another block's bookmarks. */
  show(name: string | null, items: Bookmark[]): void;
  /** Bookmarks [start, end] with a default name and the next colour; returns it. */
  add(start: number, end: number): Bookmark;
  update(id: string, patch: Partial<Omit<Bookmark, 'id'>>): void;
  remove(id: string): void;
  /** Adds imported bookmarks (new ids, so none replaces one already here). */
  addImported(items: Bookmark[], skipped: number): void;
  say(message: string | null): void;
}

export type BookmarksStore = StoreApi<BookmarksState>;

export function createBookmarksStore(): BookmarksStore {
  return createStore<BookmarksState>()((set, get) => {
    let counter = 0;
    const newId = () => `${Date.now().toString(36)}-${(counter++).toString(36)}`;

    return {
      name: null,
      items: [],
      message: null,

      show(name, items) {
        set({ name, items, message: null });
      },

      add(start, end) {
        const items = get().items;
        const bookmark: Bookmark = {
          id: newId(),
          name: `Bookmark ${items.length + 1}`,
          color: BOOKMARK_COLORS[items.length % BOOKMARK_COLORS.length]!,
          note: '',
          start: Math.min(start, end),
          end: Math.max(start, end),
        };
        set({ items: [...items, bookmark], message: null });
        return bookmark;
      },

      update(id, patch) {
        set({ items: get().items.map((b) => (b.id === id ? { ...b, ...patch } : b)) });
      },

      remove(id) {
        set({ items: get().items.filter((b) => b.id !== id) });
      },

      addImported(items, skipped) {
        const fresh = items.map((b) => ({ ...b, id: newId() }));
        set({
          items: [...get().items, ...fresh],
          message: `Imported ${fresh.length} bookmark${fresh.length === 1 ? '' : 's'}${skipped ? `; skipped ${skipped} unreadable` : ''}.`,
        });
      },

      say(message) {
        set({ message });
      },
    };
  });
}
