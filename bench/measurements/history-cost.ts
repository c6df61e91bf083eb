// 8. History (issue 11): what recording costs the watcher's tick per change,
// what a recorded change costs in memory, and what the whole-block change
// detector behind the scrollbar's marks costs per tick.
import { KiB, MiB, formatSize, uniqueBlockName } from '../lib/blocks';
import { loadNative, openOwnBlock, startInProcessCore } from '../lib/deps';
import { ratio, summarize } from '../lib/stats';
import { timeInterleaved } from '../lib/timing';
import type { Measurement, Row } from '../lib/types';

const CHANGE_BYTES = 16;
const WATCHED = 1 * KiB;

export const historyCost: Measurement = {
  id: 'history-cost',
  title: "8. History: cost per change on the watcher's tick, memory per change, the whole-block detector",
  method:
    "In this process, one 4 KiB block and two watchers of the core (src-main/core/watcher.ts over the addon's native watcher, " +
    'their own threads idle at 60 s intervals so only our calls poll), both watching the same 1 KiB: one with the history recorder ' +
    '(src-main/core/history-recorder.ts), one without. One op: write 16 bytes (a new value each time) into the watched range with ' +
    'the addon, then pollNow() (the native compare, the take, and for the first, the recording). Batches interleaved; the ' +
    "difference of the medians is the history's cost per change. Memory per change: process.memoryUsage() (heap + ArrayBuffers) " +
    "before and after recording N changes of 16 bytes through the recorder, divided by N, beside the ring's own accounting. " +
    'Detector: changeMarks then RegionMarks.tick() (CRC-32 per 64 KiB region, at most 16 MiB per block per tick) on a block of the given size.',
  async run(ctx) {
    const native = loadNative(ctx.root);
    const { core, connect } = await startInProcessCore(ctx.cleanup);
    const { Watcher } = await import('../../src-main/core/watcher');
    const { HistoryRecorder } = await import('../../src-main/core/history-recorder');
    const { RegionMarks, REGION_SIZE } = await import('../../src-main/core/region-marks');
    const client = connect();
    const plan = ctx.smoke ? { opsPerBatch: 20, batches: 10, warmupBatches: 2 } : { opsPerBatch: 200, batches: 100, warmupBatches: 10 };

    const name = uniqueBlockName('hist');
    const writer = openOwnBlock(native, ctx.cleanup, name, 4 * KiB);
    await client.call('openBlock', { name, size: 4 * KiB });
    const idle = { fastestMs: 60_000, slowestMs: 60_000 };
    const recorder = new HistoryRecorder(core.blocks, () => {});
    const plain = new Watcher(core.blocks, () => {}, idle);
    const recording = new Watcher(core.blocks, () => {}, { ...idle, recorder });
    ctx.cleanup.add('dispose the bench watchers', () => {
      plain.dispose();
      recording.dispose();
    });
    plain.watch({ name, offset: 0, length: WATCHED }, 'bench-plain');
    recording.watch({ name, offset: 0, length: WATCHED }, 'bench-recording');

    // Each watcher keeps its own snapshot, so each sees each write once: alternate values so every op is a change.
    let value = 0;
    const change = new Uint8Array(CHANGE_BYTES);
    const writeAndPoll = (watcher: InstanceType<typeof Watcher>) => () => {
      change.fill((++value % 255) + 1);
      writer.write(64, change);
      watcher.pollNow();
    };
    const samples = timeInterleaved({ withHistory: writeAndPoll(recording), without: writeAndPoll(plain) }, plan);
    const withHistory = summarize(samples.withHistory.map((ns) => ns / 1000));
    const without = summarize(samples.without.map((ns) => ns / 1000));
    const recorded = recorder.info({ name }).count;

    // Memory: a fresh recorder fed N changes shaped as the watcher hands them (two new Uint8Arrays each).
    const n = ctx.smoke ? 2_000 : 100_000;
    const memoryRecorder = new HistoryRecorder(core.blocks, () => {});
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage();
    for (let i = 0; i < n; i++) {
      memoryRecorder.record(name, i, [
        { offset: 64, bytes: new Uint8Array(CHANGE_BYTES).fill(i & 0xff), before: new Uint8Array(CHANGE_BYTES) },
      ]);
    }
    gc?.();
    const after = process.memoryUsage();
    const perChange = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / n;
    const accounted = memoryRecorder.info({ name }).bytes / n;
    memoryRecorder.dispose();

    // The whole-block detector, per tick.
    const detectorRows: Row[] = [];
    for (const size of ctx.smoke ? [1 * MiB] : [1 * MiB, 64 * MiB, 256 * MiB]) {
      const blockName = uniqueBlockName(`marks${size}`);
      openOwnBlock(native, ctx.cleanup, blockName, size);
      await client.call('openBlock', { name: blockName, size });
      const marks = new RegionMarks(core.blocks);
      ctx.cleanup.add('dispose the bench detector', () => marks.dispose());
      marks.marks({ name: blockName });
      // Asking again each time keeps the detector alive however slow the ticks are (a question costs one pass over the region list).
      const tick = summarize(
        timeInterleaved(
          { tick: () => (marks.marks({ name: blockName }), marks.tick()) },
          { opsPerBatch: 1, batches: ctx.smoke ? 5 : 40, warmupBatches: 1 },
        ).tick.map((ns) => ns / 1000),
      );
      detectorRows.push({
        label: formatSize(size),
        stats: tick,
        extra: {
          regions: Math.ceil(size / REGION_SIZE),
          '% of one core at 4 ticks/s (median)': Number(((tick.median * 4) / 1e4).toFixed(2)),
        },
      });
      marks.dispose();
    }

    return {
      tables: [
        {
          title: `A watcher tick that finds one ${CHANGE_BYTES}-byte change in ${formatSize(WATCHED)} watched (${plan.batches} batches of ${plan.opsPerBatch})`,
          unit: 'µs per tick',
          rows: [
            {
              label: 'with the history recorder',
              stats: withHistory,
              extra: { 'x without (median)': ratio(withHistory.median, without.median), 'changes recorded': recorded },
            },
            { label: 'baseline: the same watcher without it', stats: without, extra: { 'x without (median)': 1 } },
          ],
        },
        {
          title: `Memory per recorded ${CHANGE_BYTES}-byte change (${n} changes)`,
          unit: 'bytes per change',
          rows: [
            { label: 'measured: heap + ArrayBuffers', stats: summarize([perChange]), extra: { 'gc exposed': gc ? 'yes' : 'no' } },
            { label: "the ring's accounting (bytes + CHANGE_OVERHEAD)", stats: summarize([accounted]) },
          ],
        },
        { title: 'The whole-block change detector, one tick (marks on the scrollbar)', unit: 'µs per tick', rows: detectorRows },
      ],
      goals: [],
      notes: [
        `Recording adds ${(withHistory.median - without.median).toFixed(2)} µs (median) to a tick that finds a change; a 64 MiB history of ${CHANGE_BYTES}-byte changes holds about ${Math.floor((64 * MiB) / accounted)} of them.`,
      ],
    };
  },
};
