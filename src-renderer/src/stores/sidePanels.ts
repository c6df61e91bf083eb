// Which side panel a window's tab strip shows. Wide windows stack every panel
// beside the hex view; narrow ones (small screens, 150-200% zoom) show one at
// a time under a tab strip (SidePanels.tsx). Which tab is open belongs to the
// window, so each session makes its own store. The panels themselves, their
// order and their shortcuts are listed once, in components/panelRegistry.ts:
// this store knows only the chosen id, so it needs no React.
import { createStore, type StoreApi } from 'zustand/vanilla';

/** A side panel's id, as components/panelRegistry.ts names it. */
export type PanelId = string;

/** The panel a window shows first: the original scenario's text form. */
export const FIRST_PANEL: PanelId = 'text';

export interface SidePanelsState {
  /** The panel the tab strip shows. */
  active: PanelId;
  /**
   * Whether the window's first frame, with the block's bytes, has been
   * painted: the panels mount only then (components/afterFirstPaint.ts).
   */
  firstPaintDone: boolean;
  select(id: PanelId): void;
  markFirstPaintDone(): void;
}

export type SidePanelsStore = StoreApi<SidePanelsState>;

export function createSidePanelsStore(): SidePanelsStore {
  return createStore<SidePanelsState>()((set) => ({
    active: FIRST_PANEL,
    firstPaintDone: false,
    select(id) {
      set({ active: id });
    },
    markFirstPaintDone() {
      set({ firstPaintDone: true });
    },
  }));
}
