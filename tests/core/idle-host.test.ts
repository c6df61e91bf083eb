// An idle host costs only what something asks for (issue 22, "Idle means
// idle"): a block every window of which is hidden is polled every
// HIDDEN_POLL_MS and no writer wakes the watcher for it, a client that
// disconnects counts as gone, and the JavaScript timers run only while a
// block is watched or a scan is held.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { truncateSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlockBusyEvent, BlockChangedEvent, BlockShrankEvent, BlockUnlinkedEvent } from '../../src-shared/contract';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { BLOCK_MONITOR_HIDDEN_MS, BLOCK_MONITOR_MS, HIDDEN_POLL_MS } from '../../src-main/core/limits';
import { loadNative, nativeEntryPath } from '../../src-main/core/native';
import { spawnUntilLine } from '../support/spawn-until-line';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { collect, waitFor } from '../support/wait';

/** Another process that takes the block's lock and keeps it until release() (tests/support/lock-holder.cjs). */
async function holdLock(name: string, size: number): Promise<{ pid: number; release: () => Promise<void>; end: () => void }> {
  const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'support', 'lock-holder.cjs');
  const { child, lines } = await spawnUntilLine(process.execPath, [script, nativeEntryPath(), name, String(size)], /^holding/, {
    stdin: 'pipe',
  });
  return {
    pid: child.pid!,
    release: async () => {
      child.stdin!.write('release\n');
      await new Promise<void>((resolve) => {
        const check = () => (lines.includes('released') ? resolve() : child.stdout!.once('data', () => setImmediate(check)));
        check();
      });
    },
    end: () => child.stdin!.end(),
  };
}

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
  // The block monitor's half-second timer woke the idle host's main thread
  // twice a second for an fstat and an lstat; the native watcher's thread,
  // awake anyway, now looks, and JavaScript runs only on a finding.
  it.runIf(process.platform === 'linux')(
    'a host with no client has no timer, a watch starts none; a busy block starts the probes, slower while hidden, until free',
    async () => {
      const name = uniqueBlockName('idle-timers');
      const own = loadNative().openBlock({ name, size: 4096, create: true });
      const holder = await holdLock(name, 4096);
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
      try {
        const core = startCore();
        expect(vi.getTimerCount()).toBe(0); // was 2: the block monitor's and the scan sweep's intervals

        const api = createInProcessApi(core);
        await api.call('openBlock', { name, size: 4096 });
        await api.call('watch', { name, offset: 0, length: 64 });
        expect(core.monitor.isRunning()).toBe(false); // was true: its timer looked twice a second
        expect(vi.getTimerCount()).toBe(0);

        core.monitor.noteBusy(name); // what the watcher's thread reports once its polls skip the block
        expect(core.monitor.paceMs()).toBe(BLOCK_MONITOR_MS);
        await api.call('setVisibility', { visible: false }); // nobody sees its reports: it probes less often
        expect(core.monitor.paceMs()).toBe(BLOCK_MONITOR_HIDDEN_MS);
        vi.advanceTimersByTime(BLOCK_MONITOR_HIDDEN_MS);
        expect(core.monitor.paceMs()).toBe(BLOCK_MONITOR_HIDDEN_MS);
        await api.call('setVisibility', { visible: true }); // shown: its pace at once
        expect(core.monitor.paceMs()).toBe(BLOCK_MONITOR_MS);
        await holder.release();
        vi.advanceTimersByTime(BLOCK_MONITOR_MS); // the next probe finds it free
        expect(core.monitor.isRunning()).toBe(false);
        await api.call('watch', { name, offset: 0, length: 0 });
        expect(vi.getTimerCount()).toBe(0);

        await api.call('scanFirst', { name, type: 'u8', endianness: 'little', aligned: true, mode: 'unknown' });
        expect(vi.getTimerCount()).toBe(1); // the scan sweep, while the client holds a session
        await api.call('scanRelease', { name });
        vi.advanceTimersByTime(60_000);
        expect(vi.getTimerCount()).toBe(0);
      } finally {
        holder.end();
        own.close();
      }
    },
  );

  it.runIf(process.platform === 'linux')(
    "the watcher's thread finds a shrink outside the watched rows, a held lock and an outside unlink",
    async () => {
      const core = startCore();
      const api = createInProcessApi(core);
      const name = uniqueBlockName('idle-monitor');
      await api.call('openBlock', { name, size: 8192 });
      const shrank = collect<BlockShrankEvent>((listener) => api.on('blockShrank', listener));
      const busy = collect<BlockBusyEvent>((listener) => api.on('blockBusy', listener));
      const unlinked = collect<BlockUnlinkedEvent>((listener) => api.on('blockUnlinked', listener));
      await api.call('watch', { name, offset: 0, length: 64 });
      expect(core.monitor.isRunning()).toBe(false);

      const holder = await holdLock(name, 8192);
      try {
        const event = await waitFor(() => busy.items.find((e) => e.holder !== null), 'blockBusy naming the holder', 5000);
        expect(event.holder).toContain(`pid ${holder.pid}`);
        await holder.release();
        await waitFor(() => busy.items.find((e) => e.holder === null), 'blockBusy clearing', 5000);
        await waitFor(() => !core.monitor.isRunning(), 'the probes to stop', 5000);
      } finally {
        holder.end();
      }

      truncateSync(`/dev/shm/${name}`, 4096); // past the rows watched: no poll meets it
      expect(await waitFor(() => shrank.items[0], 'blockShrank', 5000)).toEqual({ name, size: 4096 });

      loadNative().unlinkBlock(name); // by another program: no call of this host
      expect(await waitFor(() => unlinked.items[0], 'blockUnlinked', 5000)).toMatchObject({ name });
    },
  );
});
