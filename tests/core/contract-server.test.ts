// Issue 21: the contract server's cancel table and subscriptions, with
// handlers that wait for their signal, so nothing but the server is under test.
import { describe, expect, it } from 'vitest';
import { ContractServer, type CallHandlers } from '../../src-main/core/contract-server';
import { MAX_CANCELLABLE_CALLS_PER_CLIENT, MAX_EARLY_CANCELS_PER_CLIENT, MAX_SUBSCRIBED_CLIENTS } from '../../src-main/core/limits';
import { CALL_NAMES, ContractError, type EventName } from '../../src-shared/contract';

/** Every handler answers at once, except find, which waits for its signal. */
function serverWithSlowFind(): ContractServer {
  const handlers = Object.fromEntries(CALL_NAMES.map((name) => [name, () => ({})])) as unknown as CallHandlers;
  handlers.find = ((_args: unknown, _client: string, signal: AbortSignal) =>
    new Promise((_resolve, reject) => {
      const cancelled = () => reject(new ContractError('ERR_SEARCH_CANCELLED', 'cancelled'));
      if (signal.aborted) cancelled();
      else signal.addEventListener('abort', cancelled);
    })) as never;
  return new ContractServer(handlers);
}

describe('the cancel table', () => {
  it("a cancel stops the client's call of that id only; unknown, finished and other clients' ids are no-ops", async () => {
    const server = serverWithSlowFind();
    const mine = server.handle('find', {}, 'a', 1);
    const theirs = server.handle('find', {}, 'b', 1);
    expect(server.cancel('a', { id: 2 })).toEqual({ ok: true, value: { cancelled: false } });
    expect(server.cancel('a', { id: 1 })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await mine).toMatchObject({ ok: false, error: { code: 'ERR_SEARCH_CANCELLED' } });
    expect(server.cancel('a', { id: 1 })).toEqual({ ok: true, value: { cancelled: false } }); // finished
    expect(server.cancel('b', { id: 1 })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await theirs).toMatchObject({ ok: false, error: { code: 'ERR_SEARCH_CANCELLED' } });
  });

  it('a cancel that overtakes its call (HTTP) is remembered: the call starts cancelled; a bounded few per client', async () => {
    const server = serverWithSlowFind();
    expect(server.cancel('a', { id: 9 })).toEqual({ ok: true, value: { cancelled: false } });
    expect(await server.handle('find', {}, 'a', 9)).toMatchObject({ ok: false, error: { code: 'ERR_SEARCH_CANCELLED' } });
    for (let id = 100; id < 100 + MAX_EARLY_CANCELS_PER_CLIENT + 1; id++) server.cancel('b', { id });
    const oldest = server.handle('find', {}, 'b', 100); // forgotten: it runs
    expect(await server.handle('find', {}, 'b', 101)).toMatchObject({ ok: false, error: { code: 'ERR_SEARCH_CANCELLED' } });
    expect(server.cancel('b', { id: 100 })).toEqual({ ok: true, value: { cancelled: true } });
    await oldest;
  });

  it('malformed cancels and request ids are ERR_BAD_MESSAGE; an id in use is refused', async () => {
    const server = serverWithSlowFind();
    for (const message of [undefined, null, 7, 'x', [], {}, { id: -1 }, { id: 0.5 }, { id: '1' }, { id: 2 ** 60 }]) {
      expect(server.cancel('a', message), JSON.stringify(message)).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
    }
    expect(server.cancel('', { id: 1 })).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
    expect(await server.handle('find', {}, 'a', 'seven')).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
    const first = server.handle('find', {}, 'a', 3);
    expect(await server.handle('find', {}, 'a', 3)).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
    server.cancel('a', { id: 3 });
    await first;
  });

  it(`holds at most ${MAX_CANCELLABLE_CALLS_PER_CLIENT} cancellable calls per client (ERR_JOB_LIMIT), and a disconnect cancels them`, async () => {
    const server = serverWithSlowFind();
    const running = Array.from({ length: MAX_CANCELLABLE_CALLS_PER_CLIENT }, (_, id) => server.handle('find', {}, 'a', id));
    expect(await server.handle('find', {}, 'a', 1000)).toMatchObject({ ok: false, error: { code: 'ERR_JOB_LIMIT' } });
    expect(await server.handle('hello', {}, 'a', 1001)).toMatchObject({ ok: true }); // calls without a cancel take no entry
    server.disconnect('a');
    for (const outcome of await Promise.all(running)) expect(outcome).toMatchObject({ error: { code: 'ERR_SEARCH_CANCELLED' } });
  });
});

describe('subscriptions', () => {
  it('a client gets only the events it subscribed to, until it unsubscribes or goes', () => {
    const server = serverWithSlowFind();
    const seen: Record<string, EventName[]> = { a: [], b: [] };
    server.connect('a', (event) => void seen.a!.push(event));
    server.connect('b', (event) => void seen.b!.push(event));
    expect(server.subscribe('a', { event: 'findProgress', subscribed: true })).toEqual({
      ok: true,
      value: { subscribed: ['findProgress'] },
    });
    server.send('a', 'findProgress', { searchId: 's', name: 'n', done: 1, total: 2, matches: 0 });
    server.send('b', 'findProgress', { searchId: 's', name: 'n', done: 1, total: 2, matches: 0 });
    server.broadcast('blockUnlinked', { name: 'n' });
    server.subscribe('a', { event: 'findProgress', subscribed: false });
    server.send('a', 'findProgress', { searchId: 's', name: 'n', done: 2, total: 2, matches: 0 });
    expect(seen).toEqual({ a: ['findProgress'], b: [] });
    server.subscribe('b', { event: 'blockUnlinked', subscribed: true });
    server.disconnect('b');
    server.connect('b', (event) => void seen.b!.push(event));
    server.broadcast('blockUnlinked', { name: 'n' });
    expect(seen.b).toEqual([]); // a client that went must subscribe again
  });

  it(`keeps subscriptions for at most ${MAX_SUBSCRIBED_CLIENTS} clients: one without a stream makes room, else ERR_STREAM_LIMIT`, () => {
    const server = serverWithSlowFind();
    for (let i = 0; i < MAX_SUBSCRIBED_CLIENTS; i++) {
      if (i > 0) server.connect(`c${i}`, () => undefined);
      expect(server.subscribe(`c${i}`, { event: 'blockChanged', subscribed: true }).ok).toBe(true);
    }
    // c0 never opened a stream: it loses its subscription to the newcomer.
    expect(server.subscribe('late', { event: 'blockChanged', subscribed: true }).ok).toBe(true);
    server.connect('late', () => undefined);
    expect(server.subscribe('later', { event: 'blockChanged', subscribed: true })).toMatchObject({
      ok: false,
      error: { code: 'ERR_STREAM_LIMIT' },
    });
  });
});
