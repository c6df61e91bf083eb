// Where a side panel is on the page, in either layout (SidePanels.tsx), and
// how to show one from anywhere: Alt+digit and the Panels palette both do it.
import type { PanelId, SidePanelsStore } from '../stores/sidePanels';

/** Must match the "Narrow windows" media query in styles.css. */
const NARROW_QUERY = '(max-width: 1099px), (max-height: 559px)';

export const tabId = (id: PanelId) => `panel-tab-${id}`;
export const panelId = (id: PanelId) => `panel-${id}`;

export function subscribeToNarrow(onChange: () => void): () => void {
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the window is narrow or short enough for the tab strip. */
export function isNarrow(): boolean {
  return window.matchMedia(NARROW_QUERY).matches;
}

export function focusTab(id: PanelId): void {
  document.getElementById(tabId(id))?.focus();
}

/**
 * Shows a panel: in the tab strip its tab is chosen and focused; in the
 * stacked column the panel scrolls into view and takes the focus.
 */
export function revealPanel(sidePanels: SidePanelsStore, id: PanelId): void {
  sidePanels.getState().select(id);
  if (isNarrow()) focusTab(id);
  else document.getElementById(panelId(id))?.focus();
}
