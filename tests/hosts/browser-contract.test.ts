// The contract suite against the browser host, over real HTTP and SSE.
import { describe, expect, it } from 'vitest';
import { startBrowserHost } from '../../src-main/web/server';
import { createHttpClient, type HttpInspectorClient } from '../../src-main/web/http-client';
import { contractSuite } from '../support/contract-suite';
import { makeRendererFixture } from '../support/renderer-fixture';

contractSuite('the browser host (HTTP + SSE)', async (coreOptions) => {
  const fixture = makeRendererFixture();
  const host = await startBrowserHost({ port: 0, hostDir: fixture.dir, coreOptions });
  const clients: HttpInspectorClient[] = [];
  const newClient = async () => {
    const client = createHttpClient({ origin: host.origin, token: host.token });
    clients.push(client);
    await client.ready;
    return client;
  };
  return {
    host: 'browser',
    api: await newClient(),
    newClient,
    close: async () => {
      for (const client of clients) client.close();
      await host.close();
      fixture.remove();
    },
  };
});

describe('the HTTP client when the host is gone', () => {
  it('reports ERR_UNAVAILABLE, and the host stopped its core', async () => {
    const fixture = makeRendererFixture();
    const host = await startBrowserHost({ port: 0, hostDir: fixture.dir });
    const client = createHttpClient({ origin: host.origin, token: host.token });
    await client.ready;
    expect((await client.call('hello', {})).host).toBe('browser');
    await host.close();
    fixture.remove();
    await expect(client.call('hello', {})).rejects.toMatchObject({ code: 'ERR_UNAVAILABLE' });
    expect(await host.core.handle('hello', {}, 'late')).toMatchObject({ ok: false, error: { code: 'ERR_INTERNAL', message: 'the inspector has shut down' } });
    client.close();
  });
});
