// The whole-block change marks pushed to the windows that follow them
// (changeMarks with follow: true, then marksChanged events): found by the
// watcher at once inside watched ranges, by a slow check elsewhere, coalesced,
// and nothing checked quickly or sent while nothing changes. Real blocks, a
// real core, real writes from other processes.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarksChangedEvent } from '../../src-shared/contract';
import { createInProcessApi, type InProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { loadNative } from '../../src-main/core/native';
import { BlockService } from '../../src-main/core/block-service';
import {
  ACTIVE_SPAN_MS,
  COVERED_RECHECK_MS,
  EMIT_MIN_MS,
  IDLE_TICK_MS,
  KEEP_ALIVE_MS,
  REGION_SIZE,
  RegionMarks,
  TICK_MS,
} from '../../src-main/core/region-marks';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { writeFromOtherProcess } from '../support/processes';
import { collect, waitFor } from '../support/wait';

const SIZE = 4 * REGION_SIZE;

describe('change marks followed by a window', () => {
  let core: InspectorCore;
  let api: InProcessApi;

  beforeEach(() => {
    core = new InspectorCore({ host: 'browser' });
    api = createInProcessApi(core);
  });
  afterEach(() => core.dispose());
  afterAll(() => unlinkUsedBlocks());

  it('a write outside every watched range arrives as a marksChanged event, without asking again', async () => {
    const name = uniqueBlockName('idle-marks-push');
    await api.call('openBlock', { name, size: SIZE });
    await api.call('watch', { name, offset: 0, length: 256 });
    const events = collect<MarksChangedEvent>((l) => api.on('marksChanged', l));
    expect((await api.call('changeMarks', { name, follow: true })).regions).toEqual([]);
    await writeFromOtherProcess(name, SIZE, 3 * REGION_SIZE + 8, Uint8Array.of(1, 2));
    const event = await waitFor(() => events.items.find((e) => e.regions.length > 0), 'a marksChanged event', 10_000);
    expect(event.name).toBe(name);
    expect(event.regions.map((r) => r.offset)).toEqual([3 * REGION_SIZE]);
  });

  it('a change the watcher finds marks its region at once, and follow: false stops the events', async () => {
    const name = uniqueBlockName('idle-marks-watch');
    await api.call('openBlock', { name, size: SIZE });
    await api.call('watch', { name, offset: REGION_SIZE, length: 256 });
    const events = collect<MarksChangedEvent>((l) => api.on('marksChanged', l));
    await api.call('changeMarks', { name, follow: true });
    const writer = loadNative().openBlock({ name, size: SIZE, create: false });
    try {
      const order: string[] = [];
      const stopOrder = [
        api.on('blockChanged', () => order.push('blockChanged')),
        api.on('marksChanged', () => order.push('marksChanged')),
      ];
      writer.write(REGION_SIZE + 4, Uint8Array.of(9));
      core.watcher.pollNow(); // the watcher's own poll, on this thread: the event goes out when its task ends
      await Promise.resolve();
      expect(events.items.at(-1)?.regions.map((r) => r.offset)).toEqual([REGION_SIZE]);
      // The bytes first, then the marks: a window that handled the mark first (its scrollbar, its map) was late with the bytes.
      expect(order).toEqual(['blockChanged', 'marksChanged']);
      for (const stop of stopOrder) stop();

      await api.call('changeMarks', { name, follow: false });
      const count = events.items.length;
      writer.write(2 * REGION_SIZE, Uint8Array.of(7));
      await new Promise((resolve) => setTimeout(resolve, IDLE_TICK_MS + EMIT_MIN_MS + 200));
      core.regionMarks.tick();
      expect(events.items.length).toBe(count);
    } finally {
      writer.close();
    }
  });

  it('a window that goes (disconnects) follows nothing any more', async () => {
    const name = uniqueBlockName('idle-marks-gone');
    const other = createInProcessApi(core);
    await other.call('openBlock', { name, size: SIZE });
    const events = collect<MarksChangedEvent>((l) => other.on('marksChanged', l));
    await other.call('changeMarks', { name, follow: true });
    other.close();
    loadNative().openBlock({ name, size: SIZE, create: false }).write(8, Uint8Array.of(5));
    core.regionMarks.tick();
    expect(events.items).toEqual([]);
  });

  // Issue 22 ("idle means idle"): the watcher already compares such a block
  // whole (whole-block history), so the marks need no timer of their own.
  it('a block the watcher sees whole is not read for marks: no check due before COVERED_RECHECK_MS', async () => {
    const name = uniqueBlockName('idle-marks-covered');
    await api.call('openBlock', { name, size: SIZE });
    await api.call('watch', { name, offset: 0, length: 256 });
    await api.call('changeMarks', { name, follow: true });
    expect(core.regionMarks.activeBlocks()).toBe(1);
    expect(core.regionMarks.nextDueAt() - Date.now()).toBeGreaterThan(COVERED_RECHECK_MS - 1000);
    // Without a window on it the watcher sees none of it: the block is checked as before.
    await api.call('watch', { name, offset: 0, length: 0 });
    core.regionMarks.tick();
    expect(core.regionMarks.nextDueAt() - Date.now()).toBeLessThanOrEqual(TICK_MS);
  });

  it('follow and since must be what they say, with ERR_SHM_ARG', async () => {
    const name = uniqueBlockName('idle-marks-args');
    await api.call('openBlock', { name, size: SIZE });
    await expect(api.call('changeMarks', { name, follow: 'yes' as unknown as boolean })).rejects.toMatchObject({ code: 'ERR_SHM_ARG' });
    await expect(api.call('changeMarks', { name, since: 'later' as unknown as number })).rejects.toMatchObject({ code: 'ERR_SHM_ARG' });
  });
});

describe('change marks cadence (a clock of the test)', () => {
  let native: ReturnType<typeof loadNative>;
  let blocks: BlockService;
  let clock: number;
  const sent: MarksChangedEvent[] = [];
  let marks: RegionMarks;

  beforeEach(() => {
    native = loadNative();
    blocks = new BlockService(native, () => undefined);
    clock = 1_000_000;
    sent.length = 0;
    marks = new RegionMarks(
      blocks,
      (_client, event) => sent.push(event),
      () => clock,
    );
  });
  afterEach(() => {
    marks.dispose();
    blocks.closeAll();
  });
  afterAll(() => unlinkUsedBlocks());

  function openFollowed(prefix: string) {
    const name = uniqueBlockName(prefix);
    blocks.openBlock({ name, size: SIZE }, 'window');
    marks.marks({ name, follow: true }, 'window');
    return name;
  }

  it('a followed block nobody changes is checked every IDLE_TICK_MS, not every TICK_MS', () => {
    openFollowed('idle-marks-slow');
    expect(marks.nextDueAt() - clock).toBe(TICK_MS); // just asked: the quick cadence for a while
    clock += KEEP_ALIVE_MS + ACTIVE_SPAN_MS;
    marks.tick();
    expect(marks.nextDueAt() - clock).toBe(IDLE_TICK_MS);
    expect(sent).toEqual([]);
  });

  it("the watcher's changes go out once its task ends, then at most one event per EMIT_MIN_MS", async () => {
    const name = openFollowed('idle-marks-burst');
    clock += KEEP_ALIVE_MS + ACTIVE_SPAN_MS;
    marks.tick();
    for (let i = 0; i < 100; i++) marks.noteChanges(name, [{ offset: 8, bytes: Uint8Array.of(i) }]);
    expect(sent).toHaveLength(0); // after the windows got the changes themselves
    await Promise.resolve();
    expect(sent).toHaveLength(1); // the hundred, in one event
    clock += 10;
    marks.noteChanges(name, [{ offset: 8, bytes: Uint8Array.of(1) }]);
    await Promise.resolve();
    expect(sent).toHaveLength(1); // too soon after the last: it waits
    expect(marks.nextDueAt() - clock).toBe(EMIT_MIN_MS - 10); // the rest wait for the next event, and the check is quick again
    clock += EMIT_MIN_MS - 10;
    marks.tick();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.regions).toEqual([{ offset: 0, length: REGION_SIZE, changedAt: clock - EMIT_MIN_MS + 10 }]);
    // The region was marked by the watcher: its next CRC is learnt without marking it again.
    clock += TICK_MS;
    marks.tick();
    expect(sent).toHaveLength(2);
  });

  it('marks queued in the task that disposes them are never sent', async () => {
    const name = openFollowed('idle-marks-disposed');
    clock += KEEP_ALIVE_MS + ACTIVE_SPAN_MS;
    marks.tick();
    marks.noteChanges(name, [{ offset: 8, bytes: Uint8Array.of(1) }]);
    marks.dispose(); // the host shuts down before the take's task ends
    await Promise.resolve();
    expect(sent).toEqual([]);
    expect(marks.nextDueAt()).toBe(Infinity);
  });

  it('a block seen whole is marked by the watcher only; once it is not, its sums are learnt afresh, then compared', async () => {
    let seenWhole = true;
    marks.dispose();
    marks = new RegionMarks(
      blocks,
      (_client, event) => sent.push(event),
      () => clock,
      () => seenWhole,
    );
    const name = openFollowed('idle-marks-seen');
    expect(marks.nextDueAt() - clock).toBe(COVERED_RECHECK_MS);
    const writer = native.openBlock({ name, size: SIZE, create: false });
    try {
      writer.write(REGION_SIZE + 1, Uint8Array.of(1)); // unseen by this test's watcher: nothing reads it
      clock += COVERED_RECHECK_MS;
      marks.tick();
      expect(sent).toEqual([]);
      marks.noteChanges(name, [{ offset: 8, bytes: Uint8Array.of(2) }]);
      await Promise.resolve();
      expect(sent.at(-1)!.regions.map((r) => r.offset)).toEqual([0]);
      expect(sent.at(-1)!.checkedAt).toBe(clock);

      seenWhole = false;
      clock += COVERED_RECHECK_MS;
      marks.tick(); // learns the sums, the write above included: no mark for it
      expect(sent.at(-1)!.regions.map((r) => r.offset)).toEqual([0]);
      writer.write(2 * REGION_SIZE + 1, Uint8Array.of(3));
      clock += TICK_MS;
      marks.tick();
      clock += EMIT_MIN_MS;
      marks.tick();
      expect(sent.at(-1)!.regions.map((r) => r.offset)).toEqual([0, 2 * REGION_SIZE]);
    } finally {
      writer.close();
    }
  });

  it('a block asked (not followed) stops being checked KEEP_ALIVE_MS after the last question', () => {
    const name = uniqueBlockName('idle-marks-asked');
    blocks.openBlock({ name, size: SIZE }, 'window');
    marks.marks({ name }, 'window');
    expect(marks.activeBlocks()).toBe(1);
    clock += KEEP_ALIVE_MS + 1;
    marks.tick();
    expect(marks.activeBlocks()).toBe(0);
    expect(marks.nextDueAt()).toBe(Infinity);
  });
});
