// Issue 9's limits: blocks open per host (ERR_BLOCK_LIMIT, released by
// closeBlock), event streams per browser host (429 ERR_STREAM_LIMIT), and
// opens that fail leave nothing behind (no object, no companion, no entry).
import { request, type ClientRequest } from 'node:http';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLIENT_QUERY, EVENTS_PATH, TOKEN_HEADER } from '../../src-shared/http-protocol';
import { BlockService } from '../../src-main/core/block-service';
import { MAX_EVENT_STREAMS, MAX_OPEN_BLOCKS } from '../../src-main/core/limits';
import { loadNative } from '../../src-main/core/native';
import { startBrowserHost, type BrowserHost } from '../../src-main/web/server';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { makeRendererFixture, type RendererFixture } from '../support/renderer-fixture';

const services: BlockService[] = [];
afterEach(() => {
  for (const service of services.splice(0)) service.closeAll();
});
afterAll(() => unlinkUsedBlocks());

function service(maxOpenBlocks: number): BlockService {
  const made = new BlockService(loadNative(), () => undefined, maxOpenBlocks);
  services.push(made);
  return made;
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('blocks open per host', () => {
  it('defaults to 256', () => expect(MAX_OPEN_BLOCKS).toBe(256));

  it('one past the cap is ERR_BLOCK_LIMIT and creates nothing; closeBlock makes room; reopening an open one is no new block', () => {
    const blocks = service(3);
    const names = [uniqueBlockName('lim-a'), uniqueBlockName('lim-b'), uniqueBlockName('lim-c')];
    for (const name of names) blocks.openBlock({ name, size: 4096 }, 'w1');
    expect(blocks.openBlock({ name: names[0], size: 4096 }, 'w2').name).toBe(names[0]);
    const fourth = uniqueBlockName('lim-d');
    expect(codeOf(() => blocks.openBlock({ name: fourth, size: 4096 }, 'w1'))).toBe('ERR_BLOCK_LIMIT');
    if (process.platform !== 'win32') expect(existsSync(`/dev/shm/${fourth}`)).toBe(false);

    expect(blocks.closeBlock({ name: names[1] }, 'w1')).toEqual({ closed: true });
    expect(blocks.closeBlock({ name: names[0] }, 'w1')).toEqual({ closed: false }); // w2 still uses it
    expect(blocks.openBlock({ name: fourth, size: 4096 }, 'w1').name).toBe(fourth);
    expect(codeOf(() => blocks.info({ name: names[1] }))).toBe('ERR_BLOCK_NOT_OPEN');
  });
});

describe.runIf(process.platform === 'linux')('a failed open leaves nothing behind', () => {
  it('a read-write open refused as unsafe creates no companion and keeps no entry; read-only opens it', () => {
    const blocks = service(8);
    const name = uniqueBlockName('unsafe');
    writeFileSync(`/dev/shm/${name}`, Buffer.alloc(4096));
    chmodSync(`/dev/shm/${name}`, 0o666); // others may write it: not to be trusted read-write
    expect(codeOf(() => blocks.openBlock({ name, create: false }, 'w'))).toBe('ERR_SHM_UNSAFE');
    expect(existsSync(`/dev/shm/${name}.lock`)).toBe(false);
    expect(blocks.openNames()).not.toContain(name);
    expect(blocks.openBlock({ name, readOnly: true }, 'w')).toMatchObject({ readOnly: true, locked: false, size: 4096 });
    expect(existsSync(`/dev/shm/${name}.lock`)).toBe(false);
  });

  it('a read-only open of a missing name creates nothing', () => {
    const blocks = service(8);
    const name = uniqueBlockName('ro-missing');
    expect(codeOf(() => blocks.openBlock({ name, readOnly: true, size: 4096 }, 'w'))).toBe('ERR_SHM_NOT_FOUND');
    expect(existsSync(`/dev/shm/${name}`)).toBe(false);
    expect(existsSync(`/dev/shm/${name}.lock`)).toBe(false);
  });
});

describe('event streams per browser host', () => {
  let host: BrowserHost | undefined;
  let fixture: RendererFixture | undefined;
  const streams: ClientRequest[] = [];
  afterAll(async () => {
    for (const stream of streams) stream.destroy();
    await host?.close();
    fixture?.remove();
  });

  /** Opens an event stream; resolves with its status (and body when refused) once the head arrives. */
  function openStream(client: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host!.port,
          path: `${EVENTS_PATH}?${CLIENT_QUERY}=${client}`,
          headers: { host: `127.0.0.1:${host!.port}`, [TOKEN_HEADER]: host!.token },
        },
        (res) => {
          if (res.statusCode === 200) return resolve({ status: 200, body: '' });
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
      streams.push(req);
    });
  }

  it('defaults to 64; one past the cap is 429 ERR_STREAM_LIMIT; a closed stream makes room', async () => {
    expect(MAX_EVENT_STREAMS).toBe(64);
    fixture = makeRendererFixture();
    host = await startBrowserHost({ hostDir: fixture.dir, maxStreams: 2 });
    expect((await openStream('a')).status).toBe(200);
    expect((await openStream('b')).status).toBe(200);
    const refused = await openStream('c');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatch(/^ERR_STREAM_LIMIT: /);
    streams[0]!.destroy();
    let again = await openStream('d');
    for (let tries = 0; again.status !== 200 && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50)); // the server notices the closed socket
      again = await openStream(`d${tries}`);
    }
    expect(again.status).toBe(200);
  });
});
