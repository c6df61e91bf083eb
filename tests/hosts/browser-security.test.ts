// The browser host refuses what it must, with the right status, over real
// HTTP: token, Host, Origin, body size, malformed bodies, traversal; and it
// serves the renderer with content types and a CSP.
import { request } from 'node:http';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_PATH, CLIENT_HEADER, EVENTS_PATH, FRAME_TYPE, MAX_BODY_BYTES, TOKEN_HEADER } from '../../src-shared/http-protocol';
import { fromWireFrame, toWireFrame } from '../../src-shared/wire';
import { startBrowserHost, type BrowserHost } from '../../src-main/web/server';
import { createBrowserTransport } from '../../src-renderer/src/transport';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { FIXTURE_INDEX, makeRendererFixture, type RendererFixture } from '../support/renderer-fixture';
import { waitFor } from '../support/wait';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body's bytes (a wire frame's). */
  raw: Buffer;
}

let host: BrowserHost;
let fixture: RendererFixture;

/** A raw request: unlike fetch, it may set Host and send any path byte for byte. */
function send(options: {
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  chunked?: boolean;
}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${host.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString('utf8'), raw });
        });
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    if (options.chunked && options.body) {
      const body = Buffer.from(options.body);
      for (let i = 0; i < body.length; i += 65536) req.write(body.subarray(i, i + 65536));
      req.end();
    } else req.end(options.body);
  });
}

function frame(value: unknown): Buffer {
  const bytes = toWireFrame(value);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function apiHeaders(extra: Record<string, string | number> = {}): Record<string, string | number> {
  return { 'content-type': 'application/json', [TOKEN_HEADER]: host.token, [CLIENT_HEADER]: 'security-test', ...extra };
}

/** The block's bytes [offset, offset + length) as the host answers a JSON read: its wire JSON outcome. */
async function readAsJson(name: string, offset: number, length: number): Promise<unknown> {
  const read = await send({
    method: 'POST',
    path: `${CALL_PATH}read`,
    headers: apiHeaders(),
    body: JSON.stringify({ name, offset, length }),
  });
  return JSON.parse(read.body);
}

beforeAll(async () => {
  fixture = makeRendererFixture();
  symlinkSync('/etc/passwd', join(fixture.dir, 'assets', 'escape.txt'));
  host = await startBrowserHost({ port: 0, hostDir: fixture.dir, keepaliveMs: 50 });
});
afterAll(async () => {
  await host.close();
  fixture.remove();
  unlinkUsedBlocks();
});

describe('browser host: who may ask', () => {
  it('prints a URL on 127.0.0.1 with a random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('the page needs the token; loading it with the token sets a cookie for its files', async () => {
    expect((await send({ path: '/' })).status).toBe(401);
    expect((await send({ path: '/?token=wrong' })).status).toBe(401);
    expect((await send({ path: `/?token=${host.token}x` })).status).toBe(401);
    const page = await send({ path: `/?token=${host.token}` });
    expect(page.status).toBe(200);
    expect(page.body).toBe(FIXTURE_INDEX);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await send({ path: '/assets/app.js' })).status).toBe(401);
    const script = await send({ path: '/assets/app.js', headers: { cookie } });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send({ path: '/assets/app.css', headers: { cookie } })).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await send({ path: '/assets/logo.svg', headers: { cookie } })).headers['content-type']).toBe('image/svg+xml');
    expect((await send({ path: '/assets/app.js', headers: { cookie: 'shm-token-1=abc' } })).status).toBe(401);
  });

  it('a Host other than 127.0.0.1:PORT or localhost:PORT is 403 (DNS rebinding)', async () => {
    const path = `/?token=${host.token}`;
    expect((await send({ path, headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await send({ path, headers: { host: `evil.example:${host.port}` } })).status).toBe(403);
    expect((await send({ path, headers: { host: `127.0.0.1:${host.port + 1}` } })).status).toBe(403);
    expect((await send({ path, headers: { host: `localhost:${host.port}` } })).status).toBe(200);
    const call = await send({
      method: 'POST',
      path: `${CALL_PATH}hello`,
      headers: apiHeaders({ host: `rebound.example:${host.port}` }),
      body: '{}',
    });
    expect(call.status).toBe(403);
  });

  it('a foreign Origin is 403; our own origin is served', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, 'null', `https://127.0.0.1:${host.port}`]) {
      const reply = await send({ method: 'POST', path: `${CALL_PATH}hello`, headers: apiHeaders({ origin }), body: '{}' });
      expect(reply.status, origin).toBe(403);
    }
    const ours = await send({ method: 'POST', path: `${CALL_PATH}hello`, headers: apiHeaders({ origin: host.origin }), body: '{}' });
    expect(ours.status).toBe(200);
    expect(JSON.parse(ours.body)).toMatchObject({ ok: true, value: { host: 'browser' } });
  });

  it('calls need the token in the header or the query, never the cookie alone', async () => {
    const page = await send({ path: `/?token=${host.token}` });
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    const headers = { 'content-type': 'application/json', [CLIENT_HEADER]: 'c1' };
    expect((await send({ method: 'POST', path: `${CALL_PATH}hello`, headers, body: '{}' })).status).toBe(401);
    expect((await send({ method: 'POST', path: `${CALL_PATH}hello`, headers: { ...headers, cookie }, body: '{}' })).status).toBe(401);
    expect(
      (await send({ method: 'POST', path: `${CALL_PATH}hello`, headers: { ...headers, [TOKEN_HEADER]: 'nope' }, body: '{}' })).status,
    ).toBe(401);
    expect((await send({ method: 'POST', path: `${CALL_PATH}hello?token=${host.token}`, headers, body: '{}' })).status).toBe(200);
    expect((await send({ path: `${EVENTS_PATH}?client=c1` })).status).toBe(401);
  });
});

describe('browser host: what it accepts', () => {
  it('bodies over MAX_BODY_BYTES are 413, declared or streamed', async () => {
    const big = `{"text":"${'x'.repeat(MAX_BODY_BYTES)}"}`;
    const declared = await send({
      method: 'POST',
      path: `${CALL_PATH}setString`,
      headers: apiHeaders({ 'content-length': Buffer.byteLength(big) }),
      body: big,
    });
    expect(declared.status).toBe(413);
    const streamed = await send({ method: 'POST', path: `${CALL_PATH}setString`, headers: apiHeaders(), body: big, chunked: true });
    expect(streamed.status).toBe(413);
  });

  it('malformed JSON or base64 is 400 with ERR_BAD_MESSAGE; other bad requests have their status', async () => {
    const name = uniqueBlockName('h-bad');
    await send({ method: 'POST', path: `${CALL_PATH}openBlock`, headers: apiHeaders(), body: JSON.stringify({ name, size: 64 }) });
    const json = await send({ method: 'POST', path: `${CALL_PATH}info`, headers: apiHeaders(), body: '{"name":' });
    expect(json.status).toBe(400);
    expect(JSON.parse(json.body)).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
    const base64 = await send({
      method: 'POST',
      path: `${CALL_PATH}write`,
      headers: apiHeaders(),
      body: JSON.stringify({ name, offset: 0, bytes: { $bytes: 'A*==' } }),
    });
    expect(base64.status).toBe(400);
    expect(JSON.parse(base64.body)).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
    expect((await send({ method: 'POST', path: `${CALL_PATH}nonesuch`, headers: apiHeaders(), body: '{}' })).status).toBe(404);
    expect((await send({ method: 'GET', path: `${CALL_PATH}hello?token=${host.token}` })).status).toBe(405);
    expect(
      (await send({ method: 'POST', path: `${CALL_PATH}hello`, headers: apiHeaders({ 'content-type': 'text/plain' }), body: '{}' })).status,
    ).toBe(415);
    expect(
      (
        await send({
          method: 'POST',
          path: `${CALL_PATH}hello`,
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token },
          body: '{}',
        })
      ).status,
    ).toBe(400);
    expect((await send({ path: `${EVENTS_PATH}?token=${host.token}` })).status).toBe(400);
    expect((await send({ path: `/api/other?token=${host.token}` })).status).toBe(404);
    // Nothing was written by the refused calls.
    expect(await readAsJson(name, 0, 4)).toEqual({ ok: true, value: { offset: 0, bytes: { $bytes: 'AAAAAA==' } } });
  });

  it('calls travel as wire frames both ways when the caller asks for them', async () => {
    const name = uniqueBlockName('h-frame');
    const frameHeaders = apiHeaders({ 'content-type': FRAME_TYPE, accept: FRAME_TYPE });
    expect(
      (await send({ method: 'POST', path: `${CALL_PATH}openBlock`, headers: frameHeaders, body: frame({ name, size: 64 }) })).status,
    ).toBe(200);
    const written = await send({
      method: 'POST',
      path: `${CALL_PATH}write`,
      headers: frameHeaders,
      body: frame({ name, offset: 4, bytes: Uint8Array.of(0xde, 0xad) }),
    });
    expect(written.headers['content-type']).toBe(FRAME_TYPE);
    expect(fromWireFrame(written.raw)).toEqual({ ok: true, value: { written: 2 } });
    const read = await send({
      method: 'POST',
      path: `${CALL_PATH}read`,
      headers: frameHeaders,
      body: frame({ name, offset: 3, length: 4 }),
    });
    const outcome = fromWireFrame(read.raw) as { ok: true; value: { offset: number; bytes: Uint8Array } };
    expect(Array.from(outcome.value.bytes)).toEqual([0, 0xde, 0xad, 0]);
    // Without Accept: FRAME_TYPE the answer is wire JSON, whatever the body was.
    const json = await send({
      method: 'POST',
      path: `${CALL_PATH}read`,
      headers: apiHeaders({ 'content-type': FRAME_TYPE }),
      body: frame({ name, offset: 4, length: 2 }),
    });
    expect(JSON.parse(json.body)).toEqual({ ok: true, value: { offset: 4, bytes: { $bytes: '3q0=' } } });
  });

  it('a malformed frame (magic, length, field, leftover bytes) is 400 ERR_BAD_MESSAGE and writes nothing', async () => {
    const name = uniqueBlockName('h-badframe');
    await send({ method: 'POST', path: `${CALL_PATH}openBlock`, headers: apiHeaders(), body: JSON.stringify({ name, size: 64 }) });
    const good = frame({ name, offset: 0, bytes: Uint8Array.of(1, 2, 3, 4) });
    const withByte = (at: number, value: number) => Buffer.from(good).fill(value, at, at + 1);
    const fieldAt = good.indexOf('"$frame":[0,4]');
    expect(fieldAt).toBeGreaterThan(0);
    const malformed: Array<[string, Buffer]> = [
      ['wrong magic', withByte(0, 0x78)],
      ['JSON length past the end', withByte(4, 0xff)],
      ['truncated', good.subarray(0, good.length - 1)],
      ['a byte too many', Buffer.concat([good, Buffer.of(0)])],
      ['a field longer than the frame', withByte(fieldAt + '"$frame":[0,'.length, 0x39)],
      ['a field out of place', withByte(fieldAt + '"$frame":['.length, 0x31)],
      ['empty', Buffer.alloc(0)],
    ];
    for (const [what, body] of malformed) {
      for (const accept of [FRAME_TYPE, 'application/json']) {
        const reply = await send({
          method: 'POST',
          path: `${CALL_PATH}write`,
          headers: apiHeaders({ 'content-type': FRAME_TYPE, accept }),
          body,
        });
        expect(reply.status, what).toBe(400);
        const outcome = accept === FRAME_TYPE ? fromWireFrame(reply.raw) : JSON.parse(reply.body);
        expect(outcome, what).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
        expect((outcome as { error: { message: string } }).error.message, what).toMatch(/^malformed call frame: /);
      }
    }
    expect(await readAsJson(name, 0, 8)).toEqual({ ok: true, value: { offset: 0, bytes: { $bytes: 'AAAAAAAAAAA=' } } });
    // The same frame, well formed, does write.
    const written = await send({
      method: 'POST',
      path: `${CALL_PATH}write`,
      headers: apiHeaders({ 'content-type': FRAME_TYPE }),
      body: good,
    });
    expect(JSON.parse(written.body)).toEqual({ ok: true, value: { written: 4 } });
  });

  it('no path leaves the renderer directory', async () => {
    const t = `token=${host.token}`;
    for (const path of [
      `/../package.json?${t}`,
      `/%2e%2e/%2e%2e/etc/passwd?${t}`,
      `/assets/..%2f..%2fpackage.json?${t}`,
      `/..%5c..%5cetc%5cpasswd?${t}`,
      `/assets/escape.txt?${t}`,
      `/%00?${t}`,
    ]) {
      const reply = await send({ path });
      expect([400, 403, 404], path).toContain(reply.status);
      expect(reply.body).not.toMatch(/root:|"name": "shm-inspector"/);
    }
    expect((await send({ path: `/assets/..%2f..%2fpackage.json?${t}` })).status).toBe(403);
    expect((await send({ path: `/assets/escape.txt?${t}` })).status).toBe(403);
    expect((await send({ path: `/assets?${t}` })).status).toBe(404);
    expect((await send({ path: `/missing.js?${t}` })).status).toBe(404);
    expect((await send({ method: 'DELETE', path: `/index.html?${t}` })).status).toBe(405);
  });
});

describe('browser host: event streams', () => {
  it('sends keepalive comments', async () => {
    const controller = new AbortController();
    const response = await fetch(`${host.origin}${EVENTS_PATH}?token=${host.token}&client=keepalive`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    let text = '';
    await waitFor(async () => {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
      return text.includes(': keepalive');
    }, 'a keepalive comment');
    controller.abort();
  });

  it('a tab that disconnects loses its watch; several tabs are several clients', async () => {
    const name = uniqueBlockName('h-tabs');
    const tabs = [1, 2].map((tab) =>
      createBrowserTransport({ origin: host.origin, token: host.token, clientId: `h-tab-${process.pid}-${tab}` }),
    );
    await waitFor(() => tabs.every((t) => t.connection.get().status === 'online'), 'both event streams to open');
    await tabs[0]!.api.call('openBlock', { name, size: 4096 });
    await tabs[0]!.api.call('watch', { name, offset: 0, length: 100 });
    await tabs[1]!.api.call('watch', { name, offset: 1000, length: 300 });
    expect(host.core.watcher.clientWatchedBytes()).toBe(400);
    tabs[0]!.close();
    await waitFor(() => host.core.watcher.clientWatchedBytes() === 300, "the closed tab's watch to be dropped");
    tabs[1]!.close();
    await waitFor(() => host.core.watcher.clientWatchedBytes() === 0, 'the last watch to be dropped');
  });
});
