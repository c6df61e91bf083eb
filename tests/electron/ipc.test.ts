// The Electron shell's own duties, through the double: one handler per call,
// only our windows answered, events to every window, malformed input as an
// error outcome, and the preload's transport exposing nothing but request and listen.
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALL_NAMES, EVENT_NAMES, type BlockChangedEvent, type CallOutcome, type ChildInfo } from '../../src-shared/contract';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { CANCEL_CHANNEL, SUBSCRIBE_CHANNEL, callChannel, eventChannel } from '../../src-main/electron/channels';
import { WindowHub, registerIpcHandlers } from '../../src-main/electron/ipc';
import { createPreloadTransport, type IpcRendererLike } from '../../src-main/electron/preload-transport';
import { ContractError } from '../../src-shared/contract';
import { createContractClient } from '../../src-shared/contract-client';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { FakeIpcMain, FakeWebContents, exposeInMainWorld } from '../support/electron-double';
import { collect, waitFor } from '../support/wait';

const OUR_PAGE = 'file:///app/out/renderer/index.html';

/** The page's contract client over what the preload exposes, as contextBridge hands it over. */
function pageClient(ipcRenderer: IpcRendererLike) {
  return createContractClient(exposeInMainWorld(createPreloadTransport(ipcRenderer)));
}

describe('Electron ipcMain handlers', () => {
  let core: InspectorCore;
  let hub: WindowHub;
  let ipcMain: FakeIpcMain;
  let unregister: () => void;

  function ourWindow(): FakeWebContents {
    const contents = new FakeWebContents();
    contents.frameUrl = OUR_PAGE;
    hub.attach(contents);
    return contents;
  }

  beforeEach(() => {
    core = new InspectorCore({ host: 'electron' });
    hub = new WindowHub(core, (url) => url.startsWith('file:///app/out/renderer/'));
    ipcMain = new FakeIpcMain();
    unregister = registerIpcHandlers(ipcMain, core, hub);
  });
  afterEach(() => {
    unregister();
    core.dispose();
    unlinkUsedBlocks();
  });

  it('registers exactly one handler per contract call and one per control message, and removes them all', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CALL_NAMES.map(callChannel), CANCEL_CHANNEL, SUBSCRIBE_CHANNEL].sort());
    expect(CALL_NAMES.length).toBeGreaterThanOrEqual(12);
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
    unregister = registerIpcHandlers(ipcMain, core, hub); // afterEach unregisters again
  });

  it('refuses a sender that is not one of our windows, before the core sees the call', async () => {
    const name = uniqueBlockName('foreign');
    const stranger = new FakeWebContents(); // never attached
    const outcome = (await ipcMain.invoke(
      callChannel('openBlock'),
      { sender: { id: stranger.id } },
      { name, size: 4096 },
    )) as CallOutcome<unknown>;
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
    expect(outcome.ok === false && outcome.error.message).toMatch(/not one of this app's windows/);
    expect(existsSync(`/dev/shm/${name}`)).toBe(false);
  });

  it('refuses a frame with a foreign URL, and accepts our window when senderFrame.url is undefined (Playwright)', async () => {
    const contents = ourWindow();
    const foreign = (await ipcMain.invoke(
      callChannel('hello'),
      { sender: { id: contents.id }, senderFrame: { url: 'https://evil.example/' } },
      {},
    )) as CallOutcome<unknown>;
    expect(foreign).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
    const noUrl = (await ipcMain.invoke(callChannel('hello'), { sender: { id: contents.id }, senderFrame: null }, {})) as CallOutcome<{
      host: string;
    }>;
    expect(noUrl).toMatchObject({ ok: true, value: { host: 'electron' } });
  });

  it('a destroyed window is no longer answered, and its watch stops', async () => {
    const contents = ourWindow();
    const api = pageClient(contents.ipcRenderer(ipcMain));
    const name = uniqueBlockName('gone');
    await api.call('openBlock', { name, size: 4096 });
    await api.call('watch', { name, offset: 0, length: 512 });
    expect(core.watcher.clientWatchedBytes()).toBe(512);
    contents.destroy();
    expect(core.watcher.clientWatchedBytes()).toBe(0);
    const outcome = (await ipcMain.invoke(callChannel('hello'), { sender: { id: contents.id } }, {})) as CallOutcome<unknown>;
    expect(outcome.ok).toBe(false);
  });

  it('cancel and subscribe messages: malformed ones are ERR_BAD_MESSAGE, an unknown id is a no-op, a foreign sender is refused', async () => {
    const contents = ourWindow();
    const sender = { sender: { id: contents.id }, senderFrame: { url: OUR_PAGE } };
    for (const message of [undefined, null, 'x', 42, [1], {}, { id: -1 }, { id: 1.5 }, { id: '1' }, { id: Number.MAX_VALUE }]) {
      const outcome = (await ipcMain.invoke(CANCEL_CHANNEL, sender, message)) as CallOutcome<unknown>;
      expect(outcome, JSON.stringify(message)).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
    }
    expect(await ipcMain.invoke(CANCEL_CHANNEL, sender, { id: 123_456 })).toEqual({ ok: true, value: { cancelled: false } });
    for (const message of [
      null,
      {},
      { event: 'nope', subscribed: true },
      { event: 'findProgress' },
      { event: 'findProgress', subscribed: 1 },
    ]) {
      const outcome = (await ipcMain.invoke(SUBSCRIBE_CHANNEL, sender, message)) as CallOutcome<unknown>;
      expect(outcome, JSON.stringify(message)).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
    }
    expect(await ipcMain.invoke(SUBSCRIBE_CHANNEL, sender, { event: 'findProgress', subscribed: true })).toEqual({
      ok: true,
      value: { subscribed: ['findProgress'] },
    });
    const stranger = { sender: { id: 987_654 }, senderFrame: { url: OUR_PAGE } };
    expect(await ipcMain.invoke(CANCEL_CHANNEL, stranger, { id: 1 })).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
    expect(await ipcMain.invoke('shm:hello', sender, {})).toMatchObject({ ok: true }); // the host still answers
  });

  it('malformed arguments give an error outcome, never a throw', async () => {
    const contents = ourWindow();
    const sender = { sender: { id: contents.id }, senderFrame: { url: OUR_PAGE } };
    for (const args of [undefined, null, 'text', 42, [1, 2], { name: { toString: 'x' }, size: 'big' }, new Uint8Array(3)]) {
      for (const name of CALL_NAMES) {
        if (name === 'hello' || name === 'listChildren' || name === 'clearChildren' || name === 'listBlocks') {
          if (args !== null && typeof args === 'object' && !Array.isArray(args) && !(args instanceof Uint8Array)) continue; // an object is valid for these
        }
        const outcome = (await ipcMain.invoke(callChannel(name), sender, args)) as CallOutcome<unknown>;
        expect(outcome.ok, `${name}(${String(args)})`).toBe(false);
        if (!outcome.ok) expect(outcome.error.code).toMatch(/^ERR_(BAD_MESSAGE|SHM_ARG|SHM_NAME|SHM_SIZE)$/);
      }
    }
  });

  it('events reach every window: childUpdated to all, blockChanged to each watcher', async () => {
    const windows = [ourWindow(), ourWindow(), ourWindow()];
    const apis = windows.map((w) => pageClient(w.ipcRenderer(ipcMain)));
    const name = uniqueBlockName('events');
    await apis[0]!.call('openBlock', { name, size: 4096 });
    const changes = apis.map((api) => collect<BlockChangedEvent>((l) => api.on('blockChanged', l)));
    const children = apis.map((api) => collect<ChildInfo>((l) => api.on('childUpdated', l)));
    for (const api of apis) await api.call('watch', { name, offset: 0, length: 64 });
    await apis[2]!.call('write', { name, offset: 8, bytes: Uint8Array.of(9, 8, 7) });
    for (const [i, seen] of changes.entries()) {
      const event = await waitFor(() => seen.items.find((e) => e.name === name), `window ${i} to get blockChanged`);
      expect(event.ranges).toHaveLength(1);
      expect(event.ranges[0]!.offset).toBe(8);
      expect(Array.from(event.ranges[0]!.bytes)).toEqual([9, 8, 7]);
    }
    const [child] = await apis[1]!.call('launchReaders', { name, kind: 'native' });
    for (const [i, seen] of children.entries()) {
      await waitFor(() => seen.items.some((c) => c.id === child!.id && c.state === 'exited'), `window ${i} to hear the child finish`);
    }
    // Events travel on the contract's event channels only.
    const used = new Set(windows.flatMap((w) => w.sent.map((s) => s.channel)));
    expect([...used].every((channel) => EVENT_NAMES.map(eventChannel).includes(channel))).toBe(true);
  });
});

describe('the preload transport (window.shmInspector)', () => {
  it('exposes only request, listen, cancel and subscribe, frozen', () => {
    const transport = createPreloadTransport({ invoke: async () => ({ ok: true, value: null }), on: () => undefined });
    expect(Object.keys(transport).sort()).toEqual(['cancel', 'listen', 'request', 'subscribe']);
    expect(Object.isFrozen(transport)).toBe(true);
  });

  it('never invokes a channel outside the contract, even when the page calls it directly', async () => {
    const invoked: string[] = [];
    const transport = createPreloadTransport({
      invoke: async (channel) => (invoked.push(channel), { ok: true, value: 1 }),
      on: () => undefined,
    });
    await expect(transport.request({ id: 1, call: '../../evil' as 'hello', args: {} })).rejects.toThrow(/unknown call/);
    expect(await transport.request({ id: 7, call: 'hello', args: {} })).toEqual({ id: 7, outcome: { ok: true, value: 1 } });
    expect(invoked).toEqual(['shm:hello']);
  });

  it('gives listeners the payload only, never the IPC event (whose sender is ipcRenderer)', () => {
    const channels = new Map<string, (event: unknown, ...args: unknown[]) => void>();
    const client = pageClient({ invoke: async () => null, on: (channel, listener) => void channels.set(channel, listener) });
    const received: unknown[][] = [];
    const stop = client.on('childUpdated', (...args: unknown[]) => void received.push(args));
    channels.get(eventChannel('childUpdated'))!({ sender: 'ipcRenderer' }, { id: 1 });
    stop();
    channels.get(eventChannel('childUpdated'))!({ sender: 'ipcRenderer' }, { id: 2 });
    expect(received).toEqual([[{ id: 1 }]]);
  });

  it("contextBridge (the double) drops an Error's own properties: a code must travel as data", () => {
    const exposed = exposeInMainWorld({
      fail: () => {
        throw Object.assign(new Error('outside'), { code: 'ERR_SHM_RANGE' });
      },
    });
    const caught = (() => {
      try {
        exposed.fail();
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(caught).toBeInstanceOf(Error);
    expect(caught).not.toHaveProperty('code');
    expect((caught as Error).message).toBe('outside');
  });

  it('an error reaches the page as a ContractError with its code, and its message untouched', async () => {
    const client = pageClient({
      invoke: async () => ({ ok: false, error: { code: 'ERR_SHM_RANGE', message: 'outside' } }),
      on: () => undefined,
    });
    const error = await client.call('read', { name: 'x', offset: 0, length: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'ERR_SHM_RANGE', message: 'outside' });
  });
});
