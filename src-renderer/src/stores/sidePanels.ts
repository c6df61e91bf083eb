// The side panels of a window and which one its tab strip shows. Wide windows
// stack every panel beside the hex view; narrow ones (small screens, 150-200%
// zoom) show one at a time under a tab strip (SidePanels.tsx). Which tab is
// open belongs to the window, so each session makes its own store.
import { createStore, type StoreApi } from 'zustand/vanilla';

/** The side panels in the order the tab strip lists them (and Alt+1 … Alt+0 pick them). */
export const PANELS = [
  { id: 'text', label: 'Text' },
  { id: 'edit', label: 'Edit' },
  { id: 'inspector', label: 'Inspector' },
  { id: 'scan', label: 'Scan' },
  { id: 'struct', label: 'Struct' },
  { id: 'selection', label: 'Selection' },
  { id: 'files', label: 'Files' },
  { id: 'history', label: 'History' },
  { id: 'bookmarks', label: 'Bookmarks' },
  { id: 'readers', label: 'Readers' },
] as const;

export type PanelId = (typeof PANELS)[number]['id'];

export interface SidePanelsState {
  /** The panel the tab strip shows. */
  active: PanelId;
  select(id: PanelId): void;
  /** The next (+1) or previous (-1) tab, wrapping around at either end as the APG's tabs do. */
  step(delta: 1 | -1): void;
  /** The panel at a 0-based position (Home: 0, End: the last); a position past the end changes nothing. */
  selectAt(index: number): void;
}

export type SidePanelsStore = StoreApi<SidePanelsState>;

export function createSidePanelsStore(): SidePanelsStore {
  return createStore<SidePanelsState>()((set, get) => ({
    active: 'text',

    select(id) {
      set({ active: id });
    },

    step(delta) {
      const index = PANELS.findIndex((p) => p.id === get().active);
      set({ active: PANELS[(index + delta + PANELS.length) % PANELS.length]!.id });
    },

    selectAt(index) {
      const panel = PANELS[index];
      if (panel) set({ active: panel.id });
    },
  }));
}
