// Whether a stacked side panel is on screen. In a wide window every panel is
// mounted in the side column, most of them scrolled out of it; one the user
// cannot see is under PanelShown false (SidePanels.tsx), so, like a narrow
// window's unchosen tab, it follows no bytes, refreshes nothing and asks the
// host for nothing, and catches up as it scrolls into view.
import { useEffect, useState, type RefObject } from 'react';

/**
 * Whether any of the element shows within `root`'s visible box (null: the
 * window's); always true where there is no IntersectionObserver. No margin:
 * a panel just under the fold is not shown (at the bench's 1280x720 window,
 * the data inspector's first pixel is 35 px below the column's edge, and
 * following it made a write cost the page 1.7 times as much). One scrolled in shows
 * the values it last had for a frame or two, until its hooks catch up.
 */
export function useOnScreen(element: RefObject<Element | null>, root: RefObject<Element | null> | null): boolean {
  const [onScreen, setOnScreen] = useState(() => typeof IntersectionObserver !== 'function');
  useEffect(() => {
    const target = element.current;
    if (!target || typeof IntersectionObserver !== 'function') return;
    const observer = new IntersectionObserver((entries) => setOnScreen(entries[entries.length - 1]!.isIntersecting), {
      root: root?.current ?? null,
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element, root]);
  return onScreen;
}
