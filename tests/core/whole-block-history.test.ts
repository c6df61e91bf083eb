// Issue 23, item 3: the History recorded only the rows on screen. PostgreSQL
// changed at 0xEE38 while the view was at 0, and the History said "0 changes"
// until the view moved there. Blocks up to WHOLE_BLOCK_HISTORY_MAX_BYTES are
// now compared whole while watched; larger ones keep the windowed history and
// say so (historyInfo's wholeBlock). Real addon, real writer processes, the
// contract's calls through the in-process client.
import { truncateSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BlockChangedEvent } from '../../src-shared/contract';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { FAST_WHOLE_BLOCK_MAX_BYTES, OFFSCREEN_POLL_MS, WHOLE_BLOCK_HISTORY_MAX_BYTES } from '../../src-main/core/limits';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { writeCounterFromOtherProcess, writeFileFromOtherProcess } from '../support/processes';
import { collect, waitFor } from '../support/wait';

const entriesOf = (page: { entries: { offset: number; before: Uint8Array; after: Uint8Array }[] }) =>
  page.entries.map((e) => ({ offset: e.offset, before: Array.from(e.before), after: Array.from(e.after) }));

describe('whole-block history', () => {
  let core: InspectorCore | undefined;
  afterEach(() => core?.dispose());
  afterAll(() => unlinkUsedBlocks());

  it('records a foreign write at 0xEE38 of a 64 KiB block watched at 0..4 KiB, with its offset and bytes', async () => {
    core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core);
    const name = uniqueBlockName('wbh-offscreen');
    await api.call('openBlock', { name, size: 64 * 1024 });
    await api.call('write', { name, offset: 0xee38, bytes: Uint8Array.of(1, 2, 3, 4) });
    await api.call('watch', { name, offset: 0, length: 4096 });
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 0xee38, Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd));
    // Every history call polls the watcher first: the write is recorded now, or never.
    const page = await api.call('readHistory', { name });
    expect(entriesOf(page)).toEqual([{ offset: 0xee38, before: [1, 2, 3, 4], after: [0xaa, 0xbb, 0xcc, 0xdd] }]);
    const info = await api.call('historyInfo', { name });
    expect(info).toMatchObject({ count: 1, wholeBlock: true });
    const times = await api.call('historyTimes', { name, offset: 0xee00, length: 0x100 });
    expect(times.times).toEqual([page.entries[0]!.time]);
    const before = await api.call('bytesAt', { name, offset: 0xee38, length: 4, time: times.completeSince });
    expect(Array.from(before.bytes)).toEqual([1, 2, 3, 4]);
  });

  it('records each change once when the view moves onto the changed rows and away again', async () => {
    core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core);
    const name = uniqueBlockName('wbh-move');
    await api.call('openBlock', { name, size: 64 * 1024 });
    await api.call('watch', { name, offset: 0, length: 4096 });
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 0xee38, Uint8Array.of(1));
    await api.call('watch', { name, offset: 0xee00, length: 256 }); // before any history call polls
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 0xee38, Uint8Array.of(2));
    await api.call('watch', { name, offset: 0, length: 4096 });
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 0xee38, Uint8Array.of(3));
    const page = await api.call('readHistory', { name });
    expect(entriesOf(page)).toEqual([
      { offset: 0xee38, before: [0], after: [1] },
      { offset: 0xee38, before: [1], after: [2] },
      { offset: 0xee38, before: [2], after: [3] },
    ]);
  });

  it('compares nothing more while the windows show the whole block, and the rest again once they do not', async () => {
    core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core);
    const name = uniqueBlockName('wbh-shown');
    const size = FAST_WHOLE_BLOCK_MAX_BYTES * 2; // above it: the second watcher compares the rest
    await api.call('openBlock', { name, size });
    await api.call('watch', { name, offset: 0, length: size });
    expect(core.watcher.offscreenComparedBytes()).toBe(0);
    await api.call('watch', { name, offset: 0, length: 1024 });
    expect(core.watcher.offscreenComparedBytes()).toBe(size);
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 3000, Uint8Array.of(8));
    expect(entriesOf(await api.call('readHistory', { name }))).toEqual([{ offset: 3000, before: [0], after: [8] }]);
    await api.call('watch', { name, offset: 0, length: 0 });
    expect(core.watcher.offscreenComparedBytes()).toBe(0);
  });

  // The idle host's second watcher thread woke ten times a second for the
  // rows of a 4 KiB block off screen; the fast watcher, which wakes anyway,
  // now compares such a block whole.
  it(`compares a block up to ${FAST_WHOLE_BLOCK_MAX_BYTES} bytes whole in the fast watcher: no second watcher, off-screen writes recorded`, async () => {
    core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core);
    const name = uniqueBlockName('wbh-fast');
    const size = FAST_WHOLE_BLOCK_MAX_BYTES;
    await api.call('openBlock', { name, size });
    const seen = collect<BlockChangedEvent>((listener) => api.on('blockChanged', listener));
    await api.call('watch', { name, offset: 0, length: 1024 });
    expect(core.watcher.clientWatchedBytes()).toBe(1024);
    expect(core.watcher.watchedBytes()).toBe(size);
    expect(core.watcher.offscreenComparedBytes()).toBe(0);
    expect(core.watcher.seesWholeBlock(core.blocks.peek(name)!)).toBe(true);
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 3000, Uint8Array.of(8)); // off screen
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 10, Uint8Array.of(5)); // on screen
    await waitFor(async () => (await api.call('historyInfo', { name })).count === 2, 'both writes in the History');
    expect(entriesOf(await api.call('readHistory', { name }))).toEqual([
      { offset: 3000, before: [0], after: [8] },
      { offset: 10, before: [0], after: [5] },
    ]);
    // The window hears only its own rows.
    await waitFor(() => seen.items.length > 0, 'the on-screen change');
    expect(seen.items.flatMap((event) => event.ranges.map((range) => range.offset))).toEqual([10]);

    // Shrunk by another process: what is left of the one whole-block range is still compared.
    truncateSync(`/dev/shm/${name}`, 4096); // the pages past it fault
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 20, Uint8Array.of(6));
    await waitFor(() => seen.items.some((event) => event.ranges.some((range) => range.offset === 20)), 'the write after the shrink');
    await api.call('watch', { name, offset: 0, length: 0 });
    expect(core.watcher.watchedBytes()).toBe(0);
  });

  it(`keeps the windowed history for a block over ${WHOLE_BLOCK_HISTORY_MAX_BYTES} bytes, and says so`, async () => {
    core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core);
    const hello = await api.call('hello', {});
    expect(hello.limits.wholeBlockHistoryMaxBytes).toBe(WHOLE_BLOCK_HISTORY_MAX_BYTES);
    const name = uniqueBlockName('wbh-large');
    const size = WHOLE_BLOCK_HISTORY_MAX_BYTES + 4096;
    await api.call('openBlock', { name, size });
    await api.call('watch', { name, offset: 0, length: 4096 });
    expect(core.watcher.watchedBytes()).toBe(4096); // a poll costs what the window shows
    await writeFileFromOtherProcess(`/dev/shm/${name}`, size - 8, Uint8Array.of(7));
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 16, Uint8Array.of(9));
    const page = await api.call('readHistory', { name });
    expect(entriesOf(page)).toEqual([{ offset: 16, before: [0], after: [9] }]);
    expect(await api.call('historyInfo', { name })).toMatchObject({ count: 1, wholeBlock: false });
  });

  it('keeps recording the rows on screen and the rest after another process shrinks the block', async () => {
    core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core);
    const events: BlockChangedEvent[] = [];
    api.on('blockChanged', (event) => events.push(event));
    const name = uniqueBlockName('wbh-shrink');
    await api.call('openBlock', { name, size: 64 * 1024 });
    await api.call('watch', { name, offset: 0, length: 4096 });
    truncateSync(`/dev/shm/${name}`, 32 * 1024);
    await api.call('historyInfo', { name }); // the poll that meets the shrink
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 0x100, Uint8Array.of(5));
    await writeFileFromOtherProcess(`/dev/shm/${name}`, 0x7000, Uint8Array.of(6));
    const page = await api.call('readHistory', { name });
    expect(entriesOf(page)).toEqual([
      { offset: 0x100, before: [0], after: [5] },
      { offset: 0x7000, before: [0], after: [6] },
    ]);
    // The window still gets its own rows' changes.
    await waitFor(() => events.some((e) => e.ranges.some((r) => r.offset === 0x100)), 'blockChanged at 0x100');
  });

  it('is not woken by a writer changing the rows on screen 1,000 times a second: it polls every OFFSCREEN_POLL_MS', async () => {
    core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core);
    const name = uniqueBlockName('wbh-nowake');
    await api.call('openBlock', { name, size: 64 * 1024 });
    await api.call('watch', { name, offset: 0, length: 4096 });
    const before = core.watcher.offscreenStats();
    const started = performance.now();
    const written = await writeCounterFromOtherProcess(name, 64 * 1024, 8, 1000, 1000);
    const wallMs = performance.now() - started; // the writer's process start and exit too
    const after = core.watcher.offscreenStats();
    const polls = after.polls - before.polls;
    const woken = after.wokenByWriters - before.wokenByWriters;
    const allowed = Math.ceil(wallMs / OFFSCREEN_POLL_MS) + 5; // + a poll at each watch and a busy machine
    console.log(
      `whole-block watcher: ${polls} polls (allowed ${allowed}), ${woken} woken by writers, for ${written.writes} writes in ${wallMs.toFixed(0)} ms`,
    );
    expect(woken).toBe(0);
    expect(polls).toBeLessThanOrEqual(allowed);
    // The fast watcher still recorded the rows on screen.
    const history = await api.call('readHistory', { name, offset: 8, length: 4, max: 1 });
    expect(history.total).toBeGreaterThan(100);
  });

  it('records the rows on screen and off it in time order while both change', async () => {
    core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core);
    const name = uniqueBlockName('wbh-order');
    const size = 64 * 1024;
    await api.call('openBlock', { name, size });
    await api.call('watch', { name, offset: 0, length: 4096 });
    await Promise.all([
      writeCounterFromOtherProcess(name, size, 8, 1000, 1000), // on screen: the fast watcher, taken once a frame
      writeCounterFromOtherProcess(name, size, 0xee38, 50, 1000), // off screen: whole-block history's poll
    ]);
    const onScreen = await api.call('historyTimes', { name, offset: 8, length: 4 });
    const onScreenTotal = (await api.call('readHistory', { name, offset: 8, length: 4, max: 1 })).total;
    const offScreenTotal = (await api.call('readHistory', { name, offset: 0xee38, length: 4, max: 1 })).total;
    console.log(`on screen: ${onScreenTotal} changes at ${onScreen.times.length} distinct times; off screen: ${offScreenTotal} changes`);
    expect(offScreenTotal).toBeGreaterThan(3);
    // Each poll of the fast watcher is one batch with its own time. A batch recorded after a later
    // off-screen change would take that change's time (the History never goes back), sharing it.
    expect(onScreen.times.length).toBe(onScreenTotal);
  });
});
