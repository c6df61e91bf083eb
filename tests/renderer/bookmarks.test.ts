// Bookmarks: the file format (strict per entry, tolerant of the whole), the
// store, and the session keeping them per block name in a Storage (a real
// core and real shared memory; the Storage is an in-memory one with the
// Web Storage interface, as the page's localStorage has).
import { afterAll, describe, expect, it } from 'vitest';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { parseBookmarks, readBookmarks, serializeBookmarks } from '../../src-renderer/src/lib/bookmarkFile';
import { createSession } from '../../src-renderer/src/session';
import { createBookmarksStore } from '../../src-renderer/src/stores/bookmarks';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { memoryAddress } from './core-session';

class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
}

const core = new InspectorCore({ host: 'browser' });
afterAll(() => {
  core.dispose();
  unlinkUsedBlocks();
});

describe('bookmark files', () => {
  it('round-trips through export and import', () => {
    const store = createBookmarksStore();
    const b = store.getState().add(0x20, 0x10);
    store.getState().update(b.id, { name: 'header', note: 'magic and version' });
    const parsed = parseBookmarks(serializeBookmarks('blk', store.getState().items));
    expect(parsed).toEqual({
      ok: true,
      value: { bookmarks: [{ ...b, name: 'header', note: 'magic and version', start: 0x10, end: 0x20 }], skipped: 0 },
    });
  });

  it('skips unreadable entries and refuses what is not a list of bookmarks', () => {
    const good = { id: 'a', name: 'n', color: '#112233', note: '', start: 1, end: 2 };
    const text = JSON.stringify({ bookmarks: [good, { ...good, start: -1 }, { ...good, color: 'red' }, { ...good, end: 0 }] });
    expect(parseBookmarks(text)).toEqual({ ok: true, value: { bookmarks: [good], skipped: 3 } });
    expect(parseBookmarks('{ not json')).toEqual({ ok: false, error: 'the file is not JSON' });
    expect(parseBookmarks('{"x": 1}')).toEqual({ ok: false, error: 'the file holds no list of bookmarks' });
  });
});

describe('bookmarks in a session', () => {
  it('are kept per block name and come back in a new session (a reload) on that block only', async () => {
    const storage = new MemoryStorage();
    const name = uniqueBlockName('bm-keep');
    const other = uniqueBlockName('bm-other');
    const first = createSession(createInProcessApi(core), memoryAddress(), storage);
    await first.openBlock({ name, size: 4096 });
    first.stores.bookmarks.getState().add(0x100, 0x10f);
    expect(readBookmarks(storage, name)).toHaveLength(1);
    await first.openBlock({ name: other, size: 4096 });
    expect(first.stores.bookmarks.getState().items).toEqual([]);
    first.dispose();

    const reloaded = createSession(createInProcessApi(core), memoryAddress(), storage);
    await reloaded.openBlock({ name, size: 4096 });
    expect(reloaded.stores.bookmarks.getState().items).toMatchObject([{ start: 0x100, end: 0x10f, name: 'Bookmark 1' }]);
    reloaded.stores.bookmarks.getState().remove(reloaded.stores.bookmarks.getState().items[0]!.id);
    expect(readBookmarks(storage, name)).toEqual([]);
    reloaded.dispose();
  });
});
