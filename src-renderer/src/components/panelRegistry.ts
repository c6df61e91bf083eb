// Every side panel of a window, once, in the order the tab strip lists them.
// The stacked column, the tab strip and its content, the Alt+1 … Alt+0
// shortcuts (the first ten panels), the Panels palette (every panel, so an
// eleventh has a keyboard path too) and the `?` list all follow from this
// table: adding a panel is its own component and one line here.
import type { ComponentType } from 'react';
import { BookmarksPanel } from '../edit/BookmarksPanel';
import { EditTools } from '../edit/EditTools';
import { ChildrenPanel } from './ChildrenPanel';
import { DataInspector } from './DataInspector';
import { FilesPanel } from './FilesPanel';
import { HistoryPanel } from './HistoryPanel';
import { PlotPanel } from './PlotPanel';
import { ScanPanel } from './ScanPanel';
import { SelectionFacts } from './SelectionFacts';
import { StatisticsPanel } from './StatisticsPanel';
import { StructPanel } from './StructPanel';
import { TextPanel } from './TextPanel';
import type { PanelId } from '../stores/sidePanels';

export interface PanelEntry {
  id: PanelId;
  /** Its tab's label and its name in the palette and the `?` list. */
  title: string;
  Component: ComponentType;
  /** Where a wide window puts it: in the column beside the hex view (the default), or across the window below. */
  wide?: 'column' | 'below';
}

export interface Panel extends PanelEntry {
  /** Alt+1 … Alt+9, Alt+0 for the first ten panels; null for the rest (the palette reaches them). */
  shortcut: string | null;
}

const ENTRIES: readonly PanelEntry[] = [
  { id: 'text', title: 'Text', Component: TextPanel },
  { id: 'edit', title: 'Edit', Component: EditTools },
  { id: 'inspector', title: 'Inspector', Component: DataInspector },
  { id: 'scan', title: 'Scan', Component: ScanPanel },
  { id: 'struct', title: 'Struct', Component: StructPanel },
  { id: 'selection', title: 'Selection', Component: SelectionFacts },
  { id: 'files', title: 'Files', Component: FilesPanel },
  { id: 'history', title: 'History', Component: HistoryPanel },
  { id: 'bookmarks', title: 'Bookmarks', Component: BookmarksPanel },
  { id: 'plot', title: 'Plot', Component: PlotPanel },
  // Its rows want the window's width: a wide window puts it under the hex view and the column.
  { id: 'readers', title: 'Readers', Component: ChildrenPanel, wide: 'below' },
  { id: 'statistics', title: 'Statistics', Component: StatisticsPanel },
];

/** Alt+digit for a 0-based position: 1 … 9, then 0 for the tenth; null past it. */
export function panelShortcut(index: number): string | null {
  return index < 10 ? `Alt+${(index + 1) % 10}` : null;
}

export const PANELS: readonly Panel[] = ENTRIES.map((entry, index) => ({ ...entry, shortcut: panelShortcut(index) }));

/** The panel `delta` places after `id` in the tab strip, wrapping around at either end as the APG's tabs do. */
export function panelAfter(id: PanelId, delta: 1 | -1): Panel {
  const index = Math.max(
    0,
    PANELS.findIndex((p) => p.id === id),
  );
  return PANELS[(index + delta + PANELS.length) % PANELS.length]!;
}
