// Bookmarks: an underline in the bookmark's colour under its bytes (the
// first bookmark over a byte wins and names it), and a tick on the scrollbar.
import { useMemo } from 'react';
import type { Bookmark } from '../lib/bookmarkFile';
import { useBookmarks } from '../sessionContext';
import { indexIntervals } from './intervals';
import { decorationProvider, type UnderlineDecoration } from './types';

export const bookmarkDecorations = decorationProvider({
  name: 'bookmarks',
  useSource() {
    const items = useBookmarks((s) => s.items);
    return useMemo(() => {
      const underlines = items.map(underlineOf);
      return { underlines, inRange: indexIntervals(underlines) };
    }, [items]);
  },
  decorate: ({ inRange }, range) => inRange(range.start, range.end),
  marks({ underlines }, { size }) {
    return underlines.map((u) => ({
      at: u.start / size,
      span: (u.end - u.start) / size,
      kind: 'bookmark',
      color: u.color,
      title: u.title,
    }));
  },
});

/** A bookmark's bytes are inclusive of both ends; a decoration's end is one past. */
function underlineOf(b: Bookmark): UnderlineDecoration {
  return { kind: 'underline', start: b.start, end: b.end + 1, color: b.color, title: b.note ? `${b.name}: ${b.note}` : b.name };
}
