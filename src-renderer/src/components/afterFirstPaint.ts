// The first screen shows the block's bytes before the side panels mount: a
// window's first render of every panel took most of the ~290 ms between the
// bytes' arrival and their first paint (bench section 6, start to first
// paint), for panels a user reads after the bytes. What waits here mounts in
// a task after the first frame that shows the bytes: a requestAnimationFrame
// callback runs just before a frame's paint, a task it queues runs after it.
// The window's first render waits for the bytes only so long (main.tsx); on a
// slow host it draws the rows without them, and the panels wait on for the
// bytes (or for the block's failure, or for no block at all) so that they do
// not put the bytes' paint off by their own first render, up to
// BYTES_WAIT_MS. A page whose frames do not run (hidden, in a background tab)
// goes on after FALLBACK_MS. The flag is the window's (stores/sidePanels.ts):
// once set, nothing waits.
import { useEffect, type ReactNode } from 'react';
import { useBlock, useBytes, useSession, useSidePanels } from '../sessionContext';

const FALLBACK_MS = 100;
/** The longest the panels wait for the first screen's bytes. */
const BYTES_WAIT_MS = 1000;

/** Whether the first screen has what it waits for: the bytes, an error in their place, or no block to show. */
function useFirstScreenSettled(): boolean {
  const noBytesToCome = useBlock((s) => s.phase === 'failed' || (s.phase === 'ready' && s.info === null));
  const bytesHere = useBytes((s) => s.window !== null || s.error !== null);
  return noBytesToCome || bytesHere;
}

/** Marks the window's first frame with its bytes painted, in the task after it (the app's root calls this once). */
export function useFirstPaintMark(): void {
  const { sidePanels } = useSession().stores;
  const settled = useFirstScreenSettled();
  useEffect(() => {
    if (sidePanels.getState().firstPaintDone) return;
    const mark = () => sidePanels.getState().markFirstPaintDone();
    if (!settled) {
      const late = setTimeout(mark, BYTES_WAIT_MS);
      return () => clearTimeout(late);
    }
    let afterFrame: ReturnType<typeof setTimeout> | undefined;
    const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => (afterFrame = setTimeout(mark, 0))) : 0;
    const fallback = setTimeout(mark, FALLBACK_MS);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(afterFrame);
      clearTimeout(fallback);
    };
  }, [sidePanels, settled]);
}

/** Renders `children` from the task after the window's first frame. */
export function AfterFirstPaint({ children }: { children: ReactNode }) {
  return useSidePanels((s) => s.firstPaintDone) ? children : null;
}
