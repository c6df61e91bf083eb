// Every side panel of a window, once, in the order the tab strip lists them.
// The stacked column, the tab strip and its content, the Alt+1 … Alt+0
// shortcuts (the first ten panels), the Panels palette (every panel, so an
// eleventh has a keyboard path too) and the `?` list all follow from this
// table: adding a panel is its own component and one line here.
//
// The panels' code is loaded when they first mount (`load`, a dynamic import;
// the build puts every panel in one chunk, electron.vite.config.ts): the
// panels mount after the window's first frame (afterFirstPaint.ts), so the
// script a window parses before it paints the bytes leaves them out (about a
// fifth of it, uPlot included).
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { PanelId } from '../stores/sidePanels';

export interface PanelEntry {
  id: PanelId;
  /** Its tab's label and its name in the palette and the `?` list. */
  title: string;
  /** Fetches the panel's code (the panels' chunk); resolves with its component. */
  load: () => Promise<ComponentType>;
  /** Where a wide window puts it: in the column beside the hex view (the default), or across the window below. */
  wide?: 'column' | 'below';
}

export interface Panel extends PanelEntry {
  /** Alt+1 … Alt+9, Alt+0 for the first ten panels; null for the rest (the palette reaches them). */
  shortcut: string | null;
  /** The component `load` gives, for rendering under a Suspense boundary (PanelContent). */
  Component: LazyExoticComponent<ComponentType>;
}

const ENTRIES: readonly PanelEntry[] = [
  { id: 'text', title: 'Text', load: () => import('./TextPanel').then((m) => m.TextPanel) },
  { id: 'edit', title: 'Edit', load: () => import('../edit/EditTools').then((m) => m.EditTools) },
  { id: 'inspector', title: 'Inspector', load: () => import('./DataInspector').then((m) => m.DataInspector) },
  { id: 'scan', title: 'Scan', load: () => import('./ScanPanel').then((m) => m.ScanPanel) },
  { id: 'struct', title: 'Struct', load: () => import('./StructPanel').then((m) => m.StructPanel) },
  { id: 'selection', title: 'Selection', load: () => import('./SelectionFacts').then((m) => m.SelectionFacts) },
  { id: 'files', title: 'Files', load: () => import('./FilesPanel').then((m) => m.FilesPanel) },
  { id: 'history', title: 'History', load: () => import('./HistoryPanel').then((m) => m.HistoryPanel) },
  { id: 'bookmarks', title: 'Bookmarks', load: () => import('../edit/BookmarksPanel').then((m) => m.BookmarksPanel) },
  { id: 'plot', title: 'Plot', load: () => import('./PlotPanel').then((m) => m.PlotPanel) },
  // Its rows want the window's width: a wide window puts it under the hex view and the column.
  { id: 'readers', title: 'Readers', load: () => import('./ChildrenPanel').then((m) => m.ChildrenPanel), wide: 'below' },
  { id: 'statistics', title: 'Statistics', load: () => import('./StatisticsPanel').then((m) => m.StatisticsPanel) },
];

/** Alt+digit for a 0-based position: 1 … 9, then 0 for the tenth; null past it. */
export function panelShortcut(index: number): string | null {
  return index < 10 ? `Alt+${(index + 1) % 10}` : null;
}

/** A component that renders the one `load` gives (React.lazy: it suspends until the chunk is there). */
export function lazyPanel(load: PanelEntry['load']): LazyExoticComponent<ComponentType> {
  return lazy(() => load().then((Component) => ({ default: Component })));
}

export const PANELS: readonly Panel[] = ENTRIES.map((entry, index) => ({
  ...entry,
  shortcut: panelShortcut(index),
  Component: lazyPanel(entry.load),
}));

/** The panel `delta` places after `id` in the tab strip, wrapping around at either end as the APG's tabs do. */
export function panelAfter(id: PanelId, delta: 1 | -1): Panel {
  const index = Math.max(
    0,
    PANELS.findIndex((p) => p.id === id),
  );
  return PANELS[(index + delta + PANELS.length) % PANELS.length]!;
}
