// The hex view's editing keys and clipboard events: undo and redo, typing in
// the text column, Tab between columns, and copy/paste through the DOM's
// `copy` and `paste` events, whose clipboardData needs no permission prompt
// (the async Clipboard API does, in a browser).
import type { ClipboardEvent, KeyboardEvent } from 'react';
import { formatBytes } from '../../../src-shared/lib/copy-as';
import { matches } from '../lib/keymap';
import type { Session } from '../session';
import { selectionRange } from '../stores/hexView';
import type { Bookmark } from '../lib/bookmarkFile';

/** Bookmarks the selection, or the cursor's byte. */
export function bookmarkSelection({ stores }: Session): Bookmark {
  const view = stores.hexView.getState();
  const [start, end] = selectionRange(view) ?? [view.cursor, view.cursor];
  return stores.bookmarks.getState().add(start, end);
}

/** Handles an editing key; true when it did (the caller then stops looking). */
export function onEditKey(event: KeyboardEvent<HTMLElement>, session: Session): boolean {
  const { hexView } = session.stores;
  if (matches(event, 'undo') || matches(event, 'redo')) {
    event.preventDefault();
    void (matches(event, 'undo') ? session.undo() : session.redo());
    return true;
  }
  if (matches(event, 'bookmark')) {
    event.preventDefault();
    bookmarkSelection(session);
    return true;
  }
  if (matches(event, 'switch-column')) {
    // Tab goes hex column → text column → the next control: never a keyboard trap.
    if (hexView.getState().column === 'text') {
      hexView.getState().setColumn('hex');
      return false;
    }
    event.preventDefault();
    hexView.getState().setColumn('text');
    return true;
  }
  const typesText = hexView.getState().column === 'text' && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
  if (typesText) {
    event.preventDefault();
    void session.typeText(event.key);
    return true;
  }
  return false;
}

/** The selected bytes when the watched window holds them all (a copy event must answer at once). */
function selectedBytesNow(session: Session): Uint8Array | null {
  const view = session.stores.hexView.getState();
  const [start, end] = selectionRange(view) ?? [view.cursor, view.cursor];
  const w = session.stores.bytes.getState().window;
  if (!w || start < w.offset || end >= w.offset + w.bytes.length) return null;
  return w.bytes.slice(start - w.offset, end - w.offset + 1);
}

/** Ctrl+C (or the Edit menu's Copy): the selection as hex. */
export function onCopy(event: ClipboardEvent<HTMLElement>, session: Session): void {
  event.preventDefault();
  const now = selectedBytesNow(session);
  if (now) {
    event.clipboardData.setData('text/plain', formatBytes(now, 'hex'));
    return;
  }
  // Outside the watched window: read it, then write through the async API.
  void copyText(session, 'hex');
}

/** Ctrl+V (or the Edit menu's Paste): hex, or text in the text column, over the bytes at the cursor. */
export function onPaste(event: ClipboardEvent<HTMLElement>, session: Session): void {
  event.preventDefault();
  const text = event.clipboardData.getData('text/plain');
  void session.paste(text, session.stores.hexView.getState().column === 'text');
}

/** Copies the selection in `format` with the async Clipboard API; says what happened. */
export async function copyText(session: Session, format: Parameters<typeof formatBytes>[1]): Promise<boolean> {
  const bytes = await session.selectedBytes();
  if (!bytes) return false;
  const text = formatBytes(bytes, format, { encoding: session.stores.hexView.getState().encoding });
  const say = session.stores.editHistory.getState().say;
  try {
    await navigator.clipboard.writeText(text);
    say(`Copied ${bytes.length} bytes as ${format}.`);
    return true;
  } catch (error) {
    say(`Could not copy: the clipboard refused (${error instanceof Error ? error.message : String(error)}).`);
    return false;
  }
}
