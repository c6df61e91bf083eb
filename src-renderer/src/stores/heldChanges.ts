// The blockChanged events that arrive while a watch's answer is on its way.
// Events (SSE, IPC events) and answers (HTTP, IPC replies) travel separately,
// so a change the host saw after it took the answer's bytes can reach us
// before the answer does. Replaying the kept events, in order, on top of the
// answer gives the newest bytes: each range carries its new bytes, so applying
// one the answer already holds changes nothing.
import type { BlockChangedEvent, ByteRange } from '../contract';

/** Past either bound the events are dropped and the window must be fetched again. */
const MAX_HELD_EVENTS = 256;
const MAX_HELD_BYTES = 4 * 1024 * 1024;

export class HeldChanges {
  private ranges: ByteRange[] = [];
  private events = 0;
  private bytes = 0;
  private overflowed = false;

  constructor(private readonly blockName: string) {}

  keep(event: BlockChangedEvent): void {
    if (this.overflowed || event.name !== this.blockName) return;
    this.events++;
    for (const range of event.ranges) this.bytes += range.bytes.length;
    if (this.events > MAX_HELD_EVENTS || this.bytes > MAX_HELD_BYTES) {
      this.overflowed = true;
      this.ranges = []; // incomplete now: useless, and the memory is what the bound protects
      return;
    }
    this.ranges.push(...event.ranges);
  }

  /** The kept ranges, oldest first; null when some were dropped (so the answer cannot be trusted). */
  replay(): readonly ByteRange[] | null {
    return this.overflowed ? null : this.ranges;
  }
}
