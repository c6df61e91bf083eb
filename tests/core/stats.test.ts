// Issue 24: the byteStats and blockMap calls through the contract (the panel,
// the map and the CLI use these): ranges and region counts are checked,
// classes and entropy come back per region, the caller's signal and a newer
// call of the same window cancel a running one, and the region cap is the
// native engine's.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_STATS_REGIONS } from '../../src-shared/contract';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { MAX_STATS_CACHES } from '../../src-main/core/limits';
import { loadNative } from '../../src-main/core/native';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { writeFileFromOtherProcess } from '../support/processes';

const MiB = 1 << 20;
let core: InspectorCore | undefined;
afterEach(() => {
  core?.dispose();
  vi.restoreAllMocks();
});
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

/** The regions each native summarize call counts from now on (the real call runs; this only notes its `only`). */
function regionsCounted(): number[] {
  const counted: number[] = [];
  const stats = loadNative().stats;
  const real = stats.summarize.bind(stats);
  vi.spyOn(stats, 'summarize').mockImplementation((block, offset, length, regions, options) => {
    counted.push(options?.only?.length ?? regions);
    return real(block, offset, length, regions, options);
  });
  return counted;
}

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

  it('after writes by another process, a refresh naming the changed ranges counts only their regions and equals a full count', async () => {
    const { api, name } = await openBlock(4 * MiB);
    for (let at = 0; at < 4 * MiB; at += MiB) await api.call('write', { name, offset: at, bytes: randomBytes(MiB) });
    // The first calls count everything; the host keeps each region's histogram.
    await api.call('blockMap', { name, regions: 256 });
    await api.call('byteStats', { name });
    const writes = [
      { offset: 16_000, bytes: new Uint8Array(3000).fill(0x41) }, // regions 0 and 1 (16 KiB each, as the statistics' cells)
      { offset: 4 * MiB - 10, bytes: new Uint8Array(10) }, // the last region
    ];
    for (const { offset, bytes } of writes) await writeFileFromOtherProcess(`/dev/shm/${name}`, offset, bytes);
    const changed = writes.map(({ offset, bytes }) => ({ offset, length: bytes.length }));
    const counted = regionsCounted();
    const incrementalMap = await api.call('blockMap', { name, regions: 256, changed });
    const incrementalStats = await api.call('byteStats', { name, changed });
    expect(counted).toEqual([3, 3]); // map regions and statistics cells 0, 1 and 255
    const fullMap = await api.call('blockMap', { name, regions: 256 });
    const fullStats = await api.call('byteStats', { name });
    expect(counted.slice(2)).toEqual([256, 256]);
    expect(incrementalMap).toEqual(fullMap);
    expect(incrementalStats).toEqual(fullStats);
    expect(fullStats.histogram[0x41]).toBeGreaterThanOrEqual(3000);
    expect(fullMap.classes.slice(255 * 4, 256 * 4)[0]).toBeGreaterThanOrEqual(10);
    // Nothing changed: answered from what is kept, no job at all.
    expect(await api.call('blockMap', { name, regions: 256, changed: [] })).toEqual(fullMap);
    expect(counted).toHaveLength(4);
  });

  it('a refresh of another range or region count, or of a reopened block, counts everything', async () => {
    const { api, name } = await openBlock(2 * MiB);
    await api.call('blockMap', { name, regions: 64 });
    const counted = regionsCounted();
    const changed = [{ offset: 0, length: 1 }];
    await api.call('blockMap', { name, regions: 32, changed });
    await api.call('blockMap', { name, regions: 32, offset: 4096, changed });
    await api.call('closeBlock', { name });
    await api.call('openBlock', { name, size: 2 * MiB });
    await api.call('blockMap', { name, regions: 32, changed });
    expect(counted).toEqual([32, 32, 32]);
  });

  it(`kept counts are capped host-wide at ${MAX_STATS_CACHES} sets (least recently used dropped) and go with their window`, async () => {
    const { name } = await openBlock(4096);
    const windows = Array.from({ length: MAX_STATS_CACHES + 1 }, () => createInProcessApi(core!));
    for (const window of windows) await window.call('blockMap', { name, regions: 16 });
    expect(core!.stats.keptCount()).toBe(MAX_STATS_CACHES);
    core!.stats.forget(windows.at(-1)!.clientId);
    expect(core!.stats.keptCount()).toBe(MAX_STATS_CACHES - 1);
  });

  it('changed ranges are checked: outside the block ERR_SHM_RANGE, too many or not an array ERR_SHM_ARG', async () => {
    const { api, name } = await openBlock(4096);
    expect(await codeOf(api.call('blockMap', { name, regions: 4, changed: [{ offset: 4000, length: 200 }] }))).toBe('ERR_SHM_RANGE');
    const many = Array.from({ length: 1025 }, () => ({ offset: 0, length: 1 }));
    expect(await codeOf(api.call('byteStats', { name, changed: many }))).toBe('ERR_SHM_ARG');
    expect(await codeOf(api.call('byteStats', { name, changed: 'all' as never }))).toBe('ERR_SHM_ARG');
  });
});
