// 8 writer and 8 reader processes hammer one block for a few seconds. With the
// lock no reader ever sees a torn string; with the lock disabled (the test-only
// switch) readers do see torn strings, which proves this test can fail.
import { afterEach, describe, expect, it } from 'vitest';
import { native, pollUntil, runChild, uniqueName, unlinkCreated } from './helpers';

const WRITERS = 8;
const READERS = 8;
const DURATION_MS = 3000;

afterEach(unlinkCreated);

interface WriterReport {
  writes: number;
  lockEnabled: boolean;
}
interface ReaderReport {
  reads: number;
  torn: number;
  sample: string | null;
  lockEnabled: boolean;
}

async function hammer(name: string, env: NodeJS.ProcessEnv) {
  const block = native.openBlock({ name, size: 4096 });
  // Children need a while to start on a loaded machine: each says so at the
  // gate (a byte of its own) and they all begin when the last one has.
  const gateName = uniqueName('gate');
  const gate = native.openBlock({ name: gateName, size: 4096 });
  const common = { name, size: 4096, gate: gateName, durationMs: DURATION_MS };
  const writers = Array.from({ length: WRITERS }, (_, id) => runChild('writer', { ...common, id, slot: id }, env));
  const readers = Array.from({ length: READERS }, (_, id) => runChild('reader', { ...common, slot: WRITERS + id }, env));
  const slots = WRITERS + READERS;
  await pollUntil(() => gate.read(0, slots).every((ready) => ready === 1), 120_000, 'every child at the start gate');
  gate.write(4095, Buffer.of(1));
  const finished = await Promise.all([...writers, ...readers]);
  gate.close();
  for (const child of finished) expect(child.stderr).toBe('');
  const parse = <T>(text: string) => JSON.parse(text) as T;
  const writes = finished.slice(0, WRITERS).map((child) => parse<WriterReport>(child.stdout));
  const reads = finished.slice(WRITERS).map((child) => parse<ReaderReport>(child.stdout));
  const writeCount = block.writeCount();
  block.close();
  return {
    writes: writes.reduce((sum, report) => sum + report.writes, 0),
    reads: reads.reduce((sum, report) => sum + report.reads, 0),
    torn: reads.reduce((sum, report) => sum + report.torn, 0),
    sample: reads.find((report) => report.sample !== null)?.sample ?? null,
    lockEnabled: [...writes, ...reads].map((report) => report.lockEnabled),
    writeCount,
  };
}

describe('many processes on one block', () => {
  it('with the lock: 8 writers, 8 readers, no torn string', async () => {
    const outcome = await hammer(uniqueName('locked'), { ...process.env, [native.NO_LOCK_ENV]: '' });

    expect(outcome.lockEnabled.every(Boolean)).toBe(true);
    expect(outcome.writes).toBeGreaterThan(1000);
    expect(outcome.reads).toBeGreaterThan(1000);
    expect(outcome.writeCount).toBe(outcome.writes); // every locked write bumped the counter once
    expect(outcome.sample).toBeNull();
    expect(outcome.torn).toBe(0);
  }, 180_000);

  it('without the lock (test-only switch): readers see torn strings', async () => {
    const outcome = await hammer(uniqueName('unlocked'), { ...process.env, [native.NO_LOCK_ENV]: '1' });

    expect(outcome.lockEnabled.some(Boolean)).toBe(false);
    expect(outcome.reads).toBeGreaterThan(1000);
    expect(outcome.torn).toBeGreaterThan(0);
    expect(outcome.sample).not.toBeNull();
  }, 180_000);
});
