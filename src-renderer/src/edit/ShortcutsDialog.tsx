// `?` (outside a text box) opens the list of every keyboard shortcut: the
// window's (lib/keymap.ts), then each side panel's Alt+digit from the panel
// registry (components/panelRegistry.ts); Escape or Close shuts it. A native <dialog>: modal, focus
// kept inside, Escape handled by the browser.
import { useEffect, useRef } from 'react';
import { PANELS } from '../components/panelRegistry';
import { matches, SHORTCUTS, type Shortcut } from '../lib/keymap';
import './edit.css';
import { AfterFirstPaint } from '../components/afterFirstPaint';

function isTextEntry(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** One row per panel that has a shortcut; the rest are in the Panels palette (Ctrl+Shift+P). */
const PANEL_SHORTCUTS: readonly Shortcut[] = PANELS.flatMap((p) =>
  p.shortcut ? [{ id: `panel-${p.id}`, keys: p.shortcut, does: `Show the ${p.title} panel`, where: 'Anywhere' as const }] : [],
);

export function ShortcutsDialog() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // A key the hex view used (a `?` typed in its text column) is not a request for the list.
      if (event.defaultPrevented || isTextEntry(event.target) || !matches(event, 'shortcuts')) return;
      event.preventDefault();
      if (!dialogRef.current?.open) dialogRef.current?.showModal();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <dialog ref={dialogRef} className="shortcuts-dialog" aria-label="Keyboard shortcuts" data-testid="shortcuts-dialog">
      <h2>Keyboard shortcuts</h2>
      {/* Closed at first: its rows (150 elements) wait for the first frame. */}
      <AfterFirstPaint>
        <ShortcutsTable />
      </AfterFirstPaint>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}

/** The list itself (the dialog renders it from the first frame on). */
export function ShortcutsTable() {
  return (
    <table>
      <thead>
        <tr>
          <th>Keys</th>
          <th>Does</th>
          <th>Where</th>
        </tr>
      </thead>
      <tbody>
        {[...SHORTCUTS, ...PANEL_SHORTCUTS].map((s) => (
          <tr key={s.id}>
            <td>
              <kbd>{s.keys}</kbd>
            </td>
            <td>{s.does}</td>
            <td>{s.where}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
