// The Bookmarks panel: add the selection (or the cursor's byte; Ctrl+B in the
// hex view), jump to one, name, colour and annotate it, delete it, and export
// or import the block's bookmarks as a JSON file.
import { useRef, type ChangeEvent } from 'react';
import { hex, spanLabel } from '../lib/offsets';
import { parseBookmarks, serializeBookmarks, type Bookmark } from '../lib/bookmarkFile';
import type { Session } from '../session';
import { useBookmarks, useSession } from '../sessionContext';
import './edit.css';
import { downloadBlob } from '../lib/download';
import { bookmarkSelection } from './editKeys';

/** Moves the view to a bookmark and selects its range. */
export function jumpTo({ stores }: Session, bookmark: Bookmark): void {
  const view = stores.hexView.getState();
  view.goTo(`0x${bookmark.start.toString(16)}`);
  if (bookmark.end > bookmark.start) view.moveCursor(bookmark.end, true);
}

function rangeText(b: Bookmark): string {
  return b.start === b.end ? `0x${hex(b.start, 1)}` : spanLabel(b.start, b.end - b.start + 1);
}

export function BookmarksPanel() {
  const session = useSession();
  const items = useBookmarks((s) => s.items);
  const name = useBookmarks((s) => s.name);
  const message = useBookmarks((s) => s.message);
  const fileInput = useRef<HTMLInputElement>(null);
  const store = session.stores.bookmarks;

  function exportFile() {
    const blob = new Blob([serializeBookmarks(name ?? 'block', items)], { type: 'application/json' });
    downloadBlob(blob, `${name ?? 'block'}.bookmarks.json`);
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const parsed = parseBookmarks(await file.text());
    if (!parsed.ok) return store.getState().say(`Cannot import ${file.name}: ${parsed.error}.`);
    store.getState().addImported(parsed.value.bookmarks, parsed.value.skipped);
  }

  return (
    <section className="panel bookmarks" aria-label="Bookmarks" data-testid="bookmarks">
      <h2>Bookmarks</h2>
      <div className="edit-row">
        <button type="button" onClick={() => bookmarkSelection(session)} title="Ctrl+B in the hex view">
          Add bookmark
        </button>
        <button type="button" onClick={exportFile} disabled={items.length === 0}>
          Export bookmarks
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import bookmarks
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="Bookmarks file"
          onChange={(e) => void importFile(e)}
        />
      </div>
      {message && (
        <div className="edit-message" role="status">
          {message}
        </div>
      )}
      <ul className="bookmark-list">
        {items.map((b) => (
          <li key={b.id} data-testid="bookmark" style={{ borderLeftColor: b.color }}>
            <div className="edit-row">
              <input
                type="color"
                aria-label={`Colour of ${b.name}`}
                value={b.color}
                onChange={(e) => store.getState().update(b.id, { color: e.target.value })}
              />
              <input
                aria-label="Bookmark name"
                value={b.name}
                onChange={(e) => store.getState().update(b.id, { name: e.target.value })}
                size={14}
              />
              <button type="button" onClick={() => jumpTo(session, b)} aria-label={`Go to ${b.name}`}>
                {rangeText(b)}
              </button>
              <button type="button" onClick={() => store.getState().remove(b.id)} aria-label={`Delete ${b.name}`}>
                Delete
              </button>
            </div>
            <input
              className="bookmark-note"
              aria-label={`Note on ${b.name}`}
              placeholder="Note"
              value={b.note}
              onChange={(e) => store.getState().update(b.id, { note: e.target.value })}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
