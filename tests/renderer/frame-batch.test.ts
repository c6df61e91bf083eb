// lib/frameBatch.ts: a lone event is applied at once; a burst within a frame
// is applied together in that frame's callback, in order; a page without
// frames is flushed by its timer or by the backlog cap.
import { describe, expect, it } from 'vitest';
import { frameBatch, type FrameScheduler } from '../../src-renderer/src/lib/frameBatch';

/** A scheduler driven by hand: frames and timers run when the test says. */
function manualScheduler() {
  let next = 1;
  const frames = new Map<number, () => void>();
  const timers = new Map<number, () => void>();
  const scheduler: FrameScheduler = {
    requestFrame: (callback) => (frames.set(next, callback), next++),
    cancelFrame: (handle) => void frames.delete(handle),
    setTimer: (callback) => (timers.set(next, callback), next++),
    clearTimer: (handle) => void timers.delete(handle as number),
  };
  const runAll = (queue: Map<number, () => void>) => {
    const callbacks = [...queue.values()];
    queue.clear();
    callbacks.forEach((callback) => callback());
  };
  return { scheduler, frames, timers, frame: () => runAll(frames), timeout: () => runAll(timers) };
}

describe('frameBatch', () => {
  it('applies a lone event at once, and the burst after it once, in the next frame, in order', () => {
    const clock = manualScheduler();
    const applied: number[][] = [];
    const push = frameBatch<number>((items) => applied.push(items), { scheduler: clock.scheduler });
    push(1);
    expect(applied).toEqual([[1]]);
    for (let i = 2; i <= 17; i++) push(i); // 16 more events within one frame
    expect(applied).toEqual([[1]]);
    clock.frame();
    expect(applied).toEqual([[1], Array.from({ length: 16 }, (_, i) => i + 2)]);
    expect(clock.timers.size).toBe(0); // the fallback timer was cancelled with the frame
    // A quiet frame went by: the next event is again applied at once.
    push(99);
    expect(applied.at(-1)).toEqual([99]);
  });

  it('a frame with nothing waiting applies nothing', () => {
    const clock = manualScheduler();
    const applied: number[][] = [];
    const push = frameBatch<number>((items) => applied.push(items), { scheduler: clock.scheduler });
    push(1);
    clock.frame();
    expect(applied).toEqual([[1]]);
  });

  it('without animation frames (hidden page) the timer flushes, and a backlog is applied at the cap', () => {
    const clock = manualScheduler();
    const applied: number[][] = [];
    const push = frameBatch<number>((items) => applied.push(items), { scheduler: clock.scheduler, maxPending: 4 });
    push(0);
    push(1);
    push(2);
    clock.timeout();
    expect(applied).toEqual([[0], [1, 2]]);
    expect(clock.frames.size).toBe(0);
    push(10);
    for (let i = 11; i <= 14; i++) push(i);
    expect(applied.at(-1)).toEqual([11, 12, 13, 14]); // the cap, before any frame
  });
});
