// The contract suite against the browser host, over real HTTP and SSE, with
// the client the page ships: the renderer's browser transport (the contract
// client over transport/browser-adapter.ts). Node's own EventSource stands in
// for the browser's (vitest starts workers with --experimental-eventsource).
import { describe, expect, it } from 'vitest';
import { startBrowserHost } from '../../src-main/web/server';
import type { EventName, InspectorApi } from '../../src-shared/contract';
import { createContractClient } from '../../src-shared/contract-client';
import { createBrowserTransport } from '../../src-renderer/src/transport';
import { createBrowserAdapter } from '../../src-renderer/src/transport/browser-adapter';
import { recordDeliveries } from '../support/recording-transport';
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
  const opened: { close(): void }[] = [];
  const delivered = new Map<InspectorApi, EventName[]>();
  // The renderer's browser transport (createBrowserTransport) with the adapter's deliveries recorded.
  const newClient = async () => {
    const adapter = createBrowserAdapter({ origin: host.origin, token: host.token, clientId: `contract-${process.pid}-${++tabs}` });
    const recorded = recordDeliveries(adapter.transport);
    const api = createContractClient(recorded.transport);
    opened.push(adapter);
    delivered.set(api, recorded.delivered);
    await waitFor(() => adapter.connection.get().status === 'online', 'the event stream to open');
    return api;
  };
  return {
    host: 'browser',
    api: await newClient(),
    newClient,
    deliveredTo: (api) => delivered.get(api) ?? [],
    jobCounts: () => host.core.finder.jobCounts(),
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
