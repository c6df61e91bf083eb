// Issue 24: the byteStats and blockMap calls through the contract (the panel,
// the map and the CLI use these): ranges and region counts are checked,
// classes and entropy come back per region, the caller's signal and a newer
// call of the same window cancel a running one, and the region cap is the
// native engine's.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MAX_STATS_REGIONS } from '../../src-shared/contract';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { loadNative } from '../../src-main/core/native';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

const MiB = 1 << 20;
let core: InspectorCore | undefined;
afterEach(() => core?.dispose());
afterAll(() => unlinkUsedBlocks());

async function openBlock(size: number) {
  core = new InspectorCore({ host: 'browser' });
  const api = createInProcessApi(core);
  const name = uniqueBlockName('stats-core');
  await api.call('openBlock', { name, size });
  return { api, name };
}

const codeOf = (call: Promise<unknown>) =>
  call.then(
    () => 'succeeded',
    (error: { code?: string }) => error.code,
  );

describe('byteStats and blockMap', () => {
  it('the region cap is the native engine’s', () => {
    expect(loadNative().stats.MAX_REGIONS).toBe(MAX_STATS_REGIONS);
  });

  it('byteStats of the whole block by default, of a range when given', async () => {
    const { api, name } = await openBlock(8192);
    await api.call('write', { name, offset: 4096, bytes: new Uint8Array(4096).fill(0x41) });
    const whole = await api.call('byteStats', { name });
    expect(whole).toMatchObject({ offset: 0, length: 8192, zero: 4096, printable: 4096, high: 0, control: 0 });
    expect(whole.entropy).toBeCloseTo(1, 12);
    const letters = await api.call('byteStats', { name, offset: 4096, length: 4096 });
    expect(letters.entropy).toBe(0);
    expect(letters.histogram[0x41]).toBe(4096);
    expect(await codeOf(api.call('byteStats', { name, offset: 8000, length: 200 }))).toBe('ERR_SHM_RANGE');
  });

  it('blockMap: the end region written lights alone; region counts outside 1..MAX are ERR_SHM_ARG', async () => {
    const { api, name } = await openBlock(MiB);
    const last = new Uint8Array(4096);
    for (let i = 0; i < last.length; i++) last[i] = (i * 131) & 0xff;
    await api.call('write', { name, offset: MiB - 4096, bytes: last });
    const map = await api.call('blockMap', { name, regions: 256 });
    expect(map.regionBytes).toBe(4096);
    expect(map.classes).toHaveLength(256 * 4);
    expect(map.entropy.slice(0, 255).every((bits) => bits === 0)).toBe(true);
    expect(map.entropy[255]).toBeCloseTo(8, 2);
    expect(map.classes.slice(0, 4)).toEqual([4096, 0, 0, 0]);
    expect(await codeOf(api.call('blockMap', { name, regions: 0 }))).toBe('ERR_SHM_ARG');
    expect(await codeOf(api.call('blockMap', { name, regions: MAX_STATS_REGIONS + 1 }))).toBe('ERR_SHM_ARG');
  });

  it("the caller's signal cancels, and a window's newer blockMap cancels its running one", async () => {
    const { api, name } = await openBlock(64 * MiB);
    const controller = new AbortController();
    const aborted = codeOf(api.call('blockMap', { name, regions: 4096 }, { signal: controller.signal }));
    controller.abort();
    expect(await aborted).toBe('ERR_STATS_CANCELLED');
    const older = codeOf(api.call('blockMap', { name, regions: 4096 }));
    const newer = api.call('blockMap', { name, regions: 16 });
    expect(await older).toBe('ERR_STATS_CANCELLED');
    expect((await newer).regionBytes).toBe(4 * MiB);
  });
});
