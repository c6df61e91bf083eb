// A tab's subscriptions travel with its event stream (EVENTS_QUERY): a page's
// start subscribes its stores to many events at once, and as one POST each
// they queued in the browser's six connections ahead of the calls that wait
// for them (18 POSTs before `hello` in a traced start). The renderer's browser
// transport against the real browser host, over real HTTP and SSE (Node's
// EventSource stands in for the browser's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../src-main/web/server';
import type { BlockChangedEvent, EventName } from '../../src-shared/contract';
import { CONTROL_PATH, EVENTS_PATH } from '../../src-shared/http-protocol';
import { createBrowserTransport } from '../../src-renderer/src/transport';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { makeRendererFixture } from '../support/renderer-fixture';
import { collect, waitFor } from '../support/wait';

const START_EVENTS: EventName[] = ['blockChanged', 'childUpdated', 'blockUnlinked', 'marksChanged', 'blockBusy', 'blockShrank'];

let host: BrowserHost;
let fixture: ReturnType<typeof makeRendererFixture>;
let tabs = 0;
/** Every control message the tabs of this file sent, by path. */
const controlPosts: string[] = [];
const realFetch = globalThis.fetch;

beforeAll(async () => {
  fixture = makeRendererFixture();
  host = await startBrowserHost({ port: 0, hostDir: fixture.dir });
  globalThis.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.includes(CONTROL_PATH)) controlPosts.push(new URL(url).pathname);
    return realFetch(input, init);
  };
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  await host.close();
  fixture.remove();
  unlinkUsedBlocks();
});

function newTab() {
  return createBrowserTransport({ origin: host.origin, token: host.token, clientId: `subs-${process.pid}-${++tabs}` });
}

/** A block of this test's own, watched by `tab`, and a write into the watched range from the host's side. */
async function watchedBlock(tab: ReturnType<typeof newTab>) {
  const name = uniqueBlockName('subs');
  await tab.api.call('openBlock', { name, size: 4096 });
  await tab.api.call('watch', { name, offset: 0, length: 256 });
  return { name, write: (value: number) => tab.api.call('write', { name, offset: 8, bytes: new Uint8Array([value]) }) };
}

describe("a tab's subscriptions ride on its event stream", () => {
  it("a start's subscriptions cost no control POST, and their events arrive", async () => {
    controlPosts.length = 0;
    const tab = newTab();
    try {
      // As a page starts: its stores subscribe, all at once, then the first calls leave.
      const stops = START_EVENTS.filter((e) => e !== 'blockChanged').map((event) => tab.api.on(event, () => {}));
      const changes = collect<BlockChangedEvent>((listener) => tab.api.on('blockChanged', listener));
      expect((await tab.api.call('hello', {})).host).toBe('browser');
      const block = await watchedBlock(tab);
      await block.write(0x5a);
      const seen = await waitFor(() => changes.items.find((e) => e.name === block.name), 'the write as a blockChanged event');
      expect(Array.from(seen.ranges[0]!.bytes)).toEqual([0x5a]);
      expect(controlPosts).toEqual([]);
      changes.stop();
      for (const stop of stops) stop();
    } finally {
      tab.close();
    }
  });

  it('a change once the stream is open is one POST each way, and the host honours it', async () => {
    const tab = newTab();
    try {
      await waitFor(() => tab.connection.get().status === 'online', 'the event stream to open');
      controlPosts.length = 0;
      const block = await watchedBlock(tab);
      const changes = collect<BlockChangedEvent>((listener) => tab.api.on('blockChanged', listener));
      await block.write(1);
      await waitFor(() => changes.items.length > 0, 'the event after subscribing');
      expect(controlPosts).toEqual([`${CONTROL_PATH}subscribe`]);

      changes.stop(); // the last listener gone: unsubscribed
      await waitFor(() => controlPosts.length === 2, 'the unsubscribe POST');
      const again = collect<BlockChangedEvent>(() => () => {}); // nothing listens: nothing may arrive
      const probe = newTab(); // a second tab that listens, to know when the host has sent the write's events
      const probeChanges = collect<BlockChangedEvent>((listener) => probe.api.on('blockChanged', listener));
      await probe.api.call('watch', { name: block.name, offset: 0, length: 256 });
      const before = changes.items.length;
      await block.write(2);
      await waitFor(() => probeChanges.items.some((e) => e.ranges.some((r) => r.bytes[0] === 2)), 'the probe tab to see the write');
      expect(changes.items.length).toBe(before);
      expect(again.items).toEqual([]);
      probeChanges.stop();
      probe.close();
    } finally {
      tab.close();
    }
  });

  it('a stream that names no event is refused with 400, and the host goes on', async () => {
    const url = (events: string) => `${host.origin}${EVENTS_PATH}?token=${host.token}&client=subs-bad&events=${encodeURIComponent(events)}`;
    for (const events of ['nope', 'blockChanged,__proto__', 'blockChanged,']) {
      const response = await realFetch(url(events));
      expect(response.status, events).toBe(400);
      expect(await response.text()).toMatch(/names no event/);
    }
    const tab = newTab();
    try {
      expect((await tab.api.call('hello', {})).host).toBe('browser');
    } finally {
      tab.close();
    }
  });
});
