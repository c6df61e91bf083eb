// The transport's pure parts: error mapping (transport/errors.ts), the
// connection signal (transport/connection.ts), the contract client's checks
// of what a transport brings back (src-shared/contract-client.ts), the
// Electron transport over a real core, and the page address's block request
// (session.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../src-shared/contract';
import { createContractClient, isCallOutcome, type ClientTransport } from '../../src-shared/contract-client';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { ConnectionCell, type ConnectionState } from '../../src-renderer/src/transport/connection';
import { createElectronTransport } from '../../src-renderer/src/transport';
import { describeError, toContractError } from '../../src-renderer/src/transport/errors';
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
    expect(toContractError({ code: 'ERR_MADE_UP', message: 'odd' })).toMatchObject({ code: 'ERR_INTERNAL', message: 'odd' });
    // No code is read out of a message any more: the code travels as data.
    expect(toContractError(new Error('ERR_SHM_SIZE: size must be 1 or more'))).toMatchObject({ code: 'ERR_INTERNAL' });
    expect(toContractError('plain')).toMatchObject({ code: 'ERR_INTERNAL', message: 'plain' });
    expect(toContractError(null)).toMatchObject({ code: 'ERR_INTERNAL', message: 'null' });
  });

  it('describes an error as its message and the code users can search for', () => {
    expect(describeError(new ContractError('ERR_UNAVAILABLE', 'The host is gone.'))).toBe('The host is gone. (ERR_UNAVAILABLE)');
    expect(describeError(new Error('boom'))).toBe('boom (ERR_INTERNAL)');
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
    return createContractClient({ request: async ({ id }) => reply(id) as never, listen });
  }

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
    const down = createContractClient({ request: () => Promise.reject(new Error('The host is gone.')), listen: () => undefined });
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
      request: async ({ id, call, args }) => ({ id, outcome: await core.handle(call, args, 'electron-transport') }),
      listen: () => undefined,
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
