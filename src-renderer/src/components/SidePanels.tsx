// The side panels. A wide window stacks them in a column beside the hex view
// (the child readers under both), each scrolling with the column. A narrow
// one (small screens, 150-200% zoom) docks them under the hex view behind a
// tab strip, one panel at a time, so none is pushed far below the fold and
// the hex view keeps its room. The strip is the WAI-ARIA APG's tabs pattern
// with automatic activation: Left/Right/Home/End move and show, Tab leaves.
// Alt+1 … Alt+0 show a panel in either layout. Every panel stays mounted
// (hidden when not shown), so its polling, its keys and its drafts go on.
import { useEffect, useSyncExternalStore, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import { DataInspector } from './DataInspector';
import { FilesPanel } from './FilesPanel';
import { HistoryPanel } from './HistoryPanel';
import { ScanPanel } from './ScanPanel';
import { SelectionFacts } from './SelectionFacts';
import { StructPanel } from './StructPanel';
import { TextPanel } from './TextPanel';
import { ChildrenPanel } from './ChildrenPanel';
import { BookmarksPanel } from '../edit/BookmarksPanel';
import { EditTools } from '../edit/EditTools';
import { panelIndexOfKey } from '../lib/keymap';
import { useSession, useSidePanels } from '../sessionContext';
import { PANELS, type PanelId } from '../stores/sidePanels';

/** Must match the "Narrow windows" media query in styles.css. */
const NARROW_QUERY = '(max-width: 1099px), (max-height: 559px)';

const CONTENT: Record<PanelId, () => ReactNode> = {
  text: () => <TextPanel />,
  edit: () => <EditTools />,
  inspector: () => <DataInspector />,
  scan: () => <ScanPanel />,
  struct: () => <StructPanel />,
  selection: () => <SelectionFacts />,
  files: () => <FilesPanel />,
  history: () => <HistoryPanel />,
  bookmarks: () => <BookmarksPanel />,
  readers: () => <ChildrenPanel />,
};

const tabId = (id: PanelId) => `panel-tab-${id}`;
const panelId = (id: PanelId) => `panel-${id}`;

/** The hex view (passed in) with the side panels laid out for the window's size. */
export function Workspace({ hexView }: { hexView: ReactNode }) {
  const narrow = useNarrowWindow();
  usePanelKeys(narrow);
  if (narrow) {
    return (
      <main className="workspace narrow">
        {hexView}
        <PanelDock />
      </main>
    );
  }
  const stacked = PANELS.filter((p) => p.id !== 'readers');
  return (
    <>
      <main className="workspace">
        {hexView}
        <aside className="side" aria-label="Side panels">
          {stacked.map((p) => (
            <div key={p.id} id={panelId(p.id)} className="side-slot" tabIndex={-1}>
              {CONTENT[p.id]()}
            </div>
          ))}
        </aside>
      </main>
      <div id={panelId('readers')} className="side-slot readers-slot" tabIndex={-1}>
        {CONTENT.readers()}
      </div>
    </>
  );
}

function PanelDock() {
  const active = useSidePanels((s) => s.active);
  return (
    <div className="panel-dock" data-testid="panel-dock">
      <PanelTabs />
      {PANELS.map((p) => (
        <div
          key={p.id}
          id={panelId(p.id)}
          role="tabpanel"
          aria-labelledby={tabId(p.id)}
          className="dock-panel"
          // A tab stop of its own (as the APG advises): a panel may open with no control (Selection facts) and still scroll.
          tabIndex={0}
          hidden={p.id !== active}
          data-testid={`tabpanel-${p.id}`}
        >
          {CONTENT[p.id]()}
        </div>
      ))}
    </div>
  );
}

function PanelTabs() {
  const { sidePanels } = useSession().stores;
  const active = useSidePanels((s) => s.active);
  const onKeyDown = (event: ReactKeyboardEvent) => {
    const state = sidePanels.getState();
    if (event.key === 'ArrowRight') state.step(1);
    else if (event.key === 'ArrowLeft') state.step(-1);
    else if (event.key === 'Home') state.selectAt(0);
    else if (event.key === 'End') state.selectAt(PANELS.length - 1);
    else return;
    event.preventDefault();
    focusTab(sidePanels.getState().active);
  };
  return (
    <div role="tablist" aria-label="Side panels" className="panel-tabs" onKeyDown={onKeyDown}>
      {PANELS.map((p, index) => (
        <button
          key={p.id}
          type="button"
          role="tab"
          id={tabId(p.id)}
          aria-selected={p.id === active}
          aria-controls={panelId(p.id)}
          aria-keyshortcuts={`Alt+${(index + 1) % 10}`}
          tabIndex={p.id === active ? 0 : -1}
          data-testid={tabId(p.id)}
          onClick={() => sidePanels.getState().select(p.id)}
        >
          {p.label}
        </button>
      ))}
    </div>
  );
}

function focusTab(id: PanelId) {
  document.getElementById(tabId(id))?.focus();
}

/**
 * Alt+1 … Alt+0 show a panel: in the tab strip its tab is chosen and focused;
 * in the stacked column the panel scrolls into view and takes the focus.
 */
function usePanelKeys(narrow: boolean) {
  const { sidePanels } = useSession().stores;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const index = panelIndexOfKey(event);
      if (index === null) return;
      event.preventDefault();
      sidePanels.getState().selectAt(index);
      const id = sidePanels.getState().active;
      if (narrow) focusTab(id);
      else document.getElementById(panelId(id))?.focus();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [narrow, sidePanels]);
}

/** Whether the window is narrow or short enough for the tab strip; follows resizing and zoom. */
function useNarrowWindow(): boolean {
  return useSyncExternalStore(subscribeToNarrow, isNarrow);
}

function subscribeToNarrow(onChange: () => void): () => void {
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

function isNarrow(): boolean {
  return window.matchMedia(NARROW_QUERY).matches;
}
