// The recording hook: every change the watcher takes goes into the block's
// history ring with the bytes it replaced (from the native watcher's
// snapshot), whoever wrote it; the budget drops the oldest and moves
// "complete since". Real addon, real writer processes.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { CHANGE_OVERHEAD, DEFAULT_HISTORY_BUDGET } from '../../src-main/core/history';
import { historyBudgetFromEnvironment } from '../../src-main/core/history-recorder';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { writeFileFromOtherProcess } from '../support/processes';
import { waitFor } from '../support/wait';

describe('history recording on the watcher', () => {
  let core: InspectorCore | undefined;
  afterEach(() => core?.dispose());
  afterAll(() => unlinkUsedBlocks());

  it('records a foreign writer (no lock, no counter) with the old bytes from the snapshot', async () => {
    core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core);
    const name = uniqueBlockName('h-foreign');
    await api.call('openBlock', { name, size: 4096 });
    await api.call('write', { name, offset: 64, bytes: Uint8Array.of(5, 6, 7) });
    await api.call('watch', { name, offset: 0, length: 1024 });
    // Straight into /dev/shm's file: a writer that knows nothing of our library.
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 64, Uint8Array.of(9, 9, 9));
    const page = await waitFor(async () => {
      const read = await api.call('readHistory', { name });
      return read.total > 0 ? read : undefined;
    }, 'the foreign write to be recorded');
    expect(page.entries.map((e) => ({ offset: e.offset, before: Array.from(e.before), after: Array.from(e.after) }))).toEqual([
      { offset: 64, before: [5, 6, 7], after: [9, 9, 9] },
    ]);
  });

  it('keeps the changes found when the last window stops watching', async () => {
    core = new InspectorCore({ host: 'browser', watcher: { fastestMs: 60000, slowestMs: 60000 } });
    const api = createInProcessApi(core);
    const name = uniqueBlockName('h-unwatch');
    await api.call('openBlock', { name, size: 4096 });
    await api.call('watch', { name, offset: 0, length: 256 });
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 8, Uint8Array.of(1));
    // The poll is a minute away: only the unwatch's final comparison can find the write.
    await api.call('watch', { name, offset: 0, length: 0 });
    const page = await api.call('readHistory', { name });
    expect(page.entries.map((e) => [e.offset, Array.from(e.after)])).toEqual([[8, [1]]]);
  });

  it('drops the oldest changes over the budget and says from when history is complete', async () => {
    core = new InspectorCore({ host: 'browser', historyBudgetBytes: 3 * (CHANGE_OVERHEAD + 2) });
    const api = createInProcessApi(core);
    const name = uniqueBlockName('h-budget');
    await api.call('openBlock', { name, size: 4096 });
    await api.call('watch', { name, offset: 0, length: 256 });
    const startedAt = (await api.call('historyInfo', { name })).completeSince;
    for (let value = 1; value <= 5; value++) {
      await api.call('write', { name, offset: 0, bytes: Uint8Array.of(value) });
      await waitFor(
        async () =>
          ((await api.call('historyInfo', { name })).newest ?? 0) > 0 &&
          (await api.call('readHistory', { name })).entries.some((e) => e.after[0] === value),
        `write ${value} recorded`,
      );
    }
    const info = await api.call('historyInfo', { name });
    expect(info).toMatchObject({ count: 3, dropped: 2 });
    expect(info.completeSince).toBeGreaterThan(startedAt);
    const kept = (await api.call('readHistory', { name })).entries;
    expect(kept.map((e) => e.after[0])).toEqual([3, 4, 5]);
    // The newest dropped change's time is where history becomes complete: its bytes can be rebuilt.
    expect(Array.from((await api.call('bytesAt', { name, offset: 0, length: 1, time: info.completeSince })).bytes)).toEqual([2]);
    await expect(api.call('bytesAt', { name, offset: 0, length: 1, time: info.completeSince - 1 })).rejects.toMatchObject({
      code: 'ERR_HISTORY_INCOMPLETE',
    });
  });

  it('takes its budget from SHM_INSPECTOR_HISTORY_MB, and says so when the value is unusable', async () => {
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    expect(historyBudgetFromEnvironment({}, warn)).toBeUndefined();
    expect(historyBudgetFromEnvironment({ SHM_INSPECTOR_HISTORY_MB: '256' }, warn)).toBe(256 * 1024 * 1024);
    for (const bad of ['0', '1.5', 'lots', '5000'])
      expect(historyBudgetFromEnvironment({ SHM_INSPECTOR_HISTORY_MB: bad }, warn)).toBeUndefined();
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toContain('SHM_INSPECTOR_HISTORY_MB="0"');

    const previous = process.env['SHM_INSPECTOR_HISTORY_MB'];
    process.env['SHM_INSPECTOR_HISTORY_MB'] = '2';
    try {
      core = new InspectorCore({ host: 'browser' });
    } finally {
      if (previous === undefined) delete process.env['SHM_INSPECTOR_HISTORY_MB'];
      else process.env['SHM_INSPECTOR_HISTORY_MB'] = previous;
    }
    const api = createInProcessApi(core);
    const name = uniqueBlockName('h-env');
    await api.call('openBlock', { name, size: 4096 });
    expect((await api.call('historyInfo', { name })).budgetBytes).toBe(2 * 1024 * 1024);
    expect(DEFAULT_HISTORY_BUDGET).toBe(64 * 1024 * 1024);
  });
});
