// The 1 MiB cap on one read (MAX_READ_LENGTH) and its siblings (one write,
// one watched range, one bytesAt): on a block larger than the cap, so the
// block's end cannot refuse the call first. Before this test the only check
// read 1 MiB + 1 of a 4 KiB block, and a mutant without the cap survived.
// The addon has no cap of its own: a read is bounded by the block only.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MAX_READ_LENGTH, MAX_WATCH_LENGTH } from '../../src-shared/contract';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { MAX_WRITE_LENGTH } from '../../src-main/core/limits';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

const MiB = 1 << 20;
const SIZE = MiB + 4096;

/** How a call was refused: its code and whether the message names the cap; a call that succeeded says so (not its 1 MiB result). */
async function refusal(call: Promise<unknown>): Promise<{ code: unknown; namesCap: boolean } | 'succeeded'> {
  try {
    await call;
    return 'succeeded';
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: string };
    return { code, namesCap: String(message).includes(String(MiB)) };
  }
}

describe('the 1 MiB cap on one call, on a block larger than it', () => {
  let core: InspectorCore | undefined;
  afterEach(() => core?.dispose());
  afterAll(() => unlinkUsedBlocks());

  async function openLargeBlock() {
    core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core);
    const name = uniqueBlockName('cap');
    await api.call('openBlock', { name, size: SIZE });
    return { api, name };
  }

  it('the caps are 1 MiB', () => {
    expect([MAX_READ_LENGTH, MAX_WRITE_LENGTH, MAX_WATCH_LENGTH]).toEqual([MiB, MiB, MiB]);
  });

  it('read: 1 MiB is read, 1 MiB + 1 is ERR_SHM_RANGE naming the cap', async () => {
    const { api, name } = await openLargeBlock();
    expect((await api.call('read', { name, offset: 0, length: MiB })).bytes.length).toBe(MiB);
    expect(await refusal(api.call('read', { name, offset: 0, length: MiB + 1 }))).toEqual({ code: 'ERR_SHM_RANGE', namesCap: true });
  });

  it('write: 1 MiB is written, 1 MiB + 1 is ERR_SHM_RANGE and writes nothing', async () => {
    const { api, name } = await openLargeBlock();
    expect(await api.call('write', { name, offset: 0, bytes: new Uint8Array(MiB).fill(1) })).toEqual({ written: MiB });
    expect(await refusal(api.call('write', { name, offset: 0, bytes: new Uint8Array(MiB + 1).fill(2) }))).toEqual({
      code: 'ERR_SHM_RANGE',
      namesCap: true,
    });
    expect(Array.from((await api.call('read', { name, offset: MiB - 1, length: 2 })).bytes)).toEqual([1, 0]);
  });

  it('watch and bytesAt: 1 MiB + 1 is ERR_SHM_RANGE naming the cap', async () => {
    const { api, name } = await openLargeBlock();
    expect(await refusal(api.call('watch', { name, offset: 0, length: MiB + 1 }))).toEqual({ code: 'ERR_SHM_RANGE', namesCap: true });
    await api.call('watch', { name, offset: 0, length: MiB });
    expect(await refusal(api.call('bytesAt', { name, offset: 0, length: MiB + 1, time: Date.now() }))).toEqual({
      code: 'ERR_SHM_RANGE',
      namesCap: true,
    });
  });
});
