// Issue 24: the native byte statistics (native/src/common/byte_stats.h) behind
// the Statistics panel, the block map and `shm-inspector stats`: exact
// histograms, classes and entropy, on a worker thread that reads the block
// itself; bad ranges and region counts are coded errors; a shrink mid-job is
// ERR_SHM_TRUNCATED, not a SIGBUS.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { native, run, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

const summarize = (block: ReturnType<typeof native.openBlock>, offset: number, length: number, regions = 1) =>
  native.stats.summarize(block, offset, length, regions).promise;

function blockOf(bytes: Uint8Array) {
  const block = native.openBlock({ name: uniqueName('stats'), size: bytes.length });
  block.write(0, bytes);
  return block;
}

describe('native byte statistics', () => {
  it('4096 bytes of 0x41: one bin, entropy 0, all printable', async () => {
    const block = blockOf(new Uint8Array(4096).fill(0x41));
    const summary = await summarize(block, 0, 4096);
    expect(summary.histogram[0x41]).toBe(4096);
    expect(summary.histogram.reduce((a, b) => a + b, 0)).toBe(4096);
    expect(summary.entropy).toBe(0);
    expect(summary.total).toBe(4096);
    expect(Array.from(summary.regionClasses)).toEqual([0, 4096, 0, 0]);
    block.close();
  });

  it('each byte value once: every bin 1, entropy exactly 8', async () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < 256; i++) bytes[100 + i] = i;
    const block = blockOf(bytes);
    const summary = await summarize(block, 100, 256);
    expect(Array.from(summary.histogram)).toEqual(new Array(256).fill(1));
    expect(summary.entropy).toBeCloseTo(8, 12);
    // zero, printable (0x20-0x7E + tab, LF, CR), 0xFF, other
    expect(Array.from(summary.regionClasses)).toEqual([1, 95 + 3, 1, 256 - 1 - 98 - 1]);
    block.close();
  });

  it('regions: classes and entropy per equal region, the last one shorter', async () => {
    const bytes = new Uint8Array(4096);
    bytes.fill(0xff, 1024, 2048);
    for (let i = 2048; i < 3072; i++) bytes[i] = i & 0xff; // four of each value: entropy 8
    bytes.fill(0x0a, 3072, 4000);
    const block = blockOf(bytes);
    const summary = await summarize(block, 0, 4000, 4);
    expect(summary.regionBytes).toBe(1000);
    const classes = Array.from(summary.regionClasses);
    expect(classes.slice(0, 4)).toEqual([1000, 0, 0, 0]); // [0, 1000): zero
    expect(classes.slice(4, 8)).toEqual([24, 0, 976, 0]); // [1000, 2000)
    // [3000, 4000): the ramp's last 72 (0xB8..0xFF: 71 other, one 0xFF), then 928 LF
    expect(classes.slice(12, 16)).toEqual([0, 928, 1, 71]);
    expect(summary.regionEntropy[0]).toBe(0);
    expect(summary.histogram[0xff]).toBe(1024 + 4);
    expect(summary.total).toBe(4000);
    block.close();
  });

  it('a range past the block is ERR_SHM_RANGE; a bad region count ERR_SHM_ARG', async () => {
    const block = blockOf(new Uint8Array(4096));
    await expect(summarize(block, 0, 8192)).rejects.toMatchObject({ code: 'ERR_SHM_RANGE' });
    await expect(summarize(block, 4097, 0)).rejects.toMatchObject({ code: 'ERR_SHM_RANGE' });
    expect(() => native.stats.summarize(block, 0, 4096, 0)).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    const tooMany = native.stats.MAX_REGIONS + 1;
    expect(() => native.stats.summarize(block, 0, 4096, tooMany)).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    block.close();
    expect(() => native.stats.summarize(block, 0, 4096, 1)).toThrow(expect.objectContaining({ code: 'ERR_SHM_CLOSED' }));
  });

  it("options: only the listed regions are counted, with each one's histogram; a bad list is ERR_SHM_ARG", async () => {
    const bytes = new Uint8Array(4000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) & 0xff;
    bytes.fill(0x41, 1000, 2000);
    const block = blockOf(bytes);
    const full = await native.stats.summarize(block, 0, 4000, 4, { histograms: true }).promise;
    const some = await native.stats.summarize(block, 0, 4000, 4, { only: Uint32Array.of(3, 1, 3), histograms: true }).promise;
    const regionOf = (summary: typeof full, region: number) => ({
      classes: Array.from(summary.regionClasses.subarray(region * 4, region * 4 + 4)),
      entropy: summary.regionEntropy[region],
      histogram: Array.from(summary.regionHistograms!.subarray(region * 256, region * 256 + 256)),
    });
    for (const region of [1, 3]) expect(regionOf(some, region)).toEqual(regionOf(full, region));
    expect(regionOf(full, 1).histogram[0x41]).toBe(1000);
    expect(some.regionClasses.subarray(0, 4).every((count) => count === 0)).toBe(true); // region 0 not counted
    expect(some.histogram.reduce((a, b) => a + b, 0)).toBe(2000); // regions 1 and 3, each once
    expect(full.regionHistograms!.reduce((a, b) => a + b, 0)).toBe(4000);
    expect((await summarize(block, 0, 4000, 4)).regionHistograms).toBeUndefined();
    const bad = (options: unknown) => () => native.stats.summarize(block, 0, 4000, 4, options as never);
    expect(bad({ only: Uint32Array.of(2, 4) })).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    expect(bad({ only: [1] })).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    expect(bad({ only: new Uint32Array(0) })).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    expect(bad({ histograms: 1 })).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    expect(bad('all')).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    block.close();
  });

  it("never waits for the block's lock: a held lock neither delays nor fails the count", async () => {
    const block = blockOf(new Uint8Array(1 << 20).fill(0x41));
    native.testing.holdLock(block); // a writer in the middle of a long write
    try {
      const started = performance.now();
      const summary = await summarize(block, 0, 1 << 20, 16);
      // Before: the job waited out the lock for a second, then ERR_SHM_BUSY.
      expect(summary.histogram[0x41]).toBe(1 << 20);
      expect(performance.now() - started).toBeLessThan(900);
    } finally {
      native.testing.releaseLock(block);
    }
    block.close();
  });

  it('close() while a job counts in the mapping: the job ends with ERR_SHM_CLOSED, the process lives', async () => {
    const block = native.openBlock({ name: uniqueName('stats-close'), size: 64 << 20 });
    const job = native.stats.summarize(block, 0, 64 << 20, 4096);
    await new Promise((resolve) => setImmediate(resolve)); // the worker has begun, or begins to find it closed
    block.close(); // waits for the chunk being counted, then unmaps
    await expect(job.promise).rejects.toMatchObject({ code: 'ERR_SHM_CLOSED' });
  });

  it('cancel stops the job with ERR_STATS_CANCELLED', async () => {
    const block = native.openBlock({ name: uniqueName('stats-cancel'), size: 64 << 20 });
    const job = native.stats.summarize(block, 0, 64 << 20, 4096);
    job.cancel();
    await expect(job.promise).rejects.toMatchObject({ code: 'ERR_STATS_CANCELLED' });
    block.close();
  });

  it(
    'a block truncated by another process while the job runs: ERR_SHM_TRUNCATED with the new size, no SIGBUS',
    { timeout: 20_000 },
    async () => {
      const name = uniqueName('stats-shrink');
      const fixture = fileURLToPath(new URL('./fixtures/stats-shrink.cjs', import.meta.url));
      const result = await run(process.execPath, [fixture, name]);
      expect(result.signal, result.stdout + result.stderr).toBeNull();
      const steps = Object.fromEntries(
        result.stdout
          .trim()
          .split('\n')
          .map((line) => {
            const step = JSON.parse(line) as { step: string };
            return [step.step, step];
          }),
      );
      expect(steps.job).toMatchObject({ ok: false, code: 'ERR_SHM_TRUNCATED', newSize: 4096 });
      expect(steps.inside).toMatchObject({ ok: true, count41: 4096 });
      expect(steps.end).toBeDefined();
    },
  );
});
