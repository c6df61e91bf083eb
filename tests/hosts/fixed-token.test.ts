// startBrowserHost's `token` option (SHM_INSPECTOR_TOKEN in the CLI): a host
// restarted with the same token on the same port is, to an open tab, the same
// host. By default each host still makes its own random token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_PATH, CLIENT_HEADER, TOKEN_HEADER } from '../../src-shared/http-protocol';
import { startBrowserHost, type BrowserHost } from '../../src-main/web/server';
import { makeRendererFixture, type RendererFixture } from '../support/renderer-fixture';

const FIXED = '0123456789abcdef0123456789ABCDEF'; // exactly 32 hex characters, both cases

let fixture: RendererFixture;
beforeAll(() => {
  fixture = makeRendererFixture();
});
afterAll(() => fixture.remove());

function hello(host: { port: number }, token: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${host.port}${CALL_PATH}hello`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token, [CLIENT_HEADER]: 'fixed-token-test' },
    body: '{}',
  });
}

async function withHost<T>(options: Parameters<typeof startBrowserHost>[0], use: (host: BrowserHost) => Promise<T>): Promise<T> {
  const host = await startBrowserHost({ hostDir: fixture.dir, ...options });
  try {
    return await use(host);
  } finally {
    await host.close();
  }
}

describe('the token option', () => {
  it('uses the given token: in the URL, for the page and for calls; another token is refused', async () => {
    await withHost({ token: FIXED }, async (host) => {
      expect(host.token).toBe(FIXED);
      expect(host.url).toBe(`${host.origin}/?token=${FIXED}`);
      expect((await fetch(host.url)).status).toBe(200);
      expect((await hello(host, FIXED)).status).toBe(200);
      expect((await hello(host, FIXED.toLowerCase())).status).toBe(401); // compared exactly, as given
      expect((await hello(host, 'f'.repeat(32))).status).toBe(401);
    });
  });

  it('lets a host restarted on the same port with the same token answer what the first one printed', async () => {
    const first = await startBrowserHost({ hostDir: fixture.dir, token: FIXED });
    const { port, url } = first;
    await first.close();
    await expect(hello({ port }, FIXED)).rejects.toThrow(); // nobody listens now
    await withHost({ token: FIXED, port }, async (second) => {
      expect(second.url).toBe(url);
      expect((await hello(second, FIXED)).status).toBe(200);
    });
  });

  it('refuses a token shorter than 32 hex characters, or not hex, and listens on nothing', async () => {
    for (const bad of ['', 'abc', FIXED.slice(1), `${FIXED.slice(1)}g`, `${FIXED} `, `${FIXED}-`]) {
      await expect(startBrowserHost({ hostDir: fixture.dir, token: bad })).rejects.toThrow(/at least 32 hex characters/);
    }
  });

  it('makes a new random token for each host by default', async () => {
    const tokens = await Promise.all([withHost({}, async (host) => host.token), withHost({}, async (host) => host.token)]);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(tokens[0]).not.toBe(tokens[1]);
  });
});
