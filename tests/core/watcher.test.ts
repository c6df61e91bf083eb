// The watcher against writes from other processes: through our addon, and
// straight into the object's file (a writer that knows nothing of our lock or
// write counter). Real blocks, real processes.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlockChangedEvent } from '../../src-shared/contract';
import { createInProcessApi, type InProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { loadNative } from '../../src-main/core/native';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { writeFileFromOtherProcess, writeFromOtherProcess } from '../support/processes';
import { collect, waitFor } from '../support/wait';

function plain(ranges: BlockChangedEvent['ranges']) {
  return ranges.map((r) => ({ offset: r.offset, bytes: Array.from(r.bytes) }));
}

describe('watcher', () => {
  let core: InspectorCore;
  let first: InProcessApi;
  let second: InProcessApi;

  beforeEach(() => {
    core = new InspectorCore({ host: 'browser' });
    first = createInProcessApi(core);
    second = createInProcessApi(core);
  });
  afterEach(() => core.dispose());
  afterAll(() => unlinkUsedBlocks());

  it('sends the changed ranges and their bytes, merging gaps under 16 bytes', async () => {
    const name = uniqueBlockName('w-ranges');
    await first.call('openBlock', { name, size: 4096 });
    const seen = collect<BlockChangedEvent>((l) => first.on('blockChanged', l));
    await first.call('watch', { name, offset: 0, length: 4096 });
    // 10 and 20 are 9 bytes apart (one range); 300 is far from both (its own range).
    const other = loadNative().openBlock({ name, size: 4096, create: false });
    try {
      other.write(10, Uint8Array.of(1));
      other.write(20, Uint8Array.of(2));
      other.write(300, Uint8Array.of(3, 3));
    } finally {
      other.close();
    }
    await waitFor(() => seen.items.flatMap((e) => e.ranges).some((r) => r.offset === 300), 'the change at 300');
    const ranges = plain(seen.items.flatMap((e) => e.ranges));
    expect(ranges).toContainEqual({ offset: 300, bytes: [3, 3] });
    expect(ranges.flatMap((r) => r.bytes.map((b, i) => [r.offset + i, b])).filter(([, b]) => b !== 0)).toEqual([
      [10, 1],
      [20, 2],
      [300, 3],
      [301, 3],
    ]);
    // One poll that saw both merges the 9-byte gap. Two polls' batches can share
    // one paced event (change-fanout.ts), which joins only touching ranges.
    const holding10 = ranges.find((r) => r.offset <= 10 && r.offset + r.bytes.length > 10)!;
    if (holding10.bytes.length > 1) expect(holding10).toEqual({ offset: 10, bytes: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2] });
  });

  it('notices a write by another process through the addon, and both subscribers get it', async () => {
    const name = uniqueBlockName('w-proc');
    await first.call('openBlock', { name, size: 4096 });
    const a = collect<BlockChangedEvent>((l) => first.on('blockChanged', l));
    const b = collect<BlockChangedEvent>((l) => second.on('blockChanged', l));
    await first.call('watch', { name, offset: 0, length: 1024 });
    await second.call('watch', { name, offset: 512, length: 1024 });
    await writeFromOtherProcess(name, 4096, 600, Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
    for (const [who, seen] of [
      ['first', a],
      ['second', b],
    ] as const) {
      const event = await waitFor(() => seen.items[0], `the ${who} subscriber's event`);
      expect(event.name).toBe(name);
      expect(plain(event.ranges)).toEqual([{ offset: 600, bytes: [0xde, 0xad, 0xbe, 0xef] }]);
    }
  });

  it.runIf(process.platform === 'linux')('notices a foreign writer that bypasses the library (no write counter bump)', async () => {
    const name = uniqueBlockName('w-foreign');
    const info = await first.call('openBlock', { name, size: 4096 });
    const mine = loadNative().openBlock({ name, size: 4096, create: false });
    const countBefore = mine.writeCount();
    const seen = collect<BlockChangedEvent>((l) => first.on('blockChanged', l));
    await first.call('watch', { name, offset: 2048, length: 2048 });
    await writeFileFromOtherProcess(info.systemName, 4000, Uint8Array.of(5, 6, 7));
    const event = await waitFor(() => seen.items[0], 'the foreign write to be noticed');
    expect(plain(event.ranges)).toEqual([{ offset: 4000, bytes: [5, 6, 7] }]);
    expect(mine.writeCount()).toBe(countBefore);
    mine.close();
  });

  it('a small window on a 64 MiB block compares only its own KiB and hears nothing from outside it', async () => {
    const size = 64 * 1024 * 1024;
    const name = uniqueBlockName('w-large');
    await first.call('openBlock', { name, size });
    const small = collect<BlockChangedEvent>((l) => first.on('blockChanged', l));
    const outside = collect<BlockChangedEvent>((l) => second.on('blockChanged', l));
    const window = { offset: 32 * 1024 * 1024, length: 1024 };
    await first.call('watch', { name, ...window });
    await second.call('watch', { name, offset: 0, length: 4096 });
    expect(core.watcher.watchedBytes()).toBe(1024 + 4096); // the union of watched ranges, not 64 MiB

    // Outside the small window first (seen by the other subscriber, proving it was detected), then inside.
    await writeFromOtherProcess(name, size, 100, Uint8Array.of(1, 1, 1));
    await writeFromOtherProcess(name, size, size - 10, Uint8Array.of(2, 2));
    await waitFor(() => outside.items[0], 'the outside write to be detected');
    await writeFromOtherProcess(name, size, window.offset + 1000, Uint8Array.of(9));
    await waitFor(() => small.items[0], 'the small window to hear its change');
    const ranges = plain(small.items.flatMap((e) => e.ranges));
    expect(ranges).toEqual([{ offset: window.offset + 1000, bytes: [9] }]);
    expect(plain(outside.items.flatMap((e) => e.ranges))).toEqual([{ offset: 100, bytes: [1, 1, 1] }]);
  });

  it('a new watch replaces the old one; polling runs only while someone watches', async () => {
    const name = uniqueBlockName('w-replace');
    await first.call('openBlock', { name, size: 8192 });
    expect(core.watcher.isPolling()).toBe(false);
    await first.call('watch', { name, offset: 0, length: 100 });
    expect(core.watcher.isPolling()).toBe(true);
    const moved = await first.call('watch', { name, offset: 4096, length: 200 });
    expect(moved.offset).toBe(4096);
    expect(moved.bytes.length).toBe(200);
    expect(core.watcher.clientWatchedBytes()).toBe(200);
    const seen = collect<BlockChangedEvent>((l) => first.on('blockChanged', l));
    await first.call('write', { name, offset: 50, bytes: Uint8Array.of(1) }); // the old range: no event
    await first.call('write', { name, offset: 4100, bytes: Uint8Array.of(2) });
    await waitFor(() => seen.items[0], 'the event of the new range');
    expect(plain(seen.items.flatMap((e) => e.ranges))).toEqual([{ offset: 4100, bytes: [2] }]);
    await first.call('watch', { name, offset: 0, length: 0 });
    expect(core.watcher.clientWatchedBytes()).toBe(0);
    expect(core.watcher.watchedBytes()).toBe(0);
    await waitFor(() => !core.watcher.isPolling(), 'the poll to stop');
  });

  it('a change made while a second window starts watching is not lost by either', async () => {
    const name = uniqueBlockName('w-race');
    await first.call('openBlock', { name, size: 4096 });
    const a = collect<BlockChangedEvent>((l) => first.on('blockChanged', l));
    await first.call('watch', { name, offset: 0, length: 256 });
    const other = loadNative().openBlock({ name, size: 4096, create: false });
    other.write(5, Uint8Array.of(42)); // not yet polled...
    const initial = await second.call('watch', { name, offset: 0, length: 16 }); // ...when the snapshots are rebuilt
    other.close();
    await waitFor(() => a.items[0], 'the first window to get the change');
    expect(plain(a.items[0]!.ranges)).toEqual([{ offset: 5, bytes: [42] }]);
    expect(initial.bytes[5]).toBe(42);
  });
});

describe('watcher when a watched name is unlinked and reopened with another size', () => {
  it('keeps running and lets the client leave without an error', async () => {
    const core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core);
    try {
      const name = uniqueBlockName('w-resize');
      await api.call('openBlock', { name, size: 8192 });
      await api.call('watch', { name, offset: 4096, length: 4096 });
      await api.call('unlink', { name });
      await api.call('openBlock', { name, size: 1024 }); // the watched range is now past the end
      core.watcher.pollNow();
      expect(() => api.close()).not.toThrow();
      expect(core.watcher.watchedBytes()).toBe(0);
      expect(await api.call('info', { name })).toMatchObject({ size: 1024 });
    } finally {
      core.dispose();
      unlinkUsedBlocks();
    }
  });
});

describe('watcher over the native thread', () => {
  it.runIf(process.platform === 'linux')('a write through the library in another process arrives without waiting for a poll', async () => {
    // Polls 30 s apart: only the wake on the write counter explains an event within seconds.
    const core = new InspectorCore({ host: 'browser', watcher: { fastestMs: 30_000, slowestMs: 30_000 } });
    const api = createInProcessApi(core);
    try {
      const name = uniqueBlockName('w-wake');
      await api.call('openBlock', { name, size: 4096 });
      const seen = collect<BlockChangedEvent>((l) => api.on('blockChanged', l));
      await api.call('watch', { name, offset: 0, length: 4096 });
      const before = Date.now();
      await writeFromOtherProcess(name, 4096, 8, Uint8Array.of(0x42));
      const event = await waitFor(() => seen.items[0], 'the woken watcher', 10_000);
      expect(plain(event.ranges)).toEqual([{ offset: 8, bytes: [0x42] }]);
      expect(Date.now() - before).toBeLessThan(10_000);
      expect(core.watcher.stats().wokenByWriters).toBeGreaterThanOrEqual(1);
    } finally {
      core.dispose();
      unlinkUsedBlocks();
    }
  });

  it('sends nothing after dispose, even for a write made just before', async () => {
    const core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core);
    const name = uniqueBlockName('w-dispose');
    try {
      await api.call('openBlock', { name, size: 4096 });
      const seen = collect<BlockChangedEvent>((l) => api.on('blockChanged', l));
      await api.call('watch', { name, offset: 0, length: 4096 });
      const other = loadNative().openBlock({ name, size: 4096, create: false });
      other.write(0, Uint8Array.of(1));
      core.dispose();
      other.write(1, Uint8Array.of(2));
      other.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen.items).toEqual([]);
      expect(core.watcher.isPolling()).toBe(false);
    } finally {
      core.dispose();
      unlinkUsedBlocks();
    }
  });
});
