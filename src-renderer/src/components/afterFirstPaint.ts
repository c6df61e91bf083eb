// The first screen shows the block's bytes before the side panels mount: a
// window's first render of every panel took most of the ~290 ms between the
// bytes' arrival and their first paint (bench section 6, start to first
// paint), for panels a user reads after the bytes. What waits here mounts in
// a task after the first frame that shows the bytes: a requestAnimationFrame
// callback runs just before a frame's paint, a task it queues runs after it.
// The window's first render waits for the bytes only so long (main.tsx); on a
// slow host it draws the rows without them, and the panels wait on, by the
// same rule (firstScreenReady: the bytes, an error in their place, or a start
// that failed) up to BYTES_WAIT_MS, so that they do not put the bytes' paint
// off by their own first render. A page whose frames do not run (hidden, in a
// background tab) goes on after FALLBACK_MS. The flag is the window's
// (stores/sidePanels.ts): once set, nothing waits.
import { useEffect, type ReactNode } from 'react';
import { firstScreenReady } from '../session';
import { useSession, useSidePanels } from '../sessionContext';

const FALLBACK_MS = 100;
/** The longest the panels wait for the first screen's bytes. */
const BYTES_WAIT_MS = 1000;

/** Marks the window's first frame with its bytes painted, in the task after it (the app's root calls this once). */
export function useFirstPaintMark(): void {
  const session = useSession();
  const { sidePanels } = session.stores;
  useEffect(() => {
    if (sidePanels.getState().firstPaintDone) return;
    const mark = () => sidePanels.getState().markFirstPaintDone();
    let stopped = false;
    let frame = 0;
    let afterFrame: ReturnType<typeof setTimeout> | undefined;
    let fallback: ReturnType<typeof setTimeout> | undefined;
    void firstScreenReady(session, BYTES_WAIT_MS).then(() => {
      if (stopped) return;
      if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(() => (afterFrame = setTimeout(mark, 0)));
      fallback = setTimeout(mark, FALLBACK_MS);
    });
    return () => {
      stopped = true;
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(afterFrame);
      clearTimeout(fallback);
    };
  }, [session, sidePanels]);
}

/** Renders `children` from the task after the window's first frame. */
export function AfterFirstPaint({ children }: { children: ReactNode }) {
  return useSidePanels((s) => s.firstPaintDone) ? children : null;
}
