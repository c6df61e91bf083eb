// The contract suite against the browser host, over real HTTP and SSE, with
// the client the page ships: the renderer's browser transport (the contract
// client over transport/browser-adapter.ts). Node's own EventSource stands in
// for the browser's (vitest starts workers with --experimental-eventsource).
import { describe, expect, it } from 'vitest';
import { startBrowserHost } from '../../src-main/web/server';
import { createBrowserTransport } from '../../src-renderer/src/transport';
import { contractSuite } from '../support/contract-suite';
import { makeRendererFixture } from '../support/renderer-fixture';
import { waitFor } from '../support/wait';

let tabs = 0;

function newTab(origin: string, token: string) {
  return createBrowserTransport({ origin, token, clientId: `contract-${process.pid}-${++tabs}` });
}

contractSuite("the browser host (HTTP + SSE, the renderer's browser transport)", async (coreOptions) => {
  const fixture = makeRendererFixture();
  const host = await startBrowserHost({ port: 0, hostDir: fixture.dir, coreOptions });
  const opened: ReturnType<typeof newTab>[] = [];
  const newClient = async () => {
    const tab = newTab(host.origin, host.token);
    opened.push(tab);
    await waitFor(() => tab.connection.get().status === 'online', 'the event stream to open');
    return tab.api;
  };
  return {
    host: 'browser',
    api: await newClient(),
    newClient,
    close: async () => {
      for (const tab of opened) tab.close();
      await host.close();
      fixture.remove();
    },
  };
});

describe('the browser transport when the host is gone', () => {
  it('reports ERR_UNAVAILABLE, and the host stopped its core', async () => {
    const fixture = makeRendererFixture();
    const host = await startBrowserHost({ port: 0, hostDir: fixture.dir });
    const tab = newTab(host.origin, host.token);
    await waitFor(() => tab.connection.get().status === 'online', 'the event stream to open');
    expect((await tab.api.call('hello', {})).host).toBe('browser');
    await host.close();
    fixture.remove();
    await expect(tab.api.call('hello', {})).rejects.toMatchObject({ code: 'ERR_UNAVAILABLE' });
    expect(await host.core.handle('hello', {}, 'late')).toMatchObject({
      ok: false,
      error: { code: 'ERR_INTERNAL', message: 'the inspector has shut down' },
    });
    tab.close();
  });
});
