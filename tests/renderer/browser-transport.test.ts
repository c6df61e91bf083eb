// The renderer's browser transport (the contract client over
// src-renderer/src/transport/browser-adapter.ts) against the real browser host
// over HTTP + SSE. EventSource is Node's own (vitest passes --experimental-eventsource).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError, type BlockChangedEvent, type CallName } from '../../src-shared/contract';
import { startBrowserHost, type BrowserHost } from '../../src-main/web/server';
import { createBrowserTransport } from '../../src-renderer/src/transport';
import type { ConnectionState } from '../../src-renderer/src/transport/connection';
import { createSession } from '../../src-renderer/src/session';
import { byteAt } from '../../src-renderer/src/stores/bytes';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { writeFromOtherProcess } from '../support/processes';
import { makeRendererFixture, type RendererFixture } from '../support/renderer-fixture';
import { collect, waitFor } from '../support/wait';
import { memoryAddress } from './core-session';

let fixture: RendererFixture;
let host: BrowserHost;
const tabs: ReturnType<typeof createBrowserTransport>[] = [];

function newTab(token = host.token, origin = host.origin) {
  const tab = createBrowserTransport({ token, clientId: `renderer-test-${process.pid}-${tabs.length + 1}`, origin });
  tabs.push(tab);
  return tab;
}

async function online(connection: { get(): ConnectionState }): Promise<void> {
  await waitFor(() => connection.get().status === 'online', 'the event stream to open');
}

beforeAll(async () => {
  fixture = makeRendererFixture();
  host = await startBrowserHost({ port: 0, hostDir: fixture.dir });
});
afterAll(async () => {
  for (const tab of tabs) tab.close(); // no retry timer outlives the file
  await host.close();
  fixture.remove();
  unlinkUsedBlocks();
});

describe('calls', () => {
  it('goes online when the event stream opens, and calls the host', async () => {
    const { api, connection } = newTab();
    expect(connection.get()).toMatchObject({ status: 'connecting', epoch: 0 });
    await online(connection);
    expect(connection.get()).toMatchObject({ status: 'online', detail: null, retryAt: null, epoch: 1 });
    const hello = await api.call('hello', {});
    expect(hello.host).toBe('browser');
  });

  it('carries bytes both ways as Uint8Array', async () => {
    const { api } = newTab();
    const name = uniqueBlockName('rtr-bytes');
    await api.call('openBlock', { name, size: 4096 });
    const payload = Uint8Array.from([0, 1, 0x7f, 0x80, 0xff, 0x20, 0xac]);
    expect(await api.call('write', { name, offset: 100, bytes: payload })).toEqual({ written: payload.length });
    const back = await api.call('read', { name, offset: 100, length: payload.length });
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.bytes)).toEqual(Array.from(payload));
  });

  it("turns an ok:false outcome into a ContractError with the host's code and message", async () => {
    const { api } = newTab();
    const args = { name: 'no/slashes', size: 4096 };
    const direct = await host.core.handle('openBlock', args, 'reference');
    expect(direct.ok).toBe(false);
    const error = await api.call('openBlock', args).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject(direct.ok ? {} : { code: direct.error.code, message: direct.error.message });
    expect((error as ContractError).code).toBe('ERR_SHM_NAME');
  });

  it('refuses a call the contract does not know with ERR_BAD_MESSAGE, as the host would (HTTP 404 and an outcome)', async () => {
    const { api } = newTab();
    const call = api.call('noSuchCall' as CallName, {} as never);
    await expect(call).rejects.toMatchObject({ code: 'ERR_BAD_MESSAGE', message: expect.stringContaining('noSuchCall') });
  });

  it('reports a wrong token as ERR_UNAVAILABLE that says what to do, and stays offline', async () => {
    const { api, connection } = newTab('0'.repeat(48));
    await expect(api.call('hello', {})).rejects.toMatchObject({
      code: 'ERR_UNAVAILABLE',
      message: expect.stringContaining('HTTP 401'),
    });
    await waitFor(() => connection.get().status === 'offline', 'the refused stream to be reported');
    expect(connection.get().detail).toContain('Cannot reach the inspector host');
    expect(connection.get().retryAt).toBeGreaterThan(0);
    expect(connection.get().epoch).toBe(0);
  });
});

describe('events', () => {
  it('delivers blockChanged for the watched range with its bytes', async () => {
    const { api, connection } = newTab();
    await online(connection);
    const name = uniqueBlockName('rtr-events');
    await api.call('openBlock', { name, size: 4096 });
    const seen = collect<BlockChangedEvent>((listener) => api.on('blockChanged', listener));
    await api.call('watch', { name, offset: 0, length: 256 });
    await writeFromOtherProcess(name, 4096, 8, Uint8Array.of(0xca, 0xfe));
    const event = await waitFor(() => seen.items.find((e) => e.ranges.some((r) => r.offset <= 8)), 'the change event');
    expect(event.name).toBe(name);
    const range = event.ranges.find((r) => r.offset <= 8)!;
    expect(range.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(range.bytes.subarray(8 - range.offset, 10 - range.offset))).toEqual([0xca, 0xfe]);
    seen.stop();
    const before = seen.items.length;
    await writeFromOtherProcess(name, 4096, 20, Uint8Array.of(1));
    await api.call('read', { name, offset: 0, length: 1 }); // give a stray event time to arrive
    expect(seen.items.length).toBe(before); // unsubscribed
  });

  it("feeds the stores: an external write shows in the bytes store's window", async () => {
    const { api, connection } = newTab();
    await online(connection);
    const session = createSession(api, memoryAddress());
    const bytes = () => session.stores.bytes.getState();
    try {
      const name = uniqueBlockName('rtr-store');
      expect(await session.openBlock({ name, size: 4096 })).toBe(true);
      bytes().showRange(0, 256);
      await waitFor(() => bytes().window, 'the watched window');
      await writeFromOtherProcess(name, 4096, 0x30, Uint8Array.of(0x5a));
      await waitFor(() => byteAt(bytes().window, 0x30) === 0x5a, 'the external write in the store');
    } finally {
      session.dispose();
    }
  });
});

describe('when the host goes away', () => {
  it('reports offline with a reason and fails calls with ERR_UNAVAILABLE', async () => {
    const own = makeRendererFixture();
    const doomed = await startBrowserHost({ port: 0, hostDir: own.dir });
    try {
      const { api, connection } = newTab(doomed.token, doomed.origin);
      await online(connection);
      await doomed.close();
      await waitFor(() => connection.get().status === 'offline', 'the lost stream to be reported');
      expect(connection.get().detail).toContain('Lost the connection');
      expect(connection.get().detail).toContain('unreachable');
      expect(connection.get().retryAt).toBeGreaterThan(0);
      await expect(api.call('hello', {})).rejects.toMatchObject({
        code: 'ERR_UNAVAILABLE',
        message: expect.stringContaining('unreachable'),
      });
    } finally {
      own.remove();
    }
  });

  it('comes back by itself when a host with the same token starts again on the same port', async () => {
    const own = makeRendererFixture();
    const token = 'a1'.repeat(24);
    const first = await startBrowserHost({ port: 0, hostDir: own.dir, token });
    let second: BrowserHost | null = null;
    try {
      const { api, connection } = newTab(token, first.origin);
      await online(connection);
      const name = uniqueBlockName('rtr-restart');
      await api.call('openBlock', { name, size: 4096 });
      await first.close();
      await waitFor(() => connection.get().status === 'offline', 'the lost stream to be reported');
      second = await startBrowserHost({ port: first.port, hostDir: own.dir, token });
      await waitFor(() => connection.get().status === 'online', 'the tab to reconnect', 30_000);
      expect(connection.get().epoch).toBe(2);
      // The new host has not opened the block: the tab's resync opens it again, as session.ts does.
      await expect(api.call('getString', { name })).rejects.toMatchObject({ code: 'ERR_BLOCK_NOT_OPEN' });
      await api.call('openBlock', { name, size: 4096 });
      expect(await api.call('setString', { name, text: 'after the restart' })).toMatchObject({ units: 17 });
    } finally {
      await second?.close();
      own.remove();
    }
  }, 60_000);
});
