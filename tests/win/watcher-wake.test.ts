// The native watcher on Windows (under wine): a write through the library in
// another process sets the wake event of each watcher sleeping on the block
// (its own, registered in the block's watcher table) and ends its sleep at
// once, while a foreign write (no library, no event) is only seen at the
// poll. The watchers poll every POLL_MS, so "at once" is far from any poll.
import type { Started } from '../support/spawn-until-line';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WinePrefix, uniqueName, unavailableReason, wintestExe } from './wine';

const reason = unavailableReason();
const suite = reason === null ? describe : describe.skip;
if (reason !== null) console.warn(`[tests/win] skipped: ${reason}`);

const POLL_MS = 6000;
/** Far below POLL_MS, far above a wake's latency (a few ms, even under wine). */
const AT_ONCE_MS = 1000;
/** Time for a watcher that just reported a change to be waiting again. */
const SETTLE_MS = 500;

type Line = Record<string, unknown>;

function parsed(started: Started): Line[] {
  return started.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Line);
}

/** The first line of the watcher's output that matches, waiting up to `timeoutMs` for it. */
async function lineOf(started: Started, matches: (line: Line) => boolean, timeoutMs: number): Promise<Line> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = parsed(started).find(matches);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such line within ${timeoutMs} ms; the watcher printed: ${started.lines.join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

suite(`the watcher's wake under wine${reason === null ? '' : ` (skipped: ${reason})`}`, () => {
  const wine = new WinePrefix();

  beforeAll(() => wine.start(), 180_000);
  afterAll(() => wine.stop());

  async function startWatcher(name: string, extraArgs: string[] = [], extraEnv: NodeJS.ProcessEnv = {}): Promise<Started> {
    const args = ['watch', '--name', name, '--offset', '0', '--length', '64', '--fastest-ms', `${POLL_MS}`, '--slowest-ms', `${POLL_MS}`];
    return wine.startUntil(wintestExe, [...args, ...extraArgs], /"watching"/, extraEnv);
  }

  async function stopWatcher(watcher: Started): Promise<Line> {
    const exited = new Promise<void>((resolve) => watcher.child.once('exit', () => resolve()));
    watcher.child.stdin!.end('quit\n');
    const stopped = await lineOf(watcher, (line) => line.stopped === true, 10_000);
    await exited;
    return stopped;
  }

  async function write(name: string, offset: number, hex: string, command: 'write' | 'raw-write' = 'write'): Promise<number> {
    const result = await wine.wintest([command, '--name', name, '--offset', `${offset}`, '--hex', hex]);
    expect(result).toMatchObject({ written: hex.length / 2 });
    return Number(result.atMs);
  }

  it('a library write in another process ends the sleep at once; a foreign write waits for the poll', async () => {
    const name = uniqueName(`winwake-${process.pid}`);
    const holder = await wine.hold(['--name', name, '--size', '4096']);
    const watcher = await startWatcher(name);
    try {
      const writtenAt = await write(name, 8, '41');
      const woken = await lineOf(watcher, (line) => line.offset === 8, 2 * POLL_MS);
      expect(woken.hex).toBe('41');
      expect(Number(woken.atMs) - writtenAt).toBeLessThan(AT_ONCE_MS);

      // The woken poll was at about woken.atMs; the next one is POLL_MS later.
      const rawAt = await write(name, 16, '42', 'raw-write');
      expect(rawAt - Number(woken.atMs)).toBeLessThan(POLL_MS - AT_ONCE_MS); // else this proves nothing
      const polled = await lineOf(watcher, (line) => line.offset === 16, 2 * POLL_MS);
      expect(polled.hex).toBe('42');
      expect(Number(polled.atMs) - Number(woken.atMs)).toBeGreaterThan(POLL_MS - 500);

      const stopped = await stopWatcher(watcher);
      expect(stopped.wokenByWriters).toBeGreaterThanOrEqual(1);
      expect(Number(stopped.stopMs)).toBeLessThan(AT_ONCE_MS); // the interrupt ends a POLL_MS sleep
    } finally {
      watcher.child.kill();
      await holder.release();
    }
  });

  it('one write wakes two watcher processes on the block (an event each), again and again', async () => {
    const name = uniqueName(`winwake-${process.pid}`);
    const holder = await wine.hold(['--name', name, '--size', '4096']);
    const watchers = [await startWatcher(name), await startWatcher(name)];
    try {
      for (const [round, hex] of ['01', '02', '03'].entries()) {
        // Both back asleep first: this test is about waking watchers that
        // sleep (the gap test below is about one that is about to).
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        const writtenAt = await write(name, round, hex);
        for (const watcher of watchers) {
          const seen = await lineOf(watcher, (line) => line.offset === round && line.hex === hex, 2 * POLL_MS);
          expect(Number(seen.atMs) - writtenAt).toBeLessThan(AT_ONCE_MS);
        }
      }
      for (const watcher of watchers) expect((await stopWatcher(watcher)).wokenByWriters).toBeGreaterThanOrEqual(3);
    } finally {
      for (const watcher of watchers) watcher.child.kill();
      await holder.release();
    }
  });

  it('a write that lands while a watcher is between its last look and its wait still wakes it, whatever other watchers do', async () => {
    // The moment between a watcher's last look at the counters and its wait
    // is microseconds in the product; the test-only gap makes it GAP_MS so that
    // the write lands in it every time. With one manual-reset event per block,
    // the other watchers woke and reset the event within that moment, and the
    // late one then waited a whole poll (POLL_MS); with an auto-reset event of
    // its own, its wait ends as soon as the gap does.
    const GAP_MS = 2500;
    const name = uniqueName(`winwake-${process.pid}`);
    const holder = await wine.hold(['--name', name, '--size', '4096']);
    const prompt = [await startWatcher(name), await startWatcher(name)];
    const late = await startWatcher(name, [], { SHM_INSPECTOR_TEST_WAKE_GAP_MS: `${GAP_MS}` });
    try {
      // Each round's write lands in the gap that began when the late watcher
      // last went to sleep: after its start, then after it saw the last write.
      // (The first gap may end early: the interrupt of its start can leave its
      // auto-reset interrupt event set, a stale signal that costs one poll.)
      let asleepSince = Number((await lineOf(late, (line) => line.watching === true, 1000)).atMs);
      for (const offset of [8, 9, 10]) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const writtenAt = await write(name, offset, '3c');
        expect(writtenAt - asleepSince).toBeLessThan(GAP_MS - 500); // else the write missed the gap and this proves nothing
        for (const watcher of prompt) {
          expect(Number((await lineOf(watcher, (line) => line.offset === offset, 2 * POLL_MS)).atMs) - writtenAt).toBeLessThan(AT_ONCE_MS);
        }
        asleepSince = Number((await lineOf(late, (line) => line.offset === offset, 2 * POLL_MS)).atMs);
        expect(asleepSince - writtenAt).toBeLessThan(GAP_MS + AT_ONCE_MS);
      }
    } finally {
      for (const watcher of [...prompt, late]) watcher.child.kill();
      await holder.release();
    }
  });

  it('a watcher beyond the 32 wake slots polls and says why; slots of a killed process are taken again', async () => {
    const name = uniqueName(`winwake-${process.pid}`);
    const holder = await wine.hold(['--name', name, '--size', '4096']);
    const slots = await wine.startUntil(wintestExe, ['hold-slots', '--name', name, '--count', '32'], /"woken"/);
    let watcher: Started | undefined;
    try {
      expect(parsed(slots)[0]).toMatchObject({ woken: 32, reasons: [] });
      watcher = await startWatcher(name);
      expect(String((await lineOf(watcher, (line) => line.watching === true, 1000)).pollReason)).toMatch(
        /all 32 wake slots of ".*" are held by live watchers/,
      );
      await stopWatcher(watcher);

      const gone = new Promise<void>((resolve) => slots.child.once('exit', () => resolve()));
      slots.child.kill('SIGKILL'); // no destructor runs: its 32 slots stay marked with its pid
      await gone;
      watcher = await startWatcher(name);
      expect((await lineOf(watcher, (line) => line.watching === true, 1000)).pollReason).toBe('');
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const writtenAt = await write(name, 8, '5a');
      const woken = await lineOf(watcher, (line) => line.offset === 8, 2 * POLL_MS);
      expect(Number(woken.atMs) - writtenAt).toBeLessThan(AT_ONCE_MS);
      await stopWatcher(watcher);
    } finally {
      slots.child.kill('SIGKILL');
      watcher?.child.kill();
      await holder.release();
    }
  });

  it('a watcher table of another layout is left alone: writes go on, and the watcher polls and says why', async () => {
    const name = uniqueName(`winwake-${process.pid}`);
    const planted = await wine.startUntil(wintestExe, ['plant-table', '--name', name, '--layout', '7'], /"planted"/);
    const holder = await wine.hold(['--name', name, '--size', '4096']);
    const watcher = await startWatcher(name);
    try {
      expect(String((await lineOf(watcher, (line) => line.watching === true, 1000)).pollReason)).toMatch(
        /has layout 7, this build knows 1/,
      );
      const writtenAt = await write(name, 8, '6b');
      const polled = await lineOf(watcher, (line) => line.offset === 8, 2 * POLL_MS);
      expect(Number(polled.atMs) - writtenAt).toBeGreaterThan(AT_ONCE_MS); // no wake: the poll found it
      await stopWatcher(watcher);
    } finally {
      watcher.child.kill();
      planted.child.kill('SIGKILL');
      await holder.release();
    }
  });

  it('the block closed while the watcher sleeps: a write still wakes it, it reports the block closed, and stop ends the sleep', async () => {
    const name = uniqueName(`winwake-${process.pid}`);
    const holder = await wine.hold(['--name', name, '--size', '4096']);
    const watcher = await startWatcher(name);
    try {
      // Let the poll that follows its start pass: the close must find it asleep.
      await new Promise((resolve) => setTimeout(resolve, 500));
      watcher.child.stdin!.write('close\n');
      await lineOf(watcher, (line) => line.closedHere === true, 10_000);
      // The watcher still holds the closed block's companion and its event.
      const writtenAt = await write(name, 4, '07');
      const closed = await lineOf(watcher, (line) => line.closed === true, 2 * POLL_MS);
      expect(Number(closed.atMs) - writtenAt).toBeLessThan(AT_ONCE_MS);
      expect(parsed(watcher).some((line) => line.offset !== undefined)).toBe(false); // a closed block shows no bytes

      const stopped = await stopWatcher(watcher);
      expect(Number(stopped.stopMs)).toBeLessThan(AT_ONCE_MS);
    } finally {
      watcher.child.kill();
      await holder.release();
    }
  });

  it('beyond the 63 events one wait takes, blocks are polled: a library write to such a block waits for the poll', async () => {
    const name = uniqueName(`winwake-${process.pid}`);
    const holder = await wine.hold(['--name', name, '--size', '4096']);
    const extraBlocks = 70; // the watcher makes "<name>-1" .. "<name>-70"
    const watcher = await startWatcher(name, ['--extra-blocks', `${extraBlocks}`]);
    try {
      // The watcher keeps its blocks in a std::map: byte order, as sort() for ASCII names.
      const names = [name, ...Array.from({ length: extraBlocks }, (_, i) => `${name}-${i + 1}`)].sort();
      const [first, last] = [names[0]!, names.at(-1)!];
      const writtenAt = await write(first, 8, '41');
      const woken = await lineOf(watcher, (line) => line.name === first && line.offset === 8, 2 * POLL_MS);
      expect(Number(woken.atMs) - writtenAt).toBeLessThan(AT_ONCE_MS);

      const lastAt = await write(last, 8, '42');
      expect(lastAt - Number(woken.atMs)).toBeLessThan(POLL_MS - AT_ONCE_MS); // else this proves nothing
      const polled = await lineOf(watcher, (line) => line.name === last && line.offset === 8, 2 * POLL_MS);
      expect(Number(polled.atMs) - Number(woken.atMs)).toBeGreaterThan(POLL_MS - 500);
      expect(Number((await stopWatcher(watcher)).stopMs)).toBeLessThan(AT_ONCE_MS);
    } finally {
      watcher.child.kill();
      await holder.release();
    }
  });
});
