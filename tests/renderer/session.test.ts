// The session (src-renderer/src/session.ts), the one place where the stores
// meet, against a real core: the address follows the block a window opens (so
// a reload or a link reopens it and never recreates an unlinked one), a new
// block resets every store that shows one, and two sessions (two windows)
// share no request state.
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallArgs, CallName, CallResult, InspectorApi } from '../../src-shared/contract';
import { readPageParams } from '../../src-shared/page-params';
import { loadNative } from '../../src-main/core/native';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { waitFor } from '../support/wait';
import { startCoreSession, useCoreSession, type CoreSession } from './core-session';

const TOKEN = 'a'.repeat(40);

/** Sessions a test starts itself; closed (and their blocks unlinked) after the file. */
const started: CoreSession[] = [];
function sessionAt(search: string): CoreSession {
  const session = startCoreSession(search);
  started.push(session);
  return session;
}
afterAll(() => {
  for (const session of started) session.close();
  unlinkUsedBlocks();
});

describe('the address follows the block', () => {
  it('starts on the block the address names; then the address says create=0 and keeps the token', async () => {
    const name = uniqueBlockName('rs-start');
    const { renderer, stores, address } = sessionAt(`?token=${TOKEN}&block=${encodeURIComponent(name)}&size=8192`);
    await renderer.start();
    expect(stores.block.getState().info).toMatchObject({ name, size: 8192, createdHere: true });
    expect(address.search).toBe(`?token=${TOKEN}&block=${name}&size=8192&create=0`);
    expect(readPageParams(address.read())).toEqual({ block: name, size: 8192, access: 'read-write', create: false });
  });

  it('follows a block opened from the form; a refused open leaves the address as it was', async () => {
    const first = uniqueBlockName('rs-first');
    const { renderer, address } = sessionAt(`?token=${TOKEN}&block=${first}&size=4096&client=c7`);
    await renderer.start();
    const other = uniqueBlockName('rs-other');
    expect(await renderer.openBlock({ name: other, size: 12_288 })).toBe(true);
    expect(address.search).toBe(`?token=${TOKEN}&client=c7&block=${other}&size=12288&create=0`);
    const before = address.search;
    expect(await renderer.openBlock({ name: 'bad/name', size: 4096 })).toBe(false);
    expect(await renderer.openBlock({ name: other, size: 4096 })).toBe(false); // ERR_SHM_SIZE_MISMATCH
    expect(address.search).toBe(before);
  });

  it('keeps the access mode the address asked for, and opens read-only (nothing created, changes refused)', async () => {
    const name = uniqueBlockName('rs-access');
    const missing = sessionAt(`?token=${TOKEN}&block=${name}&access=read-only`);
    await missing.renderer.start();
    expect(missing.stores.block.getState().startError).toContain('ERR_SHM_NOT_FOUND'); // read-only never creates
    if (process.platform !== 'win32') expect(existsSync(`/dev/shm/${name}`)).toBe(false);

    loadNative().openBlock({ name, size: 4096 }).close(); // another program made it
    const { renderer, address, stores } = sessionAt(`?token=${TOKEN}&block=${name}&access=read-only`);
    await renderer.start();
    expect(readPageParams(address.read())).toMatchObject({ block: name, access: 'read-only', create: false });
    expect(stores.block.getState().info).toMatchObject({ readOnly: true, locked: false });
    stores.textForm.getState().setDraft('refused');
    await renderer.setString();
    expect(stores.textForm.getState().lastSet).toBeNull(); // Set does nothing in a read-only window
  });

  it('a reload (a new session on the same address) reopens the block with what it holds', async () => {
    const name = uniqueBlockName('rs-reload');
    const first = sessionAt(`?token=${TOKEN}&block=${name}&size=4096`);
    await first.renderer.start();
    first.stores.textForm.getState().setDraft('survives a reload');
    await first.renderer.setString();

    const reloaded = sessionAt(first.address.search);
    await reloaded.renderer.start();
    expect(reloaded.stores.block.getState()).toMatchObject({ phase: 'ready', existingOnly: true });
    expect(reloaded.stores.block.getState().info).toMatchObject({ name, size: 4096 });
    await waitFor(() => reloaded.stores.liveString.getState().text === 'survives a reload', 'the string after the reload');
  });

  it.skipIf(process.platform === 'win32')('a reload after the block was unlinked does not recreate it', async () => {
    const name = uniqueBlockName('rs-unlinked');
    const first = sessionAt(`?token=${TOKEN}&block=${name}&size=4096`);
    await first.renderer.start();
    await first.stores.block.getState().unlink();
    expect(existsSync(`/dev/shm/${name}`)).toBe(false);

    const reloaded = sessionAt(first.address.search);
    await reloaded.renderer.start();
    expect(reloaded.stores.block.getState().phase).toBe('failed');
    expect(reloaded.stores.block.getState().startError).toContain(`No block named "${name}" exists.`);
    expect(existsSync(`/dev/shm/${name}`)).toBe(false);
    expect(reloaded.address.search).toBe(first.address.search); // nothing opened: the address stays
  });
});

describe('a new block', () => {
  const session = useCoreSession();

  it('resets every store that shows one', async () => {
    const { stores } = session;
    const first = await session.openFreshBlock('rs-reset', 64 * 1024);
    stores.hexView.getState().setVisibleRows(16);
    stores.hexView.getState().moveCursor(0x4000, false);
    stores.bytes.getState().showRange(0x4000, 0x4100);
    await waitFor(() => stores.bytes.getState().window, 'the first window');
    stores.textForm.getState().setCchDraft('nope');
    await session.renderer.getString();
    expect(stores.textForm.getState().getError).not.toBeNull();

    const second = await session.openFreshBlock('rs-reset2', 4096);
    expect(second.name).not.toBe(first.name);
    expect(stores.hexView.getState()).toMatchObject({ size: 4096, cursor: 0, topRow: 0, anchor: null });
    expect(stores.bytes.getState()).toMatchObject({ name: second.name, size: 4096, window: null });
    expect(stores.textForm.getState().getError).toBeNull();
    expect(stores.liveString.getState().blockName).toBe(second.name);
  });

  it("guesses the text encoding from a new block's first bytes, until the user chooses one", async () => {
    const { stores } = session;
    const view = () => stores.hexView.getState();
    /** A block another program filled, opened by this window, with its first bytes watched as the view does. */
    async function openFilledBlock(prefix: string, content: Uint8Array): Promise<void> {
      const name = uniqueBlockName(prefix);
      await session.api.call('openBlock', { name, size: 4096 });
      await session.api.call('write', { name, offset: 0, bytes: content });
      expect(await session.renderer.openBlock({ name, size: 4096 })).toBe(true);
      stores.bytes.getState().showRange(0, 256);
      await waitFor(() => stores.bytes.getState().window, 'the first window');
    }
    await openFilledBlock('rs-ascii', new TextEncoder().encode('plain ascii text\0'));
    expect(view().encoding).toBe('utf8');
    await openFilledBlock('rs-wide', new Uint8Array(Buffer.from('wide text\0', 'utf16le')));
    expect(view().encoding).toBe('utf16le');
    await openFilledBlock('rs-zero', new Uint8Array(8)); // zeros say nothing: the encoding stays
    expect(view().encoding).toBe('utf16le');

    view().setEncoding('ascii');
    await openFilledBlock('rs-chosen', new Uint8Array(Buffer.from('wide text\0', 'utf16le')));
    expect(view().encoding).toBe('ascii');
  });
});

/** The real api, with the answers to `held` calls kept back until released (as a slow network would). */
function holdingApi(real: InspectorApi, held: CallName) {
  const waiting: (() => void)[] = [];
  const api: InspectorApi = {
    call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      const answer = real.call(name, args);
      if (name !== held) return answer;
      return new Promise((resolve, reject) => waiting.push(() => void answer.then(resolve, reject)));
    },
    on: (event, listener) => real.on(event, listener),
  };
  return {
    api,
    get waiting() {
      return waiting.length;
    },
    releaseAll: () => waiting.splice(0).forEach((release) => release()),
  };
}

describe('two windows (two sessions) share no request state', () => {
  it("a watch held in one window does not hold back the other's", async () => {
    const slow = sessionAt('');
    const fast = sessionAt('');
    const name = (await slow.openFreshBlock('rs-two', 4096)).name;
    expect(await fast.renderer.openBlock({ name, size: 4096 })).toBe(true);
    const holding = holdingApi(slow.api, 'watch');
    slow.routeCalls(holding.api);
    try {
      slow.stores.bytes.getState().showRange(0, 256);
      await waitFor(() => holding.waiting === 1, "the slow window's watch to be on its way");
      fast.stores.bytes.getState().showRange(0, 256);
      await waitFor(() => fast.stores.bytes.getState().window, "the other window's own watch");
      expect(slow.stores.bytes.getState().window).toBeNull();
      holding.releaseAll();
      await waitFor(() => slow.stores.bytes.getState().window, "the slow window's watch, released");
    } finally {
      slow.routeCalls(null);
    }
  });

  it("a getString held in one window does not hold back the other's live string", async () => {
    const slow = sessionAt('');
    const fast = sessionAt('');
    const info = await slow.openFreshBlock('rs-two-text', 4096);
    expect(await fast.renderer.openBlock({ name: info.name, size: 4096 })).toBe(true);
    await slow.api.call('setString', { name: info.name, text: 'both see it' });
    const holding = holdingApi(slow.api, 'getString');
    slow.routeCalls(holding.api);
    try {
      slow.stores.liveString.getState().refresh(slow.stores.bytes.getState()); // no window: getString
      await waitFor(() => holding.waiting === 1, "the slow window's getString to be on its way");
      fast.stores.liveString.getState().refresh(fast.stores.bytes.getState());
      await waitFor(() => fast.stores.liveString.getState().text === 'both see it', "the other window's live string");
      expect(slow.stores.liveString.getState().text).not.toBe('both see it');
      holding.releaseAll();
      await waitFor(() => slow.stores.liveString.getState().text === 'both see it', 'the slow window, released');
    } finally {
      slow.routeCalls(null);
    }
  });
});
