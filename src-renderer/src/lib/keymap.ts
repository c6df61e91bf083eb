// Every keyboard shortcut of the window, in one table: the `?` dialog lists
// it, and key handlers ask `matches(event, id)` instead of spelling keys
// again. A feature registers its shortcuts by adding rows here (a constant
// table, so no window shares run-time state through it).

export interface Shortcut {
  id: string;
  /** The keys as the dialog shows them. */
  keys: string;
  /** What it does, in a few words. */
  does: string;
  /** Where it works. */
  where: 'Hex view' | 'Anywhere';
  /** Matches a keydown; undefined for keys handled elsewhere (moves, typing), listed for the dialog only. */
  match?: (event: KeyLike) => boolean;
}

/** The fields of a KeyboardEvent (React's or the DOM's) a shortcut looks at. */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const ctrl = (event: KeyLike) => (event.ctrlKey || event.metaKey) && !event.altKey;
const plain = (event: KeyLike) => !event.ctrlKey && !event.metaKey && !event.altKey;
const altOnly = (event: KeyLike) => event.altKey && !event.ctrlKey && !event.metaKey;

export const SHORTCUTS: Readonly<Shortcut[]> = [
  { id: 'move', keys: '← → ↑ ↓, Page Up/Down', does: 'Move the cursor (Shift extends the selection)', where: 'Hex view' },
  { id: 'row-ends', keys: 'Home / End, Ctrl+Home / Ctrl+End', does: 'Start or end of the row, of the block', where: 'Hex view' },
  { id: 'type-hex', keys: '0–9 A–F', does: 'Type over the cursor’s byte (hex column)', where: 'Hex view' },
  { id: 'type-text', keys: 'Any character', does: 'Type over the bytes in the view’s encoding (text column)', where: 'Hex view' },
  {
    id: 'switch-column',
    keys: 'Tab',
    does: 'Type in the text column; a second Tab moves on to the next control',
    where: 'Hex view',
    match: (e) => e.key === 'Tab' && plain(e) && !e.shiftKey,
  },
  { id: 'cancel', keys: 'Escape', does: 'Drop a half-typed byte, then the selection', where: 'Hex view' },
  { id: 'goto', keys: 'Ctrl+G', does: 'Go to an offset', where: 'Hex view', match: (e) => ctrl(e) && e.key.toLowerCase() === 'g' },
  { id: 'copy', keys: 'Ctrl+C', does: 'Copy the selection as hex (Copy as offers more forms)', where: 'Hex view' },
  { id: 'paste', keys: 'Ctrl+V', does: 'Paste hex (or text, in the text column) over the bytes at the cursor', where: 'Hex view' },
  { id: 'find', keys: 'Ctrl+F', does: 'Open Find', where: 'Anywhere', match: (e) => ctrl(e) && e.key.toLowerCase() === 'f' },
  {
    id: 'find-step',
    keys: 'F3, Shift+F3',
    does: 'Go to the next match, the previous one',
    where: 'Anywhere',
    match: (e) => e.key === 'F3' && !e.ctrlKey && !e.metaKey && !e.altKey,
  },
  {
    id: 'history-step',
    keys: '[ and ], Alt+← and Alt+→',
    does: 'Step back and forward through the History ([ and ] outside text fields)',
    where: 'Anywhere',
    match: (e) => (plain(e) && (e.key === '[' || e.key === ']')) || (altOnly(e) && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')),
  },
  {
    id: 'undo',
    keys: 'Ctrl+Z',
    does: 'Undo this window’s last edit',
    where: 'Hex view',
    match: (e) => ctrl(e) && !e.shiftKey && e.key.toLowerCase() === 'z',
  },
  {
    id: 'redo',
    keys: 'Ctrl+Shift+Z, Ctrl+Y',
    does: 'Redo the last undone edit',
    where: 'Hex view',
    match: (e) => ctrl(e) && ((e.shiftKey && e.key.toLowerCase() === 'z') || (!e.shiftKey && e.key.toLowerCase() === 'y')),
  },
  {
    id: 'bookmark',
    keys: 'Ctrl+B',
    does: 'Bookmark the selection',
    where: 'Hex view',
    match: (e) => ctrl(e) && !e.shiftKey && e.key.toLowerCase() === 'b',
  },
  // Alt+1 … Alt+0 (panelIndexOfKey) are listed per panel from components/panelRegistry.ts.
  {
    id: 'panels',
    keys: 'Ctrl+Shift+P',
    does: 'Open the Panels palette: every side panel, by name',
    where: 'Anywhere',
    match: (e) => ctrl(e) && e.shiftKey && e.key.toLowerCase() === 'p',
  },
  {
    id: 'shortcuts',
    keys: '?',
    does: 'List the keyboard shortcuts',
    where: 'Anywhere',
    match: (e) => e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey,
  },
];

/** Whether `event` is the shortcut `id` (false for an unknown id or a listed-only shortcut). */
export function matches(event: KeyLike, id: string): boolean {
  return SHORTCUTS.find((s) => s.id === id)?.match?.(event) ?? false;
}

/** Alt+1 … Alt+9 are the side panels 0 … 8, Alt+0 the tenth; null for any other key. */
export function panelIndexOfKey(event: KeyLike): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || !/^[0-9]$/.test(event.key)) return null;
  return event.key === '0' ? 9 : Number(event.key) - 1;
}
