// The transport's pure parts: the one error reviver (src-shared/errors.ts), the
// connection signal (transport/connection.ts), the contract client's checks
// of what a transport brings back (src-shared/contract-client.ts), the
// Electron transport over a real core, and the page address's block request
// (session.ts).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError, toContractError } from '../../src-shared/contract';
import {
  createContractClient,
  isCallOutcome,
  type CancelMessage,
  type ClientTransport,
  type SubscribeMessage,
} from '../../src-shared/contract-client';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { ConnectionCell, type ConnectionState } from '../../src-renderer/src/transport/connection';
import { createElectronTransport } from '../../src-renderer/src/transport';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

describe('error mapping', () => {
  it('keeps a ContractError as it is', () => {
    const error = new ContractError('ERR_SHM_RANGE', 'past the end');
    expect(toContractError(error)).toBe(error);
  });

  it('keeps the code of an error object that has one', () => {
    expect(toContractError({ code: 'ERR_SHM_NAME', message: 'bad name' })).toMatchObject({ code: 'ERR_SHM_NAME', message: 'bad name' });
  });

  it('calls anything else ERR_INTERNAL, keeping its words', () => {
    expect(toContractError(new Error('boom'))).toMatchObject({ code: 'ERR_INTERNAL', message: 'boom' });
    expect(toContractError({ code: 42, message: 'odd' })).toMatchObject({ code: 'ERR_INTERNAL', message: 'odd' });
    expect(toContractError({ code: 'ERR_MADE_UP', message: 'odd' })).toMatchObject({
      code: 'ERR_INTERNAL',
      message: 'odd (unknown error code ERR_MADE_UP)',
    });
    // No code is read out of a message any more: the code travels as data.
    expect(toContractError(new Error('ERR_SHM_SIZE: size must be 1 or more'))).toMatchObject({ code: 'ERR_INTERNAL' });
    expect(toContractError('plain')).toMatchObject({ code: 'ERR_INTERNAL', message: 'plain' });
    expect(toContractError(null)).toMatchObject({ code: 'ERR_INTERNAL', message: 'null' });
  });

  it('is the only reviver: no other function turns a wire or native error into a ContractError', () => {
    const root = join(__dirname, '..', '..');
    const definitions: string[] = [];
    for (const dir of ['src-shared', 'src-main', 'src-renderer/src']) {
      for (const file of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
        if (!/\.tsx?$/.test(file)) continue;
        const text = readFileSync(join(root, dir, file), 'utf8');
        for (const m of text.matchAll(/function (toContractError|reviveError|describeError)\b/g))
          definitions.push(`${dir}/${file}: ${m[1]}`);
      }
    }
    expect(definitions).toEqual(['src-shared/errors.ts: toContractError']);
  });

  it('recognises call outcomes', () => {
    expect(isCallOutcome({ ok: true, value: 1 })).toBe(true);
    expect(isCallOutcome({ ok: true, value: undefined })).toBe(true);
    expect(isCallOutcome({ ok: false, error: { code: 'ERR_SHM_RANGE', message: 'm' } })).toBe(true);
    for (const not of [
      null,
      1,
      'ok',
      {},
      { ok: true },
      { ok: false },
      { ok: false, error: null },
      { ok: false, error: { code: 'X' } },
      { ok: 'yes', value: 1 },
    ]) {
      expect(isCallOutcome(not)).toBe(false);
    }
  });
});

describe('the contract client', () => {
  function clientAnswering(reply: (id: number) => unknown, listen: ClientTransport['listen'] = () => undefined) {
    return createContractClient({
      request: async ({ id }) => reply(id) as never,
      listen,
      cancel: () => undefined,
      subscribe: () => undefined,
    });
  }

  it("sends a cancel naming the request's id when the call's signal aborts, and fails with the call's cancel code", async () => {
    const cancels: CancelMessage[] = [];
    let answer: (outcome: unknown) => void = () => undefined;
    const client = createContractClient({
      request: ({ id }) => new Promise((resolve) => (answer = (outcome) => resolve({ id, outcome } as never))),
      listen: () => undefined,
      cancel: (message) => void cancels.push(message),
      subscribe: () => undefined,
    });
    const hello = client.call('hello', {}); // id 1: the next is 2
    answer({ ok: true, value: null });
    await hello;
    const controller = new AbortController();
    const digest = client.call('digest', { name: 'b', offset: 0, length: 1 }, { signal: controller.signal });
    await Promise.resolve();
    controller.abort();
    expect(cancels).toEqual([{ id: 2 }]);
    answer({ ok: false, error: { code: 'ERR_DIGEST_CANCELLED', message: 'the digest was cancelled' } });
    await expect(digest).rejects.toMatchObject({ code: 'ERR_DIGEST_CANCELLED' });
    // Answered before the cancel reached the host: the caller still gets the cancel, not the value.
    const late = new AbortController();
    const find = client.call('find', { name: 'b', searchId: 's', pattern: { kind: 'hex', text: 'DE' } }, { signal: late.signal });
    await Promise.resolve();
    late.abort();
    answer({ ok: true, value: { count: 0 } });
    await expect(find).rejects.toMatchObject({ code: 'ERR_SEARCH_CANCELLED' });
    // A call the host cannot cancel, aborted before it is sent: nothing is sent, ERR_CANCELLED.
    await expect(client.call('hello', {}, { signal: late.signal })).rejects.toMatchObject({ code: 'ERR_CANCELLED' });
    expect(cancels).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('subscribes to an event with its first listener and unsubscribes when its last one goes', () => {
    const changes: SubscribeMessage[] = [];
    const client = createContractClient({
      request: async ({ id }) => ({ id, outcome: { ok: true, value: null } }),
      listen: () => undefined,
      cancel: () => undefined,
      subscribe: (message) => void changes.push(message),
    });
    const stopA = client.on('findProgress', () => undefined);
    const stopB = client.on('findProgress', () => undefined);
    const stopC = client.on('blockChanged', () => undefined);
    stopA();
    stopA();
    expect(changes).toEqual([
      { event: 'findProgress', subscribed: true },
      { event: 'blockChanged', subscribed: true },
    ]);
    stopB();
    stopC();
    client.on('findProgress', () => undefined);
    expect(changes.slice(2)).toEqual([
      { event: 'findProgress', subscribed: false },
      { event: 'blockChanged', subscribed: false },
      { event: 'findProgress', subscribed: true },
    ]);
  });

  it('revives an ok:false outcome as a ContractError; an unknown code becomes ERR_INTERNAL that names it', async () => {
    const refused = clientAnswering((id) => ({ id, outcome: { ok: false, error: { code: 'ERR_SHM_CLOSED', message: 'closed' } } }));
    await expect(refused.call('hello', {})).rejects.toEqual(new ContractError('ERR_SHM_CLOSED', 'closed'));
    const odd = clientAnswering((id) => ({ id, outcome: { ok: false, error: { code: 'ERR_NEW', message: 'new' } } }));
    await expect(odd.call('hello', {})).rejects.toMatchObject({ code: 'ERR_INTERNAL', message: expect.stringContaining('ERR_NEW') });
  });

  it('numbers requests and refuses a reply to another request, or no reply at all, as ERR_UNAVAILABLE', async () => {
    const ids: number[] = [];
    const echo = clientAnswering((id) => (ids.push(id), { id, outcome: { ok: true, value: id } }));
    expect(await echo.call('hello', {})).toBe(1);
    expect(await echo.call('hello', {})).toBe(2);
    expect(ids).toEqual([1, 2]);
    await expect(clientAnswering((id) => ({ id: id + 1, outcome: { ok: true, value: 0 } })).call('hello', {})).rejects.toMatchObject({
      code: 'ERR_UNAVAILABLE',
    });
    await expect(clientAnswering(() => ({ ok: true, value: 0 })).call('hello', {})).rejects.toMatchObject({ code: 'ERR_UNAVAILABLE' });
  });

  it("reports a request the transport could not deliver as ERR_UNAVAILABLE with the transport's words", async () => {
    const down = createContractClient({
      request: () => Promise.reject(new Error('The host is gone.')),
      listen: () => undefined,
      cancel: () => undefined,
      subscribe: () => undefined,
    });
    await expect(down.call('hello', {})).rejects.toEqual(new ContractError('ERR_UNAVAILABLE', 'The host is gone.'));
  });

  it('delivers events to their listeners only, and a throwing listener does not stop the others', () => {
    let deliver: Parameters<ClientTransport['listen']>[0] = () => undefined;
    const client = clientAnswering(
      () => null,
      (d) => void (deliver = d),
    );
    const seen: unknown[] = [];
    client.on('childUpdated', () => {
      throw new Error('listener bug');
    });
    client.on('childUpdated', (payload) => void seen.push(payload));
    client.on('blockChanged', (payload) => void seen.push(['wrong', payload]));
    const consoleError = console.error;
    console.error = () => undefined;
    try {
      deliver({ event: 'childUpdated', payload: { id: 3 } });
      deliver({ event: 'noSuchEvent' as 'childUpdated', payload: { id: 4 } });
    } finally {
      console.error = consoleError;
    }
    expect(seen).toEqual([{ id: 3 }]);
  });
});

describe('ConnectionCell', () => {
  it('starts connecting, tells subscribers each update, and stops after unsubscribe', () => {
    const cell = new ConnectionCell();
    expect(cell.get()).toEqual({ status: 'connecting', detail: null, retryAt: null, epoch: 0 });
    const seen: ConnectionState[] = [];
    const stop = cell.subscribe((s) => seen.push(s));
    cell.update({ status: 'online', epoch: 1 });
    cell.update({ status: 'offline', detail: 'gone', retryAt: 5 });
    stop();
    cell.update({ status: 'online', detail: null, retryAt: null, epoch: 2 });
    expect(seen).toEqual([
      { status: 'online', detail: null, retryAt: null, epoch: 1 },
      { status: 'offline', detail: 'gone', retryAt: 5, epoch: 1 },
    ]);
    expect(cell.get().epoch).toBe(2);
  });
});

describe('the Electron transport over a real core', () => {
  let core: InspectorCore;
  beforeAll(() => {
    core = new InspectorCore({ host: 'electron' });
  });
  afterAll(() => {
    core.dispose();
    unlinkUsedBlocks();
  });

  it('is online from the start and passes calls and their errors through', async () => {
    const overCore: ClientTransport = {
      request: async ({ id, call, args }) => ({ id, outcome: await core.handle(call, args, 'electron-transport', id) }),
      listen: () => undefined,
      cancel: (message) => void core.cancel('electron-transport', message),
      subscribe: (message) => void core.subscribe('electron-transport', message),
    };
    const { api, connection } = createElectronTransport(overCore);
    expect(connection.get()).toMatchObject({ status: 'online', epoch: 1 });
    expect((await api.call('hello', {})).host).toBe('electron');
    await expect(api.call('openBlock', { name: 'a/b', size: 4096 })).rejects.toMatchObject({ code: 'ERR_SHM_NAME' });
    const name = uniqueBlockName('rp-env');
    expect(await api.call('openBlock', { name, size: 4096 })).toMatchObject({ name, size: 4096 });
    await expect(api.call('read', { name, offset: 4096, length: 1 })).rejects.toMatchObject({ code: 'ERR_SHM_RANGE' });
  });
});
