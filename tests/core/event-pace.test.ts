// The watcher's pace (src-main/core/event-pace.ts): one frame while changes
// start, two once they have kept coming, one again after a quiet while.
import { describe, expect, it } from 'vitest';
import { EventPace } from '../../src-main/core/event-pace';
import { EVENT_FRAME_MS, SUSTAINED_CHANGES_MS, SUSTAINED_EVENT_FRAME_MS } from '../../src-main/core/limits';

describe('EventPace', () => {
  it('takes one frame while changes start, two once they keep coming, one again after a pause', () => {
    const pace = new EventPace();
    let now = 1000;
    pace.noteSignal(now);
    expect(pace.frameAt(now)).toBe(EVENT_FRAME_MS);
    // Signals every 5 ms: one frame until the run is SUSTAINED_CHANGES_MS old.
    for (; now < 1000 + SUSTAINED_CHANGES_MS; now += 5) {
      pace.noteSignal(now);
      expect(pace.frameAt(now), `at +${now - 1000} ms`).toBe(EVENT_FRAME_MS);
    }
    pace.noteSignal(now);
    expect(pace.frameAt(now)).toBe(SUSTAINED_EVENT_FRAME_MS);
    // One signal per take at the slower pace keeps the run going.
    for (let i = 0; i < 10; i++) pace.noteSignal((now += SUSTAINED_EVENT_FRAME_MS));
    expect(pace.frameAt(now)).toBe(SUSTAINED_EVENT_FRAME_MS);
    // A pause longer than a slow take and a frame: a new run, at one frame.
    now += SUSTAINED_EVENT_FRAME_MS + EVENT_FRAME_MS + 1;
    pace.noteSignal(now);
    expect(pace.frameAt(now)).toBe(EVENT_FRAME_MS);
  });

  it('no pace stays no pace, and the slow pace is never faster than the frame', () => {
    const none = new EventPace(0);
    const slowFrame = new EventPace(50, 33, 100);
    for (let now = 0; now < 1000; now += 1) {
      none.noteSignal(now);
      slowFrame.noteSignal(now);
    }
    expect(none.frameAt(1000)).toBe(0);
    expect(slowFrame.frameAt(1000)).toBe(50);
  });
});
