// The block store (src-renderer/src/stores/block.ts): the first block, the
// "open another block" form with its errors, unlink — against a real core.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nativeEntryPath } from '../../src-main/core/native';
import { uniqueBlockName } from '../support/blocks';
import { runNode } from '../support/processes';
import { DEFAULT_PAGE_PARAMS } from '../../src-shared/page-params';
import { useCoreSession } from './core-session';
import type { CallArgs, CallName, CallResult } from '../../src-shared/contract';

const session = useCoreSession();

const block = () => session.stores.block.getState();

describe('block store', () => {
  it('starts on the requested block and greets the host', async () => {
    const name = uniqueBlockName('rk-start');
    expect(await block().start({ ...DEFAULT_PAGE_PARAMS, block: name, size: 8192 })).toBe(true);
    expect(block().phase).toBe('ready');
    expect(block().existingOnly).toBe(false);
    expect(block().hello?.host).toBe('browser');
    expect(block().info).toMatchObject({ name, size: 8192, createdHere: true, capacityUnits: 4095 });
  });

  it("asks for the block without waiting for hello's answer: one round trip less before the first paint", async () => {
    const name = uniqueBlockName('rk-parallel');
    const sent: string[] = [];
    let releaseHello = () => {};
    const helloHeld = new Promise<void>((resolve) => (releaseHello = resolve));
    session.routeCalls({
      call<K extends CallName>(callName: K, args: CallArgs<K>): Promise<CallResult<K>> {
        sent.push(callName);
        if (callName === 'openBlock') releaseHello();
        const answer = session.api.call(callName, args);
        // hello's answer is held until openBlock is sent (or 2 s pass: a serial start still ends, and fails below)
        if (callName !== 'hello') return answer;
        return Promise.race([helloHeld, new Promise((resolve) => setTimeout(resolve, 2000))]).then(() => answer);
      },
      on: (event, listener) => session.api.on(event, listener),
    });
    try {
      const started = Date.now();
      expect(await block().start({ ...DEFAULT_PAGE_PARAMS, block: name, size: 4096 })).toBe(true);
      expect(sent.slice(0, 2)).toEqual(['hello', 'openBlock']);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(block().hello?.host).toBe('browser');
    } finally {
      session.routeCalls(null);
    }
  });

  it('fails the start with a message and a code when the block cannot be opened', async () => {
    expect(await block().start({ ...DEFAULT_PAGE_PARAMS, block: 'bad/name' })).toBe(false);
    expect(block().phase).toBe('failed');
    expect(block().startError).toMatch(/\(ERR_SHM_NAME\)$/);
    expect(block().hello?.host).toBe('browser'); // the open form and the status line still know the host
  });

  it('refuses a bad name or size in the open form, keeping the current block', async () => {
    const name = uniqueBlockName('rk-keep');
    expect(await block().open({ name, size: 4096 })).toBe(true);
    const kept = block().info;
    for (const [args, code] of [
      [{ name: '', size: 4096 }, 'ERR_SHM_NAME'],
      [{ name: 'a/b', size: 4096 }, 'ERR_SHM_NAME'],
      [{ name: uniqueBlockName('rk-size'), size: 0 }, 'ERR_SHM_SIZE'],
      [{ name: uniqueBlockName('rk-size'), size: -1 }, 'ERR_SHM_SIZE'],
      [{ name: uniqueBlockName('rk-size'), size: 2 ** 40 }, 'ERR_SHM_SIZE'],
      [{ name, size: 8192 }, 'ERR_SHM_SIZE_MISMATCH'],
    ] as const) {
      expect(await block().open(args)).toBe(false);
      expect(block().openError).toMatch(new RegExp(`\\(${code}\\)$`));
      expect(block().info).toBe(kept);
      expect(block().opening).toBe(false);
    }
    block().clearOpenError();
    expect(block().openError).toBeNull();
  });

  it("says a refused size in the form's words, not the validator's", async () => {
    expect(await block().open({ name: uniqueBlockName('rk-words'), size: 2_000_000_000 })).toBe(false);
    expect(block().openError).toBe('The block size must be from 1 byte to 1 GiB (1,073,741,824 bytes); 2000000000 is not. (ERR_SHM_SIZE)');
  });

  it('unlinks the current block and says so, then that it is already gone', async () => {
    const name = uniqueBlockName('rk-unlink');
    await block().open({ name, size: 4096 });
    await block().unlink();
    expect(block().unlinkNote).toContain('Removed');
    expect(block().unlinkNote).toContain(block().info!.systemName);
    await block().unlink();
    expect(block().unlinkNote).toContain('already gone');
    // The window keeps its mapping: the block is still open through the host.
    await block().reopen();
    expect(block().info).toMatchObject({ name, size: 4096 });
    expect((await session.api.call('info', { name })).name).toBe(name);
  });
});

/** Creates a block in another Node process (the addon, create-or-open) and stores a string in it. */
async function createElsewhere(name: string, size: number, text: string): Promise<void> {
  const script = `
    const [addon, name, size, text] = process.argv.slice(1);
    const block = require(addon).openBlock({ name, size: Number(size) });
    block.setString(text);
    block.close();`;
  const result = await runNode(['-e', script, nativeEntryPath(), name, String(size), text]);
  if (result.code !== 0) throw new Error(`the creating process failed (${result.code}): ${result.stderr}`);
}

describe('"Existing only" (openBlock with create: false)', () => {
  it.skipIf(process.platform === 'win32')('refuses a missing block, says what to do, and creates nothing', async () => {
    const current = uniqueBlockName('rk-cur');
    expect(await block().open({ name: current, size: 4096 })).toBe(true);
    const kept = block().info;
    const missing = uniqueBlockName('rk-missing');
    for (const args of [
      { name: missing, create: false },
      { name: missing, size: 4096, create: false },
    ]) {
      expect(await block().open(args)).toBe(false);
      expect(block().openError).toBe(
        `No block named "${missing}" exists. Tick "Create if missing" to make it, or start the program that creates it. (ERR_SHM_NOT_FOUND)`,
      );
      expect(block().info).toBe(kept);
      expect(block().existingOnly).toBe(false);
      expect(existsSync(`/dev/shm/${missing}`)).toBe(false);
    }
  });

  it('adopts the real size of a block another process created, and shows its bytes', async () => {
    const name = uniqueBlockName('rk-adopt');
    await createElsewhere(name, 12_345, 'made elsewhere');
    expect(await block().open({ name, create: false })).toBe(true);
    expect(block().openError).toBeNull();
    expect(block().existingOnly).toBe(true);
    expect(block().info).toMatchObject({ name, size: 12_345, createdHere: false, capacityUnits: 6171 });
    expect(await session.api.call('getString', { name })).toEqual({ text: 'made elsewhere', units: 14 });
  });

  it('starts from an address that says create=0 on the existing block, at its real size, and never creates it on reopen', async () => {
    const name = uniqueBlockName('rk-page');
    await createElsewhere(name, 6000, 'from a link');
    expect(await block().start({ block: name, access: 'read-write', create: false })).toBe(true);
    expect(block().info).toMatchObject({ name, size: 6000, createdHere: false });
    expect(block().existingOnly).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('fails the start on a missing block under create=0, says why, and creates nothing', async () => {
    const missing = uniqueBlockName('rk-page-missing');
    expect(await block().start({ block: missing, size: 4096, access: 'read-write', create: false })).toBe(false);
    expect(block().phase).toBe('failed');
    expect(block().startError).toBe(
      `No block named "${missing}" exists. This page opens existing blocks only (its address says create=0): ` +
        'tick "Create if missing" in the bar above and Open to create it, or start the program that creates it. (ERR_SHM_NOT_FOUND)',
    );
    expect(existsSync(`/dev/shm/${missing}`)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')(
    'opening the block again (after the host came back) does not create it once it is gone',
    async () => {
      const name = uniqueBlockName('rk-reopen');
      await createElsewhere(name, 4096, 'soon gone');
      expect(await block().open({ name, create: false })).toBe(true);
      await block().unlink();
      expect(existsSync(`/dev/shm/${name}`)).toBe(false);
      await block().reopen();
      expect(block().openError).toContain(`No block named "${name}" exists.`);
      expect(existsSync(`/dev/shm/${name}`)).toBe(false);
      expect(block().info).toMatchObject({ name, size: 4096 }); // the window keeps showing its mapping
    },
  );

  it('with a size, opens the existing block only when the size matches', async () => {
    const name = uniqueBlockName('rk-match');
    await createElsewhere(name, 8192, 'eight k');
    expect(await block().open({ name, size: 4096, create: false })).toBe(false);
    expect(block().openError).toMatch(/\(ERR_SHM_SIZE_MISMATCH\)$/);
    expect(await block().open({ name, size: 8192, create: false })).toBe(true);
    expect(block().info).toMatchObject({ name, size: 8192, createdHere: false });
  });
});
