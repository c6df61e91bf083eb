// Issue 21: the browser host's control messages. A cancel names a request id
// of the calling tab (POST CONTROL_PATH/cancel), a subscription names an event
// (POST CONTROL_PATH/subscribe); a malformed one is answered 400 with
// ERR_BAD_MESSAGE and the host keeps serving, and a cancel of an id that is
// unknown or finished changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_PATH, CLIENT_HEADER, CONTROL_PATH, REQUEST_HEADER, TOKEN_HEADER } from '../../src-shared/http-protocol';
import { startBrowserHost, type BrowserHost } from '../../src-main/web/server';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { waitFor } from '../support/wait';
import { makeRendererFixture } from '../support/renderer-fixture';

let host: BrowserHost;
let fixture: ReturnType<typeof makeRendererFixture>;

beforeAll(async () => {
  fixture = makeRendererFixture();
  host = await startBrowserHost({ port: 0, hostDir: fixture.dir });
});
afterAll(async () => {
  await host.close();
  fixture.remove();
  unlinkUsedBlocks();
});

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; outcome: unknown }> {
  const response = await fetch(`${host.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token, [CLIENT_HEADER]: 'tab-1', ...headers },
    body,
  });
  const text = await response.text();
  let outcome: unknown = text;
  try {
    outcome = JSON.parse(text);
  } catch {
    // a plain-text refusal (413, 415)
  }
  return { status: response.status, outcome };
}

describe('control messages over HTTP', () => {
  it('a malformed cancel or subscribe is 400 ERR_BAD_MESSAGE, and the host keeps answering', async () => {
    for (const body of ['{', '42', '"x"', 'null', '[1]', '{}', '{"id":-1}', '{"id":1.5}', '{"id":"7"}', '{"id":1e300}']) {
      expect(await post(`${CONTROL_PATH}cancel`, body), body).toMatchObject({
        status: 400,
        outcome: { ok: false, error: { code: 'ERR_BAD_MESSAGE' } },
      });
    }
    for (const body of [
      '{}',
      '{"event":"nope","subscribed":true}',
      '{"event":"findProgress"}',
      '{"event":"__proto__","subscribed":true}',
    ]) {
      expect(await post(`${CONTROL_PATH}subscribe`, body), body).toMatchObject({
        status: 400,
        outcome: { ok: false, error: { code: 'ERR_BAD_MESSAGE' } },
      });
    }
    expect(await post(`${CONTROL_PATH}explode`, '{}')).toMatchObject({
      status: 404,
      outcome: { ok: false, error: { code: 'ERR_BAD_MESSAGE' } },
    });
    expect((await post(`${CONTROL_PATH}cancel`, 'x'.repeat(4096))).status).toBe(413);
    expect((await post(`${CONTROL_PATH}cancel`, '{"id":1}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect(await post(`${CALL_PATH}hello`, '{}')).toMatchObject({ status: 200, outcome: { ok: true } });
  });

  it('a cancel of an unknown or finished request id changes nothing', async () => {
    expect(await post(`${CONTROL_PATH}cancel`, '{"id":99999}')).toEqual({
      status: 200,
      outcome: { ok: true, value: { cancelled: false } },
    });
    const name = uniqueBlockName('ctl');
    expect((await post(`${CALL_PATH}openBlock`, JSON.stringify({ name, size: 4096 }))).status).toBe(200);
    const find = JSON.stringify({ name, searchId: 's', pattern: { kind: 'hex', text: '00' } });
    expect(await post(`${CALL_PATH}find`, find, { [REQUEST_HEADER]: '5' })).toMatchObject({
      status: 200,
      outcome: { ok: true, value: { count: 4096 } },
    });
    expect(await post(`${CONTROL_PATH}cancel`, '{"id":5}')).toEqual({ status: 200, outcome: { ok: true, value: { cancelled: false } } });
    expect(host.core.finder.jobCounts()).toEqual({ running: 0, waiting: 0 });
    // A request id that is not a whole number is refused for a cancellable call.
    expect(await post(`${CALL_PATH}find`, find, { [REQUEST_HEADER]: 'abc' })).toMatchObject({
      status: 200,
      outcome: { ok: false, error: { code: 'ERR_BAD_MESSAGE' } },
    });
  });

  it("a cancel reaches only the calling tab's request of that id", async () => {
    const name = uniqueBlockName('ctl2');
    const size = 128 * 1024 * 1024;
    expect((await post(`${CALL_PATH}openBlock`, JSON.stringify({ name, size }))).status).toBe(200);
    const slow = JSON.stringify({
      name,
      searchId: 's',
      pattern: { kind: 'text', text: 'absent', encoding: 'ascii', caseInsensitive: true },
    });
    const running = post(`${CALL_PATH}find`, slow, { [REQUEST_HEADER]: '1' });
    // Its start, not a fixed wait: under the whole suite's load the request can take longer than 200 ms to reach
    // the finder (CI saw running 0); the search itself runs about half a second (128 MiB, pages touched first).
    await waitFor(() => host.core.finder.jobCounts().running === 1, 'the find running', 10_000);
    // Another tab's cancel of the same id is a no-op.
    expect(await post(`${CONTROL_PATH}cancel`, '{"id":1}', { [CLIENT_HEADER]: 'tab-2' })).toEqual({
      status: 200,
      outcome: { ok: true, value: { cancelled: false } },
    });
    expect(await post(`${CONTROL_PATH}cancel`, '{"id":1}')).toEqual({ status: 200, outcome: { ok: true, value: { cancelled: true } } });
    expect(await running).toMatchObject({ status: 200, outcome: { ok: false, error: { code: 'ERR_SEARCH_CANCELLED' } } });
    expect(host.core.finder.jobCounts()).toEqual({ running: 0, waiting: 0 });
  });
});
