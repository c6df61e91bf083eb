// The Panels palette: a button (and Ctrl+Shift+P anywhere) that lists every
// side panel of panelRegistry.ts by name and shows the one chosen, so a panel
// past the tenth, which has no Alt+digit, is as close to the keyboard as the
// others. A native modal <dialog>: focus stays inside, Escape closes it. Its
// filter box, first inside, takes the focus; Enter shows the first panel it leaves, the
// arrows move along the list.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { matches, SHORTCUTS } from '../lib/keymap';
import { useSession } from '../sessionContext';
import type { PanelId } from '../stores/sidePanels';
import { revealPanel } from './panelLayout';
import { PANELS, type Panel } from './panelRegistry';
import './PanelPalette.css';

const PALETTE_KEYS = SHORTCUTS.find((s) => s.id === 'panels')?.keys;

/** The panels whose title holds `filter` (any case), in the tab strip's order; every panel, shortcut or none, for an empty one. */
export function panelsMatching(filter: string, panels: readonly Panel[] = PANELS): readonly Panel[] {
  const wanted = filter.trim().toLowerCase();
  return wanted === '' ? panels : panels.filter((p) => p.title.toLowerCase().includes(wanted));
}

export function PanelPalette() {
  const { sidePanels } = useSession().stores;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [filter, setFilter] = useState('');
  const shown = panelsMatching(filter);

  const open = useCallback(() => {
    setFilter('');
    if (!dialogRef.current?.open) dialogRef.current?.showModal();
  }, []);
  const choose = (id: PanelId) => {
    // Closed first: the dialog hands the focus back as it closes, and the panel must take it after that.
    dialogRef.current?.close();
    revealPanel(sidePanels, id);
  };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!matches(event, 'panels')) return;
      event.preventDefault();
      open();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [open]);

  const onFilterKey = (event: ReactKeyboardEvent) => {
    if (event.key === 'Enter' && shown[0]) {
      event.preventDefault();
      choose(shown[0].id);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusOption(listRef.current, 0);
    }
  };

  const onListKey = (event: ReactKeyboardEvent) => {
    const options = optionsOf(listRef.current);
    const at = options.indexOf(document.activeElement as HTMLButtonElement);
    const next = event.key === 'ArrowDown' ? at + 1 : event.key === 'ArrowUp' ? at - 1 : null;
    if (next === null) return;
    event.preventDefault();
    if (next < 0) dialogRef.current?.querySelector('input')?.focus();
    else focusOption(listRef.current, Math.min(next, options.length - 1));
  };

  return (
    <>
      <button
        type="button"
        className="panel-palette-button"
        aria-haspopup="dialog"
        aria-keyshortcuts="Control+Shift+P"
        title={PALETTE_KEYS ? `Every side panel, by name (${PALETTE_KEYS})` : undefined}
        data-testid="panel-palette-button"
        onClick={open}
      >
        Panels
      </button>
      <dialog ref={dialogRef} className="panel-palette" aria-label="Panels" data-testid="panel-palette">
        <input
          type="search"
          aria-label="Filter panels"
          placeholder="Panel name"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          onKeyDown={onFilterKey}
        />
        <ul ref={listRef} aria-label="Side panels" onKeyDown={onListKey}>
          {shown.map((p) => (
            <li key={p.id}>
              <button type="button" data-panel-option={p.id} onClick={() => choose(p.id)}>
                <span>{p.title}</span>
                {p.shortcut && <kbd>{p.shortcut}</kbd>}
              </button>
            </li>
          ))}
        </ul>
        {shown.length === 0 && <p role="status">No panel is named like “{filter}”.</p>}
        <form method="dialog">
          <button type="submit">Close</button>
        </form>
      </dialog>
    </>
  );
}

function optionsOf(list: HTMLUListElement | null): HTMLButtonElement[] {
  return list ? Array.from(list.querySelectorAll<HTMLButtonElement>('button[data-panel-option]')) : [];
}

function focusOption(list: HTMLUListElement | null, index: number): void {
  optionsOf(list)[index]?.focus();
}
