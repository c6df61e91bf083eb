// The host's long reads wait out a lock busy past one read's 100 ms deadline
// (patient-read.ts): a holder that lets go within a second costs a Find, a
// digest, a baseline or a value scan some time, not an ERR_SHM_BUSY; one that
// keeps the lock still gets it, naming the holder, and the event loop stays
// free while they wait. The holder is a real process holding the block's real
// lock.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Baselines } from '../../src-main/core/baseline';
import { digestRange } from '../../src-main/core/digest';
import { readIntoPatiently } from '../../src-main/core/patient-read';
import { findAll, parseHexPattern } from '../../src-main/core/search';
import { ValueScan } from '../../src-main/core/scan';
import { native, startChild, uniqueName, unlinkCreated } from '../native/helpers';

afterEach(unlinkCreated);

const SIZE = 64 * 1024;

/** A block with a needle at 0x3000, and a process holding its lock, to be killed after `releaseAfterMs`. */
async function blockHeldFor(label: string, releaseAfterMs: number) {
  const name = uniqueName(label);
  const block = native.openBlock({ name, size: SIZE });
  block.write(0x3000, Buffer.from('c0ffee00d00dfeed', 'hex'));
  const holder = await startChild('hold', { name, size: SIZE }, /^holding/);
  const exited = new Promise((resolve) => holder.child.once('exit', resolve));
  const release = () => holder.child.kill('SIGKILL');
  const timer = setTimeout(release, releaseAfterMs);
  const done = async () => {
    clearTimeout(timer);
    release();
    await exited;
    block.close();
  };
  return { name, block, pid: holder.child.pid!, done };
}

describe('reads that wait out a busy lock', () => {
  it('a holder that lets go after 300 ms: Find, a digest and a baseline still succeed, with the right bytes', async () => {
    const held = await blockHeldFor('patient-release', 300);
    try {
      const expected = Buffer.alloc(SIZE);
      expected.write('c0ffee00d00dfeed', 0x3000, 'hex');
      const [found, digests] = await Promise.all([
        findAll(held.block, parseHexPattern('c0 ff ee 00 d0 0d fe ed'), { chunkSize: 16 * 1024 }),
        digestRange(held.block, 0, SIZE),
      ]);
      expect(found.offsets).toEqual([0x3000]);
      expect(digests.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
      const baselines = new Baselines({ lookup: () => held.block } as never);
      const baseline = await baselines.take({ name: held.name });
      expect(baseline.size).toBe(SIZE);
      expect((await baselines.differences({ name: held.name })).totalRanges).toBe(0);
    } finally {
      await held.done();
    }
  });

  it('a holder that lets go after 300 ms: a value scan step still succeeds and finds the value', async () => {
    const held = await blockHeldFor('patient-scan', 300);
    const scan = new ValueScan(held.block, { type: 'u32', endianness: 'big', aligned: true });
    try {
      await scan.firstScan({ mode: 'exact', value: 0xc0ffee00 }, { chunkSize: 16 * 1024 });
      expect(scan.candidates(0, 10).map((c) => c.offset)).toEqual([0x3000]);
    } finally {
      scan.dispose();
      await held.done();
    }
  });

  it('a holder that keeps the lock: ERR_SHM_BUSY naming it after the patience, and the event loop ran meanwhile', async () => {
    const held = await blockHeldFor('patient-keep', 60_000);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    try {
      const started = Date.now();
      const failure = await readIntoPatiently(held.block, 0, new Uint8Array(16), { waitMs: 400, retryMs: 20 }).catch(
        (error: unknown) => error,
      );
      const waited = Date.now() - started;
      expect(failure).toMatchObject({ code: 'ERR_SHM_BUSY' });
      expect((failure as Error).message).toContain(`pid ${held.pid}`);
      expect(waited).toBeGreaterThanOrEqual(400);
      // Each try blocks for the block's 100 ms deadline; between tries the loop ran its timers.
      expect(ticks).toBeGreaterThan(0);
    } finally {
      clearInterval(ticker);
      await held.done();
    }
  });

  it('any other error is not waited on', async () => {
    const block = native.openBlock({ name: uniqueName('patient-closed'), size: SIZE });
    block.close();
    const started = Date.now();
    await expect(readIntoPatiently(block, 0, new Uint8Array(16))).rejects.toMatchObject({ code: 'ERR_SHM_CLOSED' });
    expect(Date.now() - started).toBeLessThan(200);
  });
});
