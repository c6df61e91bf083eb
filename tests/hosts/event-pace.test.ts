// What the host sends a page while another process writes a block faster
// than a page can show: at most one blockChanged per frame interval per block
// (EVENT_FRAME_MS), per two once the changes keep coming (event-pace.ts),
// carrying the latest bytes, so each tab ends on the
// block's final bytes; the History still holds far more of the changes than
// the pages were sent. A real browser host (HTTP + SSE, the renderer's
// browser transport) and a writer in another process.
import { afterAll, describe, expect, it } from 'vitest';
import type { BlockChangedEvent, InspectorApi } from '../../src-shared/contract';
import { EVENT_FRAME_MS, SUSTAINED_CHANGES_MS, SUSTAINED_EVENT_FRAME_MS } from '../../src-main/core/limits';
import { startBrowserHost } from '../../src-main/web/server';
import { createBrowserTransport } from '../../src-renderer/src/transport';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { writeCounterFromOtherProcess } from '../support/processes';
import { makeRendererFixture } from '../support/renderer-fixture';
import { collect, waitFor } from '../support/wait';

const SIZE = 4096;
const COUNTER_AT = 8;
const WRITES = 2400;
const WRITING_MS = 1500; // 1,600 writes a second

/** The u32 at COUNTER_AT after replaying `events` over `initial`, as a page's store would. */
function counterAfter(initial: Uint8Array, events: readonly BlockChangedEvent[]): number {
  const bytes = initial.slice();
  for (const event of events) for (const range of event.ranges) bytes.set(range.bytes, range.offset);
  return new DataView(bytes.buffer).getUint32(COUNTER_AT, true);
}

describe('the browser host under a fast writer', () => {
  afterAll(() => unlinkUsedBlocks());

  it('sends each tab at most one blockChanged per frame interval (two, sustained), ending on the final bytes; the History keeps the rest', async () => {
    const fixture = makeRendererFixture();
    const host = await startBrowserHost({ port: 0, hostDir: fixture.dir });
    const tabs = [1, 2].map((n) =>
      createBrowserTransport({ origin: host.origin, token: host.token, clientId: `pace-${process.pid}-${n}` }),
    );
    try {
      const name = uniqueBlockName('pace');
      const apis: InspectorApi[] = tabs.map((tab) => tab.api);
      for (const tab of tabs) await waitFor(() => tab.connection.get().status === 'online', 'the event stream to open');
      await apis[0]!.call('openBlock', { name, size: SIZE });
      const seen = apis.map((api) => collect<BlockChangedEvent>((listener) => api.on('blockChanged', listener)));
      const initial: Uint8Array[] = [];
      for (const api of apis) {
        await api.call('openBlock', { name, size: SIZE });
        initial.push((await api.call('watch', { name, offset: 0, length: SIZE })).bytes);
      }

      const written = await writeCounterFromOtherProcess(name, SIZE, COUNTER_AT, WRITES, WRITING_MS);
      for (const [index, tab] of seen.entries()) {
        await waitFor(() => counterAfter(initial[index]!, tab.items) === written.last, `tab ${index + 1} to show the last write`);
      }
      const block = await apis[0]!.call('read', { name, offset: 0, length: SIZE });
      const history = await apis[0]!.call('readHistory', { name, offset: COUNTER_AT, length: 4, max: 1 });

      // One event per frame while the writer's changes began, one per two frames once they kept coming
      // (event-pace.ts), and a few more: timers that fire early, the last one, and a writer stalled past
      // a slow take by a busy machine (its next changes start a run at one frame again). One event a
      // frame throughout (the pace before) sent 94 in such a run.
      const sustainedMs = Math.max(0, written.elapsedMs - SUSTAINED_CHANGES_MS);
      const allowed = Math.ceil(SUSTAINED_CHANGES_MS / EVENT_FRAME_MS) + Math.ceil(sustainedMs / SUSTAINED_EVENT_FRAME_MS) + 12;
      for (const [index, tab] of seen.entries()) {
        console.log(
          `tab ${index + 1}: ${tab.items.length} blockChanged for ${written.writes} writes in ${written.elapsedMs.toFixed(0)} ms ` +
            `(allowed ${allowed}); the History holds ${history.total} changes of the counter`,
        );
        expect(tab.items.length).toBeLessThanOrEqual(allowed);
        const shown = initial[index]!.slice();
        for (const event of tab.items) for (const range of event.ranges) shown.set(range.bytes, range.offset);
        expect(Buffer.from(shown).equals(Buffer.from(block.bytes))).toBe(true);
        const times = tab.items.map((event) => event.detectedAt);
        expect(times).toEqual([...times].sort((a, b) => a - b)); // in the order the watcher saw them
      }
      // The pages were sent the frames; the History has the changes (many per frame).
      expect(history.total).toBeGreaterThan(3 * Math.max(...seen.map((tab) => tab.items.length)));
    } finally {
      for (const tab of tabs) tab.close();
      await host.close();
      fixture.remove();
    }
  });
});
