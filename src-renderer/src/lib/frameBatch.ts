// Coalesces a burst of events to the display's frames. The first event after
// a quiet frame is applied at once (a lone write reaches the DOM without
// waiting for a frame); the events that follow it within the same frame are
// kept and applied together in the next animation frame, in order. So a block
// written 1,000 times a second costs the page at most two store updates per
// frame, not 16. A hidden page gets no animation frames: a timer flushes
// then, and a backlog of `maxPending` events is applied at once.

export interface FrameScheduler {
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface FrameBatchOptions {
  scheduler?: FrameScheduler;
  /** Flush when no animation frame came within this (hidden page), ms. */
  fallbackMs?: number;
  /** Flush at once when this many events wait. */
  maxPending?: number;
}

// Where there are no animation frames at all (a session run by tests in Node),
// a 16 ms timer stands in for the next frame.
const hasFrames = () => typeof requestAnimationFrame === 'function';

const browserScheduler = (): FrameScheduler => ({
  requestFrame: (callback) => (hasFrames() ? requestAnimationFrame(callback) : Number(setTimeout(callback, 16))),
  cancelFrame: (handle) => (hasFrames() ? cancelAnimationFrame(handle) : clearTimeout(handle)),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

/** Returns a listener that hands events to `apply` at most once at once and once per frame after. */
export function frameBatch<T>(apply: (items: T[]) => void, options: FrameBatchOptions = {}): (item: T) => void {
  const scheduler = options.scheduler ?? browserScheduler();
  const fallbackMs = options.fallbackMs ?? 100;
  const maxPending = options.maxPending ?? 256;
  let pending: T[] = [];
  // Open from an applied event until the next frame: events then wait for that frame.
  let frame: number | null = null;
  let timer: unknown = null;

  const closeFrame = () => {
    if (frame !== null) scheduler.cancelFrame(frame);
    if (timer !== null) scheduler.clearTimer(timer);
    frame = null;
    timer = null;
  };
  const flush = () => {
    closeFrame();
    const items = pending;
    pending = [];
    if (items.length > 0) apply(items);
  };
  const openFrame = () => {
    frame = scheduler.requestFrame(flush);
    timer = scheduler.setTimer(flush, fallbackMs);
  };

  return (item) => {
    if (frame === null) {
      apply([item]); // the leading event of a burst: no wait
      openFrame();
      return;
    }
    pending.push(item);
    if (pending.length >= maxPending) {
      flush();
      openFrame();
    }
  };
}
