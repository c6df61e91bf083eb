// Bookmarks as they are kept and exchanged: one JSON list per block name, in
// the page's localStorage (in the browser, per host address; in Electron, in
// the app's userData folder, where Chromium keeps an app's localStorage), and
// as a file the user exports and imports. Reading is strict about each field
// and tolerant about the whole: an unreadable entry is skipped and counted.
import { fail, ok, type Parsed } from '../../../src-shared/lib/result';

export interface Bookmark {
  id: string;
  name: string;
  /** A CSS colour, #rrggbb. */
  color: string;
  note: string;
  /** First and last byte, inclusive. */
  start: number;
  end: number;
}

export const BOOKMARK_COLORS: Readonly<string[]> = ['#e0a030', '#3fa7d6', '#59cd90', '#ee6352', '#b48ead'];

const KEY_PREFIX = 'shm-inspector.bookmarks.';
const FILE_KIND = 'shm-inspector bookmarks';

function isBookmark(value: unknown): value is Bookmark {
  const b = value as Record<string, unknown> | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b['id'] === 'string' &&
    typeof b['name'] === 'string' &&
    typeof b['color'] === 'string' &&
    /^#[0-9a-f]{6}$/i.test(b['color']) &&
    typeof b['note'] === 'string' &&
    Number.isSafeInteger(b['start']) &&
    Number.isSafeInteger(b['end']) &&
    (b['start'] as number) >= 0 &&
    (b['end'] as number) >= (b['start'] as number)
  );
}

/** A bookmarks file (or stored list): the bookmarks it holds, how many entries were skipped. */
export function parseBookmarks(text: string): Parsed<{ bookmarks: Bookmark[]; skipped: number }> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('the file is not JSON');
  }
  const list = Array.isArray(data) ? data : (data as { bookmarks?: unknown } | null)?.bookmarks;
  if (!Array.isArray(list)) return fail('the file holds no list of bookmarks');
  const bookmarks = list.filter(isBookmark);
  return ok({ bookmarks, skipped: list.length - bookmarks.length });
}

/** The file Export writes: what it is, which block, the bookmarks. */
export function serializeBookmarks(blockName: string, bookmarks: readonly Bookmark[]): string {
  return JSON.stringify({ kind: FILE_KIND, block: blockName, bookmarks }, null, 2);
}

export function readBookmarks(storage: Storage | null, blockName: string): Bookmark[] {
  try {
    const text = storage?.getItem(KEY_PREFIX + blockName);
    if (!text) return [];
    const parsed = parseBookmarks(text);
    return parsed.ok ? parsed.value.bookmarks : [];
  } catch {
    return [];
  }
}

export function saveBookmarks(storage: Storage | null, blockName: string, bookmarks: readonly Bookmark[]): void {
  try {
    if (bookmarks.length === 0) storage?.removeItem(KEY_PREFIX + blockName);
    else storage?.setItem(KEY_PREFIX + blockName, JSON.stringify(bookmarks));
  } catch {
    // A full or refused storage costs only the memory of the bookmarks.
  }
}
