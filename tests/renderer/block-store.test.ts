// The block store (src-renderer/src/stores/block.ts): the first block, the
// "open another block" form with its errors, unlink — against a real core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBlockStore } from '../../src-renderer/src/stores/block';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { startCoreSession, type CoreSession } from './core-session';

const block = () => useBlockStore.getState();

let session: CoreSession;
beforeAll(() => {
  session = startCoreSession();
});
afterAll(() => {
  session.close();
  unlinkUsedBlocks();
});

describe('block store', () => {
  it('starts on the requested block and greets the host', async () => {
    const name = uniqueBlockName('rk-start');
    await block().start({ name, size: 8192 });
    expect(block().phase).toBe('ready');
    expect(block().hello?.host).toBe('in-process');
    expect(block().info).toMatchObject({ name, size: 8192, createdHere: true, capacityUnits: 4095 });
  });

  it('fails the start with a message and a code when the block cannot be opened', async () => {
    await block().start({ name: 'bad/name', size: 4096 });
    expect(block().phase).toBe('failed');
    expect(block().startError).toMatch(/\(ERR_SHM_NAME\)$/);
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
