// The Windows backend (CreateFileMappingW + named mutex), cross-compiled with
// mingw-w64 and run under wine: the original scenario, create-or-open,
// truncation and the lock behave as on Linux.
import type { Started } from '../support/spawn-until-line';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WinePrefix, readerExe, uniqueName, unavailableReason, wintestExe } from './wine';

const ORIGINAL_LINE = 'Child process read from shared memory: This is a test string';
/** How long a report may trail its program's exit (its stdout still draining). */
const REPORT_AFTER_EXIT_MS = 5000;
const reason = unavailableReason();
const suite = reason === null ? describe : describe.skip;
// Without wine or mingw-w64 the suite is reported as skipped, its title saying why.
if (reason !== null) console.warn(`[tests/win] skipped: ${reason}`);

suite(`Windows backend under wine${reason === null ? '' : ` (skipped: ${reason})`}`, () => {
  const wine = new WinePrefix();

  beforeAll(() => wine.start(), 180_000);
  afterAll(() => wine.stop());

  it('the original scenario: a child started while the parent holds the block prints the original line', async () => {
    const holder = await wine.hold(['--name', 'dllmemfilemap', '--size', '4096', '--text', 'This is a test string']);
    try {
      expect(holder.result).toMatchObject({ createdHere: true, units: 21, truncated: false });
      expect(String(holder.result.systemName)).toMatch(/\\BaseNamedObjects\\dllmemfilemap$/);

      const child = await wine.run(readerExe, []);

      expect(child.code).toBe(0);
      expect(child.raw).toBe(`${ORIGINAL_LINE}\r\n`);
    } finally {
      await holder.release();
    }
    // As in the original, the object goes away with its last handle.
    const after = await wine.run(readerExe, []);
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/no shared memory block named "dllmemfilemap"/);
  });

  it('create-or-open: the second opener sees createdHere false and the bytes; sizes must match', async () => {
    const name = uniqueName('cro');
    const holder = await wine.hold(['--name', name, '--size', '4095', '--text', 'first']);
    try {
      expect(holder.result.createdHere).toBe(true);
      expect(await wine.wintest(['get', '--name', name])).toEqual({ text: 'first', units: 5, size: 4095 });
      // Zero-filled: after the 5 units and the NUL, zeros up to the end.
      const tail = await wine.wintest(['read', '--name', name, '--offset', '10', '--length', '4085']);
      expect(tail.hex).toBe('00'.repeat(4085));

      const second = await wine.wintest(['set', '--name', name, '--size', '4095', '--text', 'second']);
      expect(second).toMatchObject({ createdHere: false, units: 6 });
      const mismatch = await wine.wintest(['set', '--name', name, '--size', '4096', '--text', 'x']);
      expect(mismatch).toMatchObject({ error: 'ERR_SHM_SIZE_MISMATCH' });
      expect(String(mismatch.message)).toContain('already exists with 4095 bytes, not 4096');
      expect((await wine.wintest(['get', '--name', name])).text).toBe('second');
    } finally {
      await holder.release();
    }
  });

  it.each([
    { units: 2047, stored: 2047, truncated: false },
    { units: 2048, stored: 2047, truncated: true },
    { units: 10_000, stored: 2047, truncated: true },
  ])('$units units into 4096 bytes: stores $stored, truncated $truncated', async ({ units, stored, truncated }) => {
    const name = uniqueName(`trunc${units}`);
    const holder = await wine.hold(['--name', name, '--size', '4096', '--fill', 'w', '--units', String(units)]);
    try {
      expect(holder.result).toMatchObject({ units: stored, truncated });
      const got = await wine.wintest(['get', '--name', name]);
      expect(got).toEqual({ text: 'w'.repeat(stored), units: stored, size: 4096 });
      const end = await wine.wintest(['read', '--name', name, '--offset', '4090', '--length', '6']);
      expect(end.hex).toBe('770077000000'); // ...w w NUL, the last two bytes of the block
    } finally {
      await holder.release();
    }
  });

  it('an odd-sized block keeps its last byte, which lies past the text area', async () => {
    const name = uniqueName('odd');
    const holder = await wine.hold(['--name', name, '--size', '4095', '--text', '']);
    try {
      expect(await wine.wintest(['write', '--name', name, '--offset', '4094', '--hex', 'ab'])).toMatchObject({ written: 1 });
      const set = await wine.wintest(['set', '--name', name, '--size', '4095', '--fill', 'x', '--units', '10000']);
      expect(set).toMatchObject({ units: 2046, truncated: true });
      const end = await wine.wintest(['read', '--name', name, '--offset', '4090', '--length', '5']);
      expect(end.hex).toBe('78000000ab');
      const outside = await wine.wintest(['read', '--name', name, '--offset', '4090', '--length', '6']);
      expect(outside).toMatchObject({ error: 'ERR_SHM_RANGE' });
    } finally {
      await holder.release();
    }
  });

  it('a surrogate pair straddling the limit is dropped whole', async () => {
    const name = uniqueName('pair');
    const holder = await wine.hold(['--name', name, '--size', '4096', '--fill', 'a', '--units', '2046', '--text', '\\uD83D\\uDE00tail']);
    try {
      expect(holder.result).toMatchObject({ units: 2046, truncated: true });
      expect((await wine.wintest(['get', '--name', name])).units).toBe(2046);
      const kept = await wine.wintest([
        'set',
        '--name',
        name,
        '--size',
        '4096',
        '--fill',
        'a',
        '--units',
        '2045',
        '--text',
        '\\uD83D\\uDE00tail',
      ]);
      expect(kept).toMatchObject({ units: 2047, truncated: true });
      const json = await wine.run(readerExe, ['--name', name, '--json']);
      expect(JSON.parse(json.stdout)).toMatchObject({ units: 2047, text: `${'a'.repeat(2045)}😀` });
    } finally {
      await holder.release();
    }
  });

  it('names the platform refuses get ERR_SHM_NAME; a missing block exit 2', async () => {
    const bad = await wine.wintest(['set', '--name', 'a\\b', '--text', 'x']);
    expect(bad).toMatchObject({ error: 'ERR_SHM_NAME' });
    expect(String(bad.message)).toContain("contains '\\' at byte 1");
    expect(await wine.wintest(['set', '--name', 'Local\\', '--text', 'x'])).toMatchObject({ error: 'ERR_SHM_NAME' });
    const missing = await wine.run(readerExe, ['--name', uniqueName('missing')]);
    expect(missing.code).toBe(2);
    const usage = await wine.run(readerExe, ['--bogus']);
    expect(usage.code).toBe(64);
  });

  /**
   * The last JSON line a started program prints before it exits. 'exit' may
   * come before its last stdout chunk is read (the stdio streams may still be
   * open then, say Node's docs): on a loaded machine a hammer child's report
   * was missed so ("no report: ready"). So it waits for stdout to close too,
   * at most REPORT_AFTER_EXIT_MS after the exit.
   */
  async function lastReport(started: Started): Promise<Record<string, unknown>> {
    const { child, lines } = started;
    child.removeAllListeners('exit');
    const out = child.stdout!;
    const closed = out.closed ? Promise.resolve() : new Promise((resolve) => out.once('close', resolve));
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
    let giveUp: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((resolve) => (giveUp = setTimeout(resolve, REPORT_AFTER_EXIT_MS)))]);
    clearTimeout(giveUp);
    await new Promise((resolve) => setImmediate(resolve)); // the last chunk's data event
    const line = lines.filter((l) => l.startsWith('{')).at(-1);
    if (line === undefined) {
      throw new Error(
        `no report (exit code ${child.exitCode}, signal ${child.signalCode}, stdout closed ${out.closed}): ${lines.join(' | ')}`,
      );
    }
    return JSON.parse(line) as Record<string, unknown>;
  }

  async function hammer(name: string, noLock: boolean) {
    const holder = await wine.hold(['--name', name, '--size', '4096', '--text', '']);
    try {
      // Children may wait long for the lock (the main process never does).
      const common = ['--name', name, '--size', '4096', '--ms', '3000', '--lock-timeout-ms', '30000'];
      const env = { SHM_INSPECTOR_TEST_NO_LOCK: noLock ? '1' : '' };
      // All eight started and ready before any begins: wine processes start
      // slowly on a loaded machine, and the runs must overlap.
      const started = await Promise.all([
        ...[0, 1, 2, 3].map((id) => wine.startUntil(wintestExe, ['writer', ...common, '--id', String(id)], /^ready$/, env)),
        ...[0, 1, 2, 3].map(() => wine.startUntil(wintestExe, ['reader', ...common], /^ready$/, env)),
      ]);
      for (const { child } of started) child.stdin!.end('go\n');
      const reports = await Promise.all(started.map(lastReport));
      const readers = reports.slice(4);
      return {
        writes: reports.slice(0, 4).reduce((sum, r) => sum + Number(r.writes), 0),
        reads: readers.reduce((sum, r) => sum + Number(r.reads), 0),
        torn: readers.reduce((sum, r) => sum + Number(r.torn), 0),
        lockEnabled: reports.map((r) => r.lockEnabled),
      };
    } finally {
      await holder.release();
    }
  }

  it('with the lock: 4 writer and 4 reader processes, no torn string', async () => {
    const outcome = await hammer(uniqueName('locked'), false);
    expect(outcome.lockEnabled.every((enabled) => enabled === true)).toBe(true);
    expect(outcome.writes).toBeGreaterThan(100);
    expect(outcome.reads).toBeGreaterThan(100);
    expect(outcome.torn).toBe(0);
  });

  it('without the lock (test-only switch): readers see torn strings', async () => {
    const outcome = await hammer(uniqueName('unlocked'), true);
    expect(outcome.lockEnabled.every((enabled) => enabled === false)).toBe(true);
    expect(outcome.reads).toBeGreaterThan(100);
    expect(outcome.torn).toBeGreaterThan(0);
  });

  it('a lock holder killed with SIGKILL: the waiting writer carries on (WAIT_ABANDONED)', async () => {
    const name = uniqueName('killed');
    const holder = await wine.hold(['--name', name, '--size', '4096', '--text', 'before']);
    try {
      const lockHolder = await wine.startUntil(wintestExe, ['hold-lock', '--name', name, '--size', '4096'], /^holding$/);
      const waiter = await wine.startUntil(
        wintestExe,
        ['lock-wait', '--name', name, '--size', '4096', '--text', 'after the kill', '--lock-timeout-ms', '60000'],
        /waiting/,
      );
      waiter.child.removeAllListeners('exit');
      expect(JSON.parse(waiter.lines[0]!)).toEqual({ waiting: true, lockWasFree: false });

      lockHolder.child.removeAllListeners('exit');
      const gone = new Promise((resolve) => lockHolder.child.once('exit', (_code, signal) => resolve(signal)));
      lockHolder.child.kill('SIGKILL');
      expect(await gone).toBe('SIGKILL');

      const done = await new Promise<string>((resolve, reject) => {
        const check = () => {
          const line = waiter.lines.find((l) => l.includes('"done"'));
          if (line) resolve(line);
        };
        waiter.child.stdout!.on('data', () => setImmediate(check));
        waiter.child.once('exit', () =>
          setImmediate(() => {
            check();
            reject(new Error(`waiter ended: ${waiter.lines.join(' ')}`));
          }),
        );
        check();
      });
      expect(JSON.parse(done)).toMatchObject({ done: true, text: 'after the kill' });
      expect((await wine.wintest(['get', '--name', name])).text).toBe('after the kill');
    } finally {
      await holder.release();
    }
  });
  it('a holder that keeps the lock: calls fail with ERR_SHM_BUSY naming its pid, within the deadline (F2)', async () => {
    const name = uniqueName('busy');
    const holder = await wine.hold(['--name', name, '--size', '4096', '--text', 'held']);
    try {
      const lockHolder = await wine.startUntil(wintestExe, ['hold-lock', '--name', name, '--size', '4096'], /^holding$/);
      try {
        const busy = await wine.wintest(['get', '--name', name]);
        expect(busy).toMatchObject({ error: 'ERR_SHM_BUSY' });
        expect(String(busy.message)).toMatch(/pid \d+ has held its lock for more than 100 ms/);
        const quick = await wine.wintest(['get', '--name', name, '--lock-timeout-ms', '10']);
        expect(String(quick.message)).toMatch(/more than 10 ms/);
        // Read-only takes no lock: it reads at once.
        expect(await wine.wintest(['get', '--name', name, '--read-only', '1'])).toMatchObject({ text: 'held' });
      } finally {
        lockHolder.child.removeAllListeners('exit');
        lockHolder.child.kill('SIGKILL');
      }
    } finally {
      await holder.release();
    }
  });

  it('writeIfUnchanged: writes only over the expected bytes; nothing while another process holds the lock; refused read-only', async () => {
    const name = uniqueName('cas');
    const holder = await wine.hold(['--name', name, '--size', '4096']);
    const cas = (expect: string, hex: string, ...extra: string[]) =>
      wine.wintest(['cas', '--name', name, '--offset', '100', '--expect', expect, '--hex', hex, ...extra]);
    const bytesAt100 = async () =>
      (await wine.wintest(['read', '--name', name, '--offset', '100', '--length', '3', '--read-only', '1'])).hex;
    try {
      expect(await wine.wintest(['write', '--name', name, '--offset', '100', '--hex', '010203'])).toMatchObject({ written: 3 });
      expect(await cas('010204', '070809')).toEqual({ written: false, found: '010203' });
      expect(await bytesAt100()).toBe('010203');
      expect(await cas('010203', '070809')).toEqual({ written: true, found: '010203' });
      expect(await bytesAt100()).toBe('070809');
      expect(await wine.wintest(['cas', '--name', name, '--offset', '4095', '--expect', '0000', '--hex', '0101'])).toMatchObject({
        error: 'ERR_SHM_RANGE',
      });
      expect(await cas('070809', '000000', '--read-only', '1')).toMatchObject({ error: 'ERR_SHM_READ_ONLY' });
      const lockHolder = await wine.startUntil(wintestExe, ['hold-lock', '--name', name, '--size', '4096'], /^holding$/);
      try {
        expect(await cas('070809', '0a0b0c')).toMatchObject({ error: 'ERR_SHM_BUSY' });
      } finally {
        lockHolder.child.removeAllListeners('exit');
        lockHolder.child.kill('SIGKILL');
      }
      expect(await bytesAt100()).toBe('070809');
    } finally {
      await holder.release();
    }
  });

  it('read-only open: FILE_MAP_READ, no companion made, changes refused with ERR_SHM_READ_ONLY', async () => {
    const name = uniqueName('ro');
    const holder = await wine.hold(['--name', name, '--size', '4096', '--text', 'look only']);
    try {
      expect(await wine.wintest(['get', '--name', name, '--read-only', '1'])).toMatchObject({ text: 'look only' });
      expect(await wine.wintest(['set', '--name', name, '--text', 'x', '--read-only', '1'])).toMatchObject({ error: 'ERR_SHM_READ_ONLY' });
      expect(await wine.wintest(['get', '--name', name])).toMatchObject({ text: 'look only' });
      // A read-only open of a missing block creates nothing: it is still missing afterwards.
      const missing = uniqueName('ro-missing');
      expect(await wine.wintest(['get', '--name', missing, '--read-only', '1'])).toMatchObject({ error: 'ERR_SHM_NOT_FOUND' });
    } finally {
      await holder.release();
    }
  });
});
