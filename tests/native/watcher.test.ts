// The native watcher (native/src/common/watcher.h) on its own: real blocks, real
// writer processes. Foreign writers (no lock, no counter) are found by the
// poll; our own writers wake it without a poll; a busy lock never stalls it;
// a block closed while watched, and a watcher closed with changes pending,
// end quietly.
import { closeSync, openSync, readdirSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeBatch, Watcher } from '../../native/index.js';
import { writeFileFromOtherProcess, writeFromOtherProcess } from '../support/processes';
import { native, pollUntil, shmPath, startChild, uniqueName, unlinkCreated } from './helpers';

const linux = process.platform === 'linux';
const watchers: Watcher[] = [];

/** A watcher whose batches are collected; `onPending` calls are counted. */
function startWatcher(options?: { fastestMs?: number; slowestMs?: number; monitorMs?: number; monitorHiddenMs?: number }) {
  const batches: ChangeBatch[] = [];
  const state = { signals: 0 };
  const watcher: Watcher = new native.Watcher(() => {
    state.signals++;
    batches.push(...watcher.take());
  }, options);
  watchers.push(watcher);
  const changes = (name: string) =>
    batches.filter((b) => b.name === name).flatMap((b) => b.changes.map((c) => ({ offset: c.offset, bytes: [...c.bytes] })));
  return { watcher, batches, state, changes };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The watcher's polls during the next `ms`. */
async function pollsDuring(watcher: Watcher, ms: number): Promise<number> {
  const before = watcher.stats().polls;
  await sleep(ms);
  return watcher.stats().polls - before;
}

/** A write by no writer of this library (no lock, no counter, no wake): straight into the mapping's file. */
function foreignWrite(name: string, offset: number, bytes: Uint8Array): void {
  const fd = openSync(shmPath(name), 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

afterEach(() => {
  for (const watcher of watchers.splice(0)) watcher.close();
  unlinkCreated();
});

describe('native watcher', () => {
  it.runIf(linux)('finds a foreign writer (another process writing the file, no lock, no counter)', async () => {
    const name = uniqueName('nw-foreign');
    const block = native.openBlock({ name, size: 4096 });
    const { watcher, changes } = startWatcher();
    const initial = watcher.setRanges(name, block, [1024, 3072], 1024, 3072);
    expect(initial.length).toBe(2048);
    const countBefore = block.writeCount();
    await writeFileFromOtherProcess(shmPath(name), 2000, Uint8Array.of(7, 0, 0, 8));
    await writeFileFromOtherProcess(shmPath(name), 100, Uint8Array.of(9)); // outside what is watched
    await pollUntil(() => changes(name).length > 0, 5000, 'the foreign write');
    expect(changes(name)).toEqual([{ offset: 2000, bytes: [7, 0, 0, 8] }]);
    expect(block.writeCount()).toBe(countBefore);
    block.close();
  });

  it.runIf(linux)('is woken at once by a write through the library in another process, not by its poll', async () => {
    const name = uniqueName('nw-wake');
    const block = native.openBlock({ name, size: 4096 });
    // A poll every 20 s: only the wake can explain an event within a few seconds.
    const { watcher, batches, changes } = startWatcher({ fastestMs: 20_000, slowestMs: 20_000 });
    watcher.setRanges(name, block, [0, 4096], 0, 0);
    await pollUntil(() => watcher.stats().polls >= 1, 5000, 'the first poll'); // now asleep for 20 s
    const pollsBefore = watcher.stats().polls;
    const writtenAt = native.steadyNowMs();
    await writeFromOtherProcess(name, 4096, 64, Uint8Array.of(1, 2, 3));
    await pollUntil(() => changes(name).length > 0, 5000, 'the woken watcher');
    expect(changes(name)).toEqual([{ offset: 64, bytes: [1, 2, 3] }]);
    expect(batches[0]!.detectedAtMs - writtenAt).toBeLessThan(5000);
    expect(watcher.stats().wokenByWriters).toBeGreaterThanOrEqual(1);
    expect(watcher.stats().polls - pollsBefore).toBeLessThanOrEqual(2); // the woken poll (and perhaps one more wake)
    block.close();
  });

  // The idle poll (shm_limits.h kWatcherIdlePollUs, kWatcherIdleAfterMs): one
  // look a frame once nothing changed for a second, the fastest poll again at
  // the first change, and our own writers still wake it at once.
  it.runIf(linux)('idles at one poll a frame after a quiet second, finds a foreign write within a frame, then polls fast', async () => {
    const name = uniqueName('nw-idle');
    const block = native.openBlock({ name, size: 4096 });
    const { watcher, batches } = startWatcher();
    watcher.setRanges(name, block, [0, 4096], 0, 0);
    await sleep(1300); // past the quiet second
    const idlePolls = await pollsDuring(watcher, 500);
    // One frame (16 ms) is about 31 polls in 500 ms; the 4 ms poll was 125.
    expect(idlePolls).toBeGreaterThanOrEqual(10);
    expect(idlePolls).toBeLessThanOrEqual(45);

    const writtenAt = native.steadyNowMs();
    foreignWrite(name, 100, Uint8Array.of(0xaa)); // no lock, no counter: only the poll finds it
    await pollUntil(() => batches.length > 0, 2000, 'the foreign write');
    const found = native.steadyNowMs();
    expect(batches[0]!.detectedAtMs - writtenAt).toBeLessThan(16 + 50); // a frame, plus room for a loaded machine
    // Fast again: 1, 2, 4, 4 ... ms, so about 50 polls in the next 200 ms (one a frame would be 13).
    const pollsThen = watcher.stats().polls;
    await sleep(200 - (native.steadyNowMs() - found));
    expect(watcher.stats().polls - pollsThen).toBeGreaterThanOrEqual(20);

    await sleep(1300); // idle again
    const woken = watcher.stats().wokenByWriters;
    block.write(200, Uint8Array.of(0xbb)); // through the library: its counter wakes the thread
    await pollUntil(() => batches.some((b) => b.changes.some((c) => c.offset === 200)), 2000, 'the own write');
    expect(watcher.stats().wokenByWriters).toBeGreaterThan(woken);
    block.close();
  });

  // The sustained poll (shm_limits.h kWatcherSustainedPollUs): a writer of
  // this library that keeps writing no longer wakes the thread per write; the
  // thread looks every 4 ms instead, so 1,000 writes a second cost 250 wakes,
  // not 1,000 and more. A lone write after it stops wakes the thread again.
  it.runIf(linux)(
    'a writer that keeps writing is polled every 4 ms, not woken per write; a lone write after wakes it at once',
    async () => {
      const name = uniqueName('nw-sustained');
      const block = native.openBlock({ name, size: 4096 });
      const { watcher, batches } = startWatcher();
      watcher.setRanges(name, block, [0, 4096], 0, 0);
      // One write a millisecond: each timer turn writes as many as are due (a busy machine runs it late).
      let written = 0;
      const start = performance.now();
      const writer = setInterval(() => {
        const due = Math.floor(performance.now() - start);
        while (written < due) block.write(8, new Uint8Array(Uint32Array.of(++written).buffer));
      }, 1);
      try {
        await sleep(600); // past the first quarter second of changes
        const [woken, polls, writes, since] = [watcher.stats().wokenByWriters, watcher.stats().polls, written, native.steadyNowMs()];
        await sleep(600);
        const [wokenDuring, pollsDuring, writesDuring] = [
          watcher.stats().wokenByWriters - woken,
          watcher.stats().polls - polls,
          written - writes,
        ];
        expect(writesDuring).toBeGreaterThan(300); // the writer kept writing
        // Per write, the thread would have been woken about once a write; sustained, almost never.
        expect(wokenDuring).toBeLessThan(writesDuring / 10);
        expect(pollsDuring).toBeLessThanOrEqual(600 / 4 + 30);
        const times = batches.filter((b) => b.detectedAtMs > since).map((b) => b.detectedAtMs);
        const gaps = times
          .slice(1)
          .map((t, i) => t - times[i]!)
          .sort((a, b) => a - b);
        expect(gaps[Math.floor(gaps.length / 2)]).toBeGreaterThanOrEqual(3.5); // one look every 4 ms
      } finally {
        clearInterval(writer);
      }
      await sleep(800); // a quiet spell: the sustained poll ends
      const woken = watcher.stats().wokenByWriters;
      const writtenAt = native.steadyNowMs();
      block.write(200, Uint8Array.of(0xbb));
      await pollUntil(() => batches.some((b) => b.changes.some((c) => c.offset === 200)), 2000, 'the lone write');
      expect(watcher.stats().wokenByWriters).toBeGreaterThan(woken);
      const found = batches.find((b) => b.changes.some((c) => c.offset === 200))!;
      expect(found.detectedAtMs - writtenAt).toBeLessThan(50);
      block.close();
    },
  );

  // take(holdMs): the host's pace (one take a frame) without a timer of its
  // own: the watcher thread holds its next signal until the frame's end.
  it('take(holdMs) holds the next signal that long after the take; take() keeps the hold; take(0) ends it', async () => {
    const name = uniqueName('nw-hold');
    const block = native.openBlock({ name, size: 4096 });
    const signals: number[] = [];
    const watcher: Watcher = new native.Watcher(() => signals.push(native.steadyNowMs()));
    watchers.push(watcher);
    watcher.setRanges(name, block, [0, 4096], 0, 0);

    watcher.take(400);
    const heldAt = native.steadyNowMs();
    block.write(8, Uint8Array.of(1));
    await sleep(100);
    watcher.pollNow(); // found on this thread too: still held, and the watcher thread still sends it when due
    expect(watcher.take()).toEqual([expect.objectContaining({ name })]); // a take without a hold: the hold stays
    block.write(9, Uint8Array.of(2));
    await pollUntil(() => signals.length > 0, 3000, 'the held signal');
    expect(signals[0]! - heldAt).toBeGreaterThanOrEqual(395);
    expect(signals[0]! - heldAt).toBeLessThan(400 + 300);
    expect(watcher.take(0).flatMap((b) => b.changes.map((c) => c.offset))).toEqual([9]);

    const writtenAt = native.steadyNowMs(); // no hold now: the next change is signalled at once
    block.write(10, Uint8Array.of(3));
    await pollUntil(() => signals.length > 1, 3000, 'the next signal');
    expect(signals[1]! - writtenAt).toBeLessThan(200);
    expect(() => watcher.take(-1)).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    expect(() => watcher.take(60_001)).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    block.close();
  });

  // setQuiet: whole-block history's watcher leaves out the rows on screen,
  // so a writer busy there neither signals it nor wakes JavaScript.
  it('leaves out changes inside quiet ranges (no batch, no signal) and clips a change that crosses one', async () => {
    const name = uniqueName('nw-quiet');
    const block = native.openBlock({ name, size: 4096 });
    const { watcher, state, changes } = startWatcher();
    watcher.setRanges(name, block, [0, 4096], 0, 0);
    expect(watcher.setQuiet(name, [100, 200, 300, 400])).toBe(true);
    expect(watcher.setQuiet(uniqueName('nw-not-watched'), [])).toBe(false);

    block.write(150, Uint8Array.of(1, 2, 3)); // all quiet
    await sleep(100);
    expect(state.signals).toBe(0);
    block.write(195, Uint8Array.of(9, 9, 9, 9, 9, 9, 9, 9, 9, 9)); // 195..205: only 200..205 is heard
    await pollUntil(() => changes(name).length > 0, 2000, 'the clipped change');
    expect(changes(name)).toEqual([{ offset: 200, bytes: [9, 9, 9, 9, 9] }]);

    expect(watcher.setQuiet(name, [])).toBe(true); // nothing quiet: the snapshot kept up, so no old change comes back
    block.write(160, Uint8Array.of(7));
    await pollUntil(() => changes(name).length > 1, 2000, 'the change no longer quiet');
    expect(changes(name)[1]).toEqual({ offset: 160, bytes: [7] });
    expect(() => watcher.setQuiet(name, [5, 1])).toThrow(expect.objectContaining({ code: 'ERR_SHM_RANGE' }));
    expect(() => watcher.setQuiet(name, [1])).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    block.close();
  });

  it.runIf(linux)('polls a slow block (setSlowPoll: its windows are hidden) only that often, and its writers do not wake it', async () => {
    const name = uniqueName('nw-slow');
    const block = native.openBlock({ name, size: 4096 });
    const { watcher, batches } = startWatcher();
    watcher.setRanges(name, block, [0, 4096], 0, 0);
    expect(watcher.setSlowPoll(name, 250)).toBe(true);
    expect(watcher.setSlowPoll(uniqueName('nw-not-watched'), 250)).toBe(false);
    const slowPolls = await pollsDuring(watcher, 1000);
    expect(slowPolls).toBeLessThanOrEqual(6); // 4 due polls, plus the one setSlowPoll's interrupt may cause

    const woken = watcher.stats().wokenByWriters;
    block.write(8, Uint8Array.of(1)); // its counter is not slept on: found by the 250 ms poll
    await pollUntil(() => batches.length > 0, 2000, 'the slow poll');
    expect(watcher.stats().wokenByWriters).toBe(woken);
    expect(batches[0]!.changes.map((c) => c.offset)).toEqual([8]);

    expect(watcher.setSlowPoll(name, 0)).toBe(true); // visible again: the adaptive poll, and the wake
    await sleep(50);
    const wokenAgain = watcher.stats().wokenByWriters;
    block.write(9, Uint8Array.of(2));
    await pollUntil(() => batches.length > 1, 2000, 'the woken poll');
    expect(watcher.stats().wokenByWriters).toBeGreaterThan(wokenAgain);
    expect(() => watcher.setSlowPoll(name, -1)).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    block.close();
  });

  it.runIf(linux)('skips a block whose lock another process holds, keeps reporting the others, and catches up after', async () => {
    const busyName = uniqueName('nw-busy');
    const freeName = uniqueName('nw-free');
    const busy = native.openBlock({ name: busyName, size: 4096 });
    const free = native.openBlock({ name: freeName, size: 4096 });
    const holder = await startChild('hold', { name: busyName, size: 4096 }, /^holding/);
    try {
      expect(native.testing.tryLock(busy)).toBe(false);
      const { watcher, changes } = startWatcher();
      // Setting ranges on a busy block answers at once (it reads without the lock rather than wait).
      const started = performance.now();
      watcher.setRanges(busyName, busy, [0, 4096], 0, 16);
      watcher.setRanges(freeName, free, [0, 4096], 0, 16);
      expect(performance.now() - started).toBeLessThan(500);

      await writeFileFromOtherProcess(shmPath(busyName), 10, Uint8Array.of(0xbb));
      for (let i = 0; i < 3; i++) {
        await writeFromOtherProcess(freeName, 4096, 100 + i * 100, Uint8Array.of(i + 1));
      }
      await pollUntil(() => changes(freeName).length >= 3, 5000, "the free block's three writes");
      await pollUntil(() => watcher.stats().skippedBusy >= 3, 5000, 'polls that skipped the busy block');
      expect(changes(busyName)).toEqual([]); // never read while its lock is held

      holder.child.kill('SIGKILL'); // the robust lock passes to the next locker
      await new Promise((resolve) => holder.child.once('exit', resolve));
      expect(native.testing.tryLock(busy)).toBe(true);
      await pollUntil(() => changes(busyName).length > 0, 5000, "the busy block's change after the release");
      expect(changes(busyName)).toEqual([{ offset: 10, bytes: [0xbb] }]);
    } finally {
      holder.child.kill('SIGKILL');
      busy.close();
      free.close();
    }
  });

  it('a block closed while watched is reported closed once; the watcher goes on with the others', async () => {
    const goneName = uniqueName('nw-gone');
    const keptName = uniqueName('nw-kept');
    const gone = native.openBlock({ name: goneName, size: 4096 });
    const kept = native.openBlock({ name: keptName, size: 4096 });
    const { watcher, batches, changes } = startWatcher();
    watcher.setRanges(goneName, gone, [0, 4096], 0, 0);
    watcher.setRanges(keptName, kept, [0, 4096], 0, 0);
    gone.close();
    await pollUntil(() => batches.some((b) => b.name === goneName && b.closed), 5000, 'the closed report');
    const writer = native.openBlock({ name: keptName, size: 4096, create: false });
    writer.write(5, Uint8Array.of(5));
    writer.close();
    await pollUntil(() => changes(keptName).length > 0, 5000, "the other block's change");
    expect(changes(keptName)).toEqual([{ offset: 5, bytes: [5] }]);
    expect(batches.filter((b) => b.name === goneName && b.closed).length).toBe(1);
    expect(watcher.watchedBytes()).toBe(8192); // still watched until the caller says otherwise
    watcher.setRanges(goneName, gone, [], 0, 0);
    expect(watcher.watchedBytes()).toBe(4096);
    kept.close();
  });

  it('reports changes made before new ranges are set, then keeps what watchers saw (nothing lost, nothing twice)', () => {
    const name = uniqueName('nw-move');
    const block = native.openBlock({ name, size: 4096 });
    const { watcher } = startWatcher({ fastestMs: 60_000, slowestMs: 60_000 });
    watcher.setRanges(name, block, [0, 256], 0, 0);
    block.write(5, Uint8Array.of(42));
    const answer = watcher.setRanges(name, block, [0, 512], 0, 16);
    expect(answer[5]).toBe(42);
    const queued = watcher.take().flatMap((b) => b.changes.map((c) => ({ offset: c.offset, bytes: [...c.bytes] })));
    expect(queued).toEqual([{ offset: 5, bytes: [42] }]); // queued by setRanges for the old watchers
    watcher.pollNow();
    expect(watcher.take()).toEqual([]);
    block.close();
  });

  // The merge rule (watcher.h mergesAcrossGap, kMergeGap 16) at its edge:
  // 15 unchanged bytes between two changes make one run, 16 make two.
  it('merges changes fewer than 16 unchanged bytes apart into one run, and no others', () => {
    const name = uniqueName('nw-gap');
    const block = native.openBlock({ name, size: 4096 });
    const { watcher } = startWatcher({ fastestMs: 60_000, slowestMs: 60_000 });
    watcher.setRanges(name, block, [0, 4096], 0, 0);
    const twoChanges = (first: number, unchangedBetween: number, last: number) =>
      Uint8Array.of(first, ...new Array<number>(unchangedBetween).fill(0), last);
    block.write(100, twoChanges(1, 15, 2)); // the bytes between stay 0: unchanged
    block.write(300, twoChanges(3, 16, 4));
    watcher.pollNow();
    const runs = watcher.take().flatMap((b) => b.changes.map((c) => ({ offset: c.offset, bytes: [...c.bytes] })));
    expect(runs).toEqual([
      { offset: 100, bytes: [...twoChanges(1, 15, 2)] },
      { offset: 300, bytes: [3] },
      { offset: 317, bytes: [4] },
    ]);
    block.close();
  });

  // take() puts a take's small changes in one ArrayBuffer (a V8 backing store
  // each cost the host GC work 2,000 times a second under a fast writer); a
  // change past 1 KiB, which the History keeps as it is (its slabs copy the
  // shorter ones), has its own, so it never pins the others' buffer.
  it('gives small changes views into one buffer per take, and a change past 1 KiB a buffer of its own', () => {
    const name = uniqueName('nw-buffers');
    const block = native.openBlock({ name, size: 64 * 1024 });
    const { watcher } = startWatcher({ fastestMs: 60_000, slowestMs: 60_000 });
    watcher.setRanges(name, block, [0, 64 * 1024], 0, 0);
    block.write(100, Uint8Array.of(1, 2));
    block.write(300, Uint8Array.of(3));
    block.write(1024, new Uint8Array(1025).fill(7));
    watcher.pollNow();
    const changes = watcher.take().flatMap((b) => b.changes);
    expect(changes.map((c) => [c.offset, [...c.bytes.subarray(0, 2)], c.bytes.length, [...c.before.subarray(0, 2)]])).toEqual([
      [100, [1, 2], 2, [0, 0]],
      [300, [3], 1, [0]],
      [1024, [7, 7], 1025, [0, 0]],
    ]);
    const [first, second, third] = changes as [
      ChangeBatch['changes'][number],
      ChangeBatch['changes'][number],
      ChangeBatch['changes'][number],
    ];
    const shared = first.bytes.buffer;
    for (const view of [first.before, second.bytes, second.before]) expect(view.buffer).toBe(shared);
    expect(shared.byteLength).toBe(2 + 2 + 1 + 1);
    for (const own of [third.bytes, third.before]) expect(own.buffer.byteLength).toBe(1025);
    expect(third.bytes.buffer).not.toBe(third.before.buffer);
    block.close();
  });

  it('after close() no callback comes, even for changes already queued', async () => {
    const name = uniqueName('nw-close');
    const block = native.openBlock({ name, size: 4096 });
    let signals = 0;
    const watcher = new native.Watcher(() => signals++);
    watcher.setRanges(name, block, [0, 4096], 0, 0);
    for (let i = 0; i < 50; i++) block.write(i, Uint8Array.of(i + 1));
    watcher.close(); // with a signal possibly queued by now
    const signalsAtClose = signals;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(signals).toBe(signalsAtClose);
    expect(signals).toBe(0); // nothing ran between the writes and close(): this thread never yielded
    expect(watcher.take()).toEqual([]);
    expect(() => watcher.pollNow()).toThrow(/closed/);
    watcher.close(); // twice is harmless
    block.close();
  });

  it.runIf(linux)("runs its thread under the name shm-watcher, so its CPU can be told from the host's own", async () => {
    const threadNames = () =>
      readdirSync('/proc/self/task').map((tid) => {
        try {
          return readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
        } catch {
          return ''; // a thread that ended meanwhile
        }
      });
    const before = threadNames().filter((name) => name === 'shm-watcher').length;
    startWatcher();
    await pollUntil(() => threadNames().filter((name) => name === 'shm-watcher').length === before + 1, 5000, 'the named thread');
  });

  // The monitor (monitorMs): what no poll of the watched bytes shows, found by
  // the watcher's own thread, so the host keeps no JavaScript timer for it.
  it.runIf(linux)('with monitorMs, reports an outside unlink once and each smaller size; without it, neither', async () => {
    const name = uniqueName('nw-monitor');
    const block = native.openBlock({ name, size: 16384 });
    const monitored = startWatcher({ monitorMs: 20 });
    const plain = startWatcher();
    monitored.watcher.setRanges(name, block, [0, 64], 0, 0);
    plain.watcher.setRanges(name, block, [0, 64], 0, 0);

    truncateSync(shmPath(name), 8192); // past the watched bytes: no poll meets it
    await pollUntil(() => monitored.batches.some((b) => b.shrunkTo === 8192), 5000, 'the first shrink');
    truncateSync(shmPath(name), 4096);
    await pollUntil(() => monitored.batches.some((b) => b.shrunkTo === 4096), 5000, 'the second shrink');
    native.unlinkBlock(name); // as another program would: no call to the watcher
    await pollUntil(() => monitored.batches.some((b) => b.unlinked), 5000, 'the unlink');
    await sleep(100); // several more looks
    expect(monitored.batches.filter((b) => b.unlinked)).toHaveLength(1);
    expect(monitored.batches.every((b) => b.name === name && b.changes.length === 0 && !b.busy)).toBe(true);
    expect(plain.batches).toEqual([]);
    block.close();
  });

  it('refuses a monitor interval out of range with a coded error', () => {
    expect(() => new native.Watcher(() => undefined, { monitorMs: 0 })).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    expect(() => new native.Watcher(() => undefined, { monitorHiddenMs: 'x' as never })).toThrow(
      expect.objectContaining({ code: 'ERR_SHM_ARG' }),
    );
  });

  it('refuses bad ranges with coded errors', () => {
    const name = uniqueName('nw-bad');
    const block = native.openBlock({ name, size: 4096 });
    const { watcher } = startWatcher();
    expect(() => watcher.setRanges(name, block, [0, 5000], 0, 0)).toThrow(expect.objectContaining({ code: 'ERR_SHM_RANGE' }));
    expect(() => watcher.setRanges(name, block, [10, 5], 0, 0)).toThrow(expect.objectContaining({ code: 'ERR_SHM_RANGE' }));
    expect(() => watcher.setRanges(name, block, [0, 10, 5, 20], 0, 0)).toThrow(expect.objectContaining({ code: 'ERR_SHM_RANGE' }));
    expect(() => watcher.setRanges(name, {} as never, [0, 10], 0, 0)).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    expect(watcher.watchedBytes()).toBe(0);
    block.close();
  });
});
