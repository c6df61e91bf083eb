// An idle host costs only what something asks for (issue 22, "Idle means
// idle"): a block every window of which is hidden is polled every
// HIDDEN_POLL_MS and no writer wakes the watcher for it, a client that
// disconnects counts as gone, and the JavaScript timers run only while a
// block is watched or a scan is held.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { BlockChangedEvent } from '../../src-shared/contract';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { BLOCK_MONITOR_HIDDEN_MS, BLOCK_MONITOR_MS, HIDDEN_POLL_MS } from '../../src-main/core/limits';
import { loadNative } from '../../src-main/core/native';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { collect, waitFor } from '../support/wait';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cores: InspectorCore[] = [];

function startCore(): InspectorCore {
  const core = new InspectorCore({ host: 'browser' });
  cores.push(core);
  return core;
}

afterEach(() => {
  vi.useRealTimers();
  for (const core of cores.splice(0)) core.dispose();
});
afterAll(() => unlinkUsedBlocks());

describe('hidden windows', () => {
  it('a block every window of which is hidden is polled every HIDDEN_POLL_MS, and its writers do not wake the watcher', async () => {
    const core = startCore();
    const first = createInProcessApi(core);
    const second = createInProcessApi(core);
    const name = uniqueBlockName('idle-hidden');
    await first.call('openBlock', { name, size: 4096 });
    await second.call('openBlock', { name, size: 4096 });
    const seen = collect<BlockChangedEvent>((listener) => first.on('blockChanged', listener));
    await first.call('watch', { name, offset: 0, length: 4096 });
    await second.call('watch', { name, offset: 0, length: 4096 });

    await first.call('setVisibility', { visible: false });
    expect(core.watcher.slowPollOf(name)).toBe(0); // the second window still shows it
    await second.call('setVisibility', { visible: false });
    expect(core.watcher.slowPollOf(name)).toBe(HIDDEN_POLL_MS);

    const pollsBefore = core.watcher.stats().polls;
    await sleep(1000);
    // One poll a second (one more for the interrupt); the visible idle poll makes 62.
    expect(core.watcher.stats().polls - pollsBefore).toBeLessThanOrEqual(1000 / HIDDEN_POLL_MS + 2);

    const woken = core.watcher.stats().wokenByWriters;
    const writer = loadNative().openBlock({ name, size: 4096, create: false });
    try {
      writer.write(40, Uint8Array.of(7)); // through the library: no wake for a hidden block, the slow poll finds it
      await waitFor(() => seen.items.find((event) => event.ranges.some((range) => range.offset === 40)), 'the slow poll', 5000);
      expect(core.watcher.stats().wokenByWriters).toBe(woken);
      const recorded = await first.call('historyInfo', { name });
      expect(recorded.count).toBeGreaterThanOrEqual(1); // the History still records it

      await first.call('setVisibility', { visible: true }); // shown again: the adaptive poll and the wake
      expect(core.watcher.slowPollOf(name)).toBe(0);
      await sleep(50); // the thread's poll at the interrupt is over: it sleeps on the counter again
      writer.write(41, Uint8Array.of(8));
      await waitFor(() => seen.items.find((event) => event.ranges.some((range) => range.offset === 41)), 'the woken poll', 5000);
      expect(core.watcher.stats().wokenByWriters).toBeGreaterThan(woken);
    } finally {
      writer.close();
    }
  });

  it('a client that disconnects counts as gone, not visible; one that comes back counts as visible until it says otherwise', async () => {
    const core = startCore();
    const hidden = createInProcessApi(core);
    const shown = createInProcessApi(core);
    const name = uniqueBlockName('idle-gone');
    await hidden.call('openBlock', { name, size: 4096 });
    await shown.call('openBlock', { name, size: 4096 });
    await hidden.call('watch', { name, offset: 0, length: 64 });
    await shown.call('watch', { name, offset: 0, length: 64 });
    await hidden.call('setVisibility', { visible: false });
    expect(core.watcher.slowPollOf(name)).toBe(0);
    shown.close(); // the only visible window goes: every window left is hidden
    expect(core.watcher.slowPollOf(name)).toBe(HIDDEN_POLL_MS);

    hidden.close();
    const back = createInProcessApi(core, hidden.clientId); // the same window after a reconnection
    await back.call('watch', { name, offset: 0, length: 64 });
    expect(core.watcher.slowPollOf(name)).toBe(0);
  });

  it('refuses a visibility that is not a boolean with a coded error', async () => {
    const core = startCore();
    const api = createInProcessApi(core);
    await expect(api.call('setVisibility', { visible: 'no' as unknown as boolean })).rejects.toMatchObject({ code: 'ERR_SHM_ARG' });
  });
});

describe('JavaScript timers only while something asks for them', () => {
  it('a host with no client has no timer; a watch starts the block monitor, slower while hidden, stopped once nothing is watched', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const core = startCore();
    expect(vi.getTimerCount()).toBe(0); // was 2: the block monitor's and the scan sweep's intervals

    const api = createInProcessApi(core);
    const name = uniqueBlockName('idle-timers');
    await api.call('openBlock', { name, size: 4096 });
    await api.call('watch', { name, offset: 0, length: 64 });
    expect(core.monitor.isRunning()).toBe(true);
    expect(core.monitor.paceMs()).toBe(BLOCK_MONITOR_MS);
    await api.call('setVisibility', { visible: false }); // nobody sees its reports: it looks less often
    expect(core.monitor.paceMs()).toBe(BLOCK_MONITOR_HIDDEN_MS);
    vi.advanceTimersByTime(BLOCK_MONITOR_HIDDEN_MS);
    expect(core.monitor.paceMs()).toBe(BLOCK_MONITOR_HIDDEN_MS);
    await api.call('setVisibility', { visible: true }); // shown: its pace at once
    expect(core.monitor.paceMs()).toBe(BLOCK_MONITOR_MS);
    await api.call('watch', { name, offset: 0, length: 0 }); // the watch ends
    vi.advanceTimersByTime(BLOCK_MONITOR_MS); // the next tick finds nothing watched
    expect(core.monitor.isRunning()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);

    await api.call('scanFirst', { name, type: 'u8', endianness: 'little', aligned: true, mode: 'unknown' });
    expect(vi.getTimerCount()).toBe(1); // the scan sweep, while the client holds a session
    await api.call('scanRelease', { name });
    vi.advanceTimersByTime(60_000);
    expect(vi.getTimerCount()).toBe(0);
  });
});
