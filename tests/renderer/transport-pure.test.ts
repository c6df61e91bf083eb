// The transport's pure parts: error mapping (transport/errors.ts), the
// connection signal (transport/connection.ts), the Electron transport over a
// real core as its bridge (transport/electron.ts), and the page address's
// block request (session.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError, type CallArgs, type CallName, type CallResult, type InspectorApi } from '../../src-shared/contract';
import { createInProcessApi } from '../../src-main/core/in-process-api';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { requestedBlock } from '../../src-renderer/src/session';
import { ConnectionCell, type ConnectionState } from '../../src-renderer/src/transport/connection';
import { createElectronTransport } from '../../src-renderer/src/transport/electron';
import { describeError, isCallOutcome, toContractError, unwrapOutcome } from '../../src-renderer/src/transport/errors';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

describe('error mapping', () => {
  it('keeps a ContractError as it is', () => {
    const error = new ContractError('ERR_SHM_RANGE', 'past the end');
    expect(toContractError(error)).toBe(error);
  });

  it('keeps the code of an error object that has one', () => {
    expect(toContractError({ code: 'ERR_SHM_NAME', message: 'bad name' })).toMatchObject({ code: 'ERR_SHM_NAME', message: 'bad name' });
  });

  it('reads the code back from a message that crossed Electron\'s bridge', () => {
    const crossed = new Error("Error invoking remote method 'shm:call': ContractError: ERR_SHM_SIZE: size must be 1 or more");
    expect(toContractError(crossed)).toMatchObject({ code: 'ERR_SHM_SIZE', message: 'size must be 1 or more' });
    expect(toContractError(new Error('ERR_CHILD_LIMIT too many'))).toMatchObject({ code: 'ERR_CHILD_LIMIT', message: 'too many' });
  });

  it('calls anything else ERR_INTERNAL, keeping its words', () => {
    expect(toContractError(new Error('boom'))).toMatchObject({ code: 'ERR_INTERNAL', message: 'boom' });
    expect(toContractError({ code: 42, message: 'odd' })).toMatchObject({ code: 'ERR_INTERNAL', message: 'odd' });
    expect(toContractError('plain')).toMatchObject({ code: 'ERR_INTERNAL', message: 'plain' });
    expect(toContractError(null)).toMatchObject({ code: 'ERR_INTERNAL', message: 'null' });
  });

  it('describes an error as its message and the code users can search for', () => {
    expect(describeError(new ContractError('ERR_UNAVAILABLE', 'The host is gone.'))).toBe('The host is gone. (ERR_UNAVAILABLE)');
    expect(describeError(new Error('boom'))).toBe('boom (ERR_INTERNAL)');
  });

  it('recognises call outcomes and unwraps them', () => {
    expect(isCallOutcome({ ok: true, value: 1 })).toBe(true);
    expect(isCallOutcome({ ok: true, value: undefined })).toBe(true);
    expect(isCallOutcome({ ok: false, error: { code: 'ERR_SHM_RANGE', message: 'm' } })).toBe(true);
    for (const not of [null, 1, 'ok', {}, { ok: true }, { ok: false }, { ok: false, error: null }, { ok: false, error: { code: 'X' } }, { ok: 'yes', value: 1 }]) {
      expect(isCallOutcome(not)).toBe(false);
    }
    expect(unwrapOutcome({ ok: true, value: 7 })).toBe(7);
    expect(() => unwrapOutcome({ ok: false, error: { code: 'ERR_SHM_CLOSED', message: 'closed' } })).toThrowError(
      expect.objectContaining({ code: 'ERR_SHM_CLOSED', message: 'closed' }),
    );
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
    core = new InspectorCore({ host: 'in-process' });
  });
  afterAll(() => {
    core.dispose();
    unlinkUsedBlocks();
  });

  it('is online from the start and passes calls and their errors through', async () => {
    const { api, connection } = createElectronTransport(createInProcessApi(core));
    expect(connection.get()).toMatchObject({ status: 'online', epoch: 1 });
    expect((await api.call('hello', {})).host).toBe('in-process');
    await expect(api.call('openBlock', { name: 'a/b', size: 4096 })).rejects.toMatchObject({ code: 'ERR_SHM_NAME' });
  });

  it('unwraps a bridge that hands back the CallOutcome envelope', async () => {
    // What the preload returns when it forwards ipcRenderer.invoke's answer as is.
    const enveloped = {
      call: <K extends CallName>(name: K, args: CallArgs<K>) => core.handle(name, args, 'enveloped') as unknown as Promise<CallResult<K>>,
      on: () => () => undefined,
    } satisfies InspectorApi;
    const { api } = createElectronTransport(enveloped);
    const name = uniqueBlockName('rp-env');
    expect(await api.call('openBlock', { name, size: 4096 })).toMatchObject({ name, size: 4096 });
    await expect(api.call('read', { name, offset: 4096, length: 1 })).rejects.toMatchObject({ code: 'ERR_SHM_RANGE' });
  });

  it('turns an Electron-mangled rejection back into its code', async () => {
    const mangling = {
      call: async <K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> => {
        const outcome = await core.handle(name, args, 'mangling');
        if (outcome.ok) return outcome.value as CallResult<K>;
        // ipcRenderer.invoke keeps only the message of what the main process threw.
        throw new Error(`Error invoking remote method 'shm:call': Error: ${outcome.error.code}: ${outcome.error.message}`);
      },
      on: () => () => undefined,
    } satisfies InspectorApi;
    const { api } = createElectronTransport(mangling);
    const error = await api.call('openBlock', { name: 'x', size: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'ERR_SHM_SIZE' });
    expect((error as Error).message).not.toContain('ERR_SHM_SIZE');
  });
});

describe('requestedBlock (the page address)', () => {
  it('reads ?block= and ?size=', () => {
    expect(requestedBlock('?block=dllmemfilemap&size=4096')).toEqual({ name: 'dllmemfilemap', size: 4096 });
    expect(requestedBlock('?block=only')).toEqual({ name: 'only' });
    expect(requestedBlock('')).toEqual({});
  });

  it('ignores a size that is not a positive decimal number, and an empty name', () => {
    for (const size of ['abc', '0x10', '-4', '1.5', '0', '']) {
      expect(requestedBlock(`?block=b&size=${size}`)).toEqual({ name: 'b' });
    }
    expect(requestedBlock('?block=&size=64')).toEqual({ size: 64 });
  });
});
