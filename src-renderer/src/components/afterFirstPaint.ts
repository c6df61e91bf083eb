// The first screen shows the block's bytes before the side panels mount: a
// window's first render of every panel took most of the ~290 ms between the
// bytes' arrival and their first paint (bench section 6, start to first
// paint), for panels a user reads after the bytes. What waits here mounts in
// a task after the window's first frame: a requestAnimationFrame callback runs
// just before a frame's paint, a task it queues runs after it. A page whose
// frames do not run (hidden, in a background tab) goes on after FALLBACK_MS.
// The flag is the window's (stores/sidePanels.ts): once set, nothing waits.
import { useEffect, type ReactNode } from 'react';
import { useSession, useSidePanels } from '../sessionContext';

const FALLBACK_MS = 100;

/** Marks the window's first frame painted, in the task after it (the app's root calls this once). */
export function useFirstPaintMark(): void {
  const { sidePanels } = useSession().stores;
  useEffect(() => {
    if (sidePanels.getState().firstPaintDone) return;
    const mark = () => sidePanels.getState().markFirstPaintDone();
    let afterFrame: ReturnType<typeof setTimeout> | undefined;
    const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => (afterFrame = setTimeout(mark, 0))) : 0;
    const fallback = setTimeout(mark, FALLBACK_MS);
    return () => {
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(afterFrame);
      clearTimeout(fallback);
    };
  }, [sidePanels]);
}

/** Renders `children` from the task after the window's first frame. */
export function AfterFirstPaint({ children }: { children: ReactNode }) {
  return useSidePanels((s) => s.firstPaintDone) ? children : null;
}
