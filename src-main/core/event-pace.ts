// How long the watcher lets the native queue fill before JavaScript takes it
// and each page gets its one blockChanged: one frame (EVENT_FRAME_MS) while
// changes start, so a page shows a burst at the display's rate; two frames
// (SUSTAINED_EVENT_FRAME_MS) once they have kept coming for
// SUSTAINED_CHANGES_MS. A writer that changes a block 1,000 times a second
// for as long as it runs gives nobody 60 readable frames a second, and each
// event costs every page a patch, a layout and a paint, and the host a send:
// at two frames, a page with eight plotted series kept its frame p99 at
// 16.8 ms where one frame gave 33.3 ms (the page's main thread 415 ms a second,
// not 674), and the host's CPU fell from 10.5 to 8.4% (bench section 11).
// The History records every change either way; a lone change after a quiet
// while is taken at once (the watcher's own rule).
import { EVENT_FRAME_MS, SUSTAINED_CHANGES_MS, SUSTAINED_EVENT_FRAME_MS } from './limits';

export class EventPace {
  /** When the current run of changes began (performance.now()). */
  private runSince = -Infinity;
  private lastSignalAt = -Infinity;
  private readonly sustainedFrameMs: number;

  /** `frameMs` 0: no pace (every signal taken at once, as the CLI's log wants). */
  constructor(
    private readonly frameMs = EVENT_FRAME_MS,
    sustainedFrameMs = SUSTAINED_EVENT_FRAME_MS,
    private readonly sustainedAfterMs = SUSTAINED_CHANGES_MS,
  ) {
    this.sustainedFrameMs = frameMs === 0 ? 0 : Math.max(frameMs, sustainedFrameMs);
  }

  /** The native thread signalled changes at `now`: a signal after a quiet while (longer than a sustained take's wait and a frame) starts a new run. */
  noteSignal(now: number): void {
    if (now - this.lastSignalAt > this.sustainedFrameMs + this.frameMs) this.runSince = now;
    this.lastSignalAt = now;
  }

  /** The wait between two takes at `now`, ms. */
  frameAt(now: number): number {
    return now - this.runSince >= this.sustainedAfterMs ? this.sustainedFrameMs : this.frameMs;
  }
}
