// The side panels (listed once, in panelRegistry.ts). A wide window stacks
// them in a column beside the hex view (a panel marked `wide: 'below'` across
// the window under both), each scrolling with the column. A narrow one (small
// screens, 150-200% zoom) docks them under the hex view behind a tab strip,
// one panel at a time, so none is pushed far below the fold and the hex view
// keeps its room. The strip is the WAI-ARIA APG's tabs pattern with automatic
// activation: Left/Right/Home/End move and show, Tab leaves. Alt+1 … Alt+0
// show one of the first ten panels in either layout, and the Panels palette
// (Ctrl+Shift+P) any panel. Every panel stays mounted (hidden when not
// shown), so its keys and its drafts go on; a hidden one (a tab not chosen,
// or a stacked panel scrolled out of the column: useOnScreen.ts) is under
// PanelShown false, so it follows no bytes and polls nothing (useBytesAt.ts).
// The panels mount in the task after the window's first frame, so the first
// screen paints the bytes without them (components/afterFirstPaint.ts), and
// each one's code is fetched then (PanelContent.tsx).
import { useEffect, useRef, useSyncExternalStore, type KeyboardEvent as ReactKeyboardEvent, type ReactNode, type RefObject } from 'react';
import { AfterFirstPaint } from './afterFirstPaint';
import { panelIndexOfKey } from '../lib/keymap';
import { useSession, useSidePanels } from '../sessionContext';
import type { PanelId } from '../stores/sidePanels';
import { focusTab, isNarrow, panelId, revealPanel, subscribeToNarrow, tabId } from './panelLayout';
import { PanelContent } from './PanelContent';
import { PanelPalette } from './PanelPalette';
import { PanelShown } from './useBytesAt';
import { useOnScreen } from './useOnScreen';
import { panelAfter, PANELS, type Panel } from './panelRegistry';

/** The hex view (passed in) with the side panels laid out for the window's size. */
export function Workspace({ hexView }: { hexView: ReactNode }) {
  const narrow = useNarrowWindow();
  usePanelKeys();
  if (narrow) {
    return (
      <main className="workspace narrow">
        {hexView}
        <PanelDock />
      </main>
    );
  }
  const below = PANELS.filter((p) => p.wide === 'below');
  return <StackedLayout hexView={hexView} below={below} />;
}

/** A wide window: the panels in a column beside the hex view, those marked `wide: 'below'` under both. */
function StackedLayout({ hexView, below }: { hexView: ReactNode; below: Panel[] }) {
  const column = useRef<HTMLElement>(null);
  return (
    <>
      <main className="workspace">
        {hexView}
        <aside ref={column} className="side" aria-label="Side panels">
          <div className="side-head">
            <PanelPalette />
          </div>
          {PANELS.filter((p) => p.wide !== 'below').map((p) => (
            <StackedPanel key={p.id} panel={p} className="side-slot" scroller={column} />
          ))}
        </aside>
      </main>
      {below.map((p) => (
        <StackedPanel key={p.id} panel={p} className="side-slot readers-slot" scroller={null} />
      ))}
    </>
  );
}

/** One panel of the column (`scroller`: the column; null for one under the workspace, which the window scrolls). */
function StackedPanel({ panel, className, scroller }: { panel: Panel; className: string; scroller: RefObject<HTMLElement | null> | null }) {
  const slot = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(slot, scroller);
  return (
    <div
      ref={slot}
      id={panelId(panel.id)}
      className={className}
      tabIndex={-1}
      data-panel={panel.id}
      data-panel-title={panel.title}
      data-shown={onScreen}
    >
      <PanelShown value={onScreen}>
        <AfterFirstPaint>
          <PanelContent panel={panel} />
        </AfterFirstPaint>
      </PanelShown>
    </div>
  );
}

function PanelDock() {
  const active = useSidePanels((s) => s.active);
  return (
    <div className="panel-dock" data-testid="panel-dock">
      {/* The palette's button first: Tab from the chosen tab must go on into its panel, as the APG's tabs do. */}
      <div className="panel-dock-head">
        <PanelPalette />
        <PanelTabs />
      </div>
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
          data-panel={p.id}
          data-panel-title={p.title}
        >
          <PanelShown value={p.id === active}>
            <AfterFirstPaint>
              <PanelContent panel={p} />
            </AfterFirstPaint>
          </PanelShown>
        </div>
      ))}
    </div>
  );
}

function PanelTabs() {
  const { sidePanels } = useSession().stores;
  const active = useSidePanels((s) => s.active);
  const onKeyDown = (event: ReactKeyboardEvent) => {
    const next = tabKeyTarget(event.key, sidePanels.getState().active);
    if (!next) return;
    event.preventDefault();
    sidePanels.getState().select(next.id);
    focusTab(next.id);
  };
  // The strip scrolls sideways: a panel chosen by Alt+N or the palette brings its tab into view.
  useEffect(() => revealTab(tabId(active)), [active]);
  return (
    <div role="tablist" aria-label="Side panels" className="panel-tabs" onKeyDown={onKeyDown}>
      {PANELS.map((p) => (
        <button
          key={p.id}
          type="button"
          role="tab"
          id={tabId(p.id)}
          aria-selected={p.id === active}
          aria-controls={panelId(p.id)}
          aria-keyshortcuts={p.shortcut ?? undefined}
          tabIndex={p.id === active ? 0 : -1}
          data-testid={tabId(p.id)}
          onClick={() => sidePanels.getState().select(p.id)}
        >
          {p.title}
        </button>
      ))}
    </div>
  );
}

/**
 * Scrolls the tab strip, and only it, sideways until the tab is whole (not
 * scrollIntoView, which would scroll the page too when the strip is below
 * the fold).
 */
function revealTab(id: string): void {
  const tab = document.getElementById(id);
  const strip = tab?.parentElement;
  if (!tab || !strip) return;
  const tabBox = tab.getBoundingClientRect();
  const stripBox = strip.getBoundingClientRect();
  if (tabBox.left < stripBox.left) strip.scrollLeft -= stripBox.left - tabBox.left;
  else if (tabBox.right > stripBox.right) strip.scrollLeft += tabBox.right - stripBox.right;
}

/** The tab an APG tab-strip key moves to from `active`; null for any other key. */
function tabKeyTarget(key: string, active: PanelId): Panel | null {
  if (key === 'ArrowRight') return panelAfter(active, 1);
  if (key === 'ArrowLeft') return panelAfter(active, -1);
  if (key === 'Home') return PANELS[0] ?? null;
  if (key === 'End') return PANELS.at(-1) ?? null;
  return null;
}

/** Alt+1 … Alt+0 show the first ten panels. */
function usePanelKeys() {
  const { sidePanels } = useSession().stores;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const index = panelIndexOfKey(event);
      const panel = index === null ? undefined : PANELS[index];
      if (!panel) return;
      event.preventDefault();
      revealPanel(sidePanels, panel.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [sidePanels]);
}

/** Whether the window is narrow or short enough for the tab strip; follows resizing and zoom. */
function useNarrowWindow(): boolean {
  return useSyncExternalStore(subscribeToNarrow, isNarrow);
}
