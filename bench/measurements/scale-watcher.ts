// 5a. Scale, main process: the watcher's CPU time per tick while one client
// watches 1 KiB of blocks of 4 KiB to 256 MiB. Flat means the watcher compares
// what is watched, not the block.
import { KiB, MiB, formatSize, uniqueBlockName } from '../lib/blocks';
import { loadNative, openOwnBlock, startInProcessCore, type InProcessApi } from '../lib/deps';
import { ratio, summarize, type Summary } from '../lib/stats';
import { sleep, timeBatches } from '../lib/timing';
import type { Goal, Measurement, Row } from '../lib/types';
import { flatWithin } from '../lib/verdicts';

export const SCALE_SIZES = [4 * KiB, 1 * MiB, 64 * MiB, 256 * MiB];
const WATCHED = 1 * KiB;
const FLAT_FACTOR = 2;
const TIMER_FLOOR = 'timer';

interface Target {
  label: string;
  size: number | null;
  name: string | null;
  cpuSamples: number[];
  ticks: number;
}

/** A count of ticks so far: the native watcher's polls, or the empty timer's. */
type TickCounter = () => number;

/** Process CPU (user + system, every thread, µs) per tick over one interval of sleep. */
async function cpuPerTickOnce(ticksSoFar: TickCounter, intervalMs: number): Promise<{ perTick: number; ticks: number }> {
  const before = process.cpuUsage();
  const ticksBefore = ticksSoFar();
  await sleep(intervalMs);
  const used = process.cpuUsage(before);
  const ticks = ticksSoFar() - ticksBefore;
  if (ticks === 0) throw new Error('no tick happened during an interval');
  return { perTick: (used.user + used.system) / ticks, ticks };
}

/** The baseline: an empty setTimeout chain at the watcher's interval, what any poll costs before it compares a byte. */
function startEmptyTimer(pollMs: number, counter: { ticks: number }): () => void {
  let timer: NodeJS.Timeout = setTimeout(function tick() {
    counter.ticks++;
    timer = setTimeout(tick, pollMs);
  }, pollMs);
  return () => clearTimeout(timer);
}

/** Moves the one client's watch to `target` (a 1 KiB range in the middle of its block), or stops it. */
async function watchTarget(client: InProcessApi, target: Target): Promise<void> {
  if (target.name === null || target.size === null) return;
  await client.call('watch', { name: target.name, offset: Math.floor(target.size / 2 / 16) * 16, length: WATCHED });
}

/** Flat: the largest median across sizes is within FLAT_FACTOR of the smallest. */
export function flatGoal(what: string, sizes: number[], medians: number[]): Goal {
  const spread = Math.max(...medians) / Math.min(...medians);
  return {
    text: `${what}: flat within ${FLAT_FACTOR}x from ${formatSize(sizes[0]!)} to ${formatSize(sizes[sizes.length - 1]!)} (median)`,
    holds: flatWithin(medians, FLAT_FACTOR),
    figures: sizes.map((size, i) => `${formatSize(size)} ${medians[i]!.toFixed(2)} µs`).join(', ') + ` (max/min = ${spread.toFixed(2)}x)`,
  };
}

export const scaleWatcher: Measurement = {
  id: 'scale-watcher',
  title: "5a. Scale: the watcher's CPU per tick",
  method:
    "In this process: an `InspectorCore` (its real watcher: the addon's native thread, default intervals) with one in-process client that `watch`es 1 KiB in the middle " +
    'of a block of the given size, nothing writing. Tick timing: `core.watcher.pollNow()` (one native poll on this thread) called in batches and timed with hrtime (µs per tick). ' +
    'CPU per tick: the native thread polls on its own while the benchmark sleeps; `process.cpuUsage()` (user + system, every thread of the process) over an ' +
    "interval divided by the polls in it (the native watcher's own count). Baseline: an empty JavaScript setTimeout chain every 4 ms (what the " +
    "JavaScript watcher paid per tick before comparing a byte) in the same process, measured the same way. The client's watch moves from size to size in rounds (one interval each), " +
    "so changes in the machine's load weigh on every size alike.",
  async run(ctx) {
    const native = loadNative(ctx.root);
    const { core, connect } = await startInProcessCore(ctx.cleanup);
    const { DEFAULT_POLL_MS } = await import('../../src-main/core/watcher');
    const rounds = ctx.smoke ? 2 : 12;
    const intervalMs = ctx.smoke ? 100 : 400;
    const plan = ctx.smoke ? { opsPerBatch: 20, batches: 10, warmupBatches: 2 } : { opsPerBatch: 100, batches: 200, warmupBatches: 20 };

    const timerTicks = { ticks: 0 };
    const watcher = core.watcher;
    const pollNow = () => watcher.pollNow();
    const nativePolls: TickCounter = () => watcher.stats().polls;
    const client = connect();
    const targets: Target[] = [];
    for (const size of SCALE_SIZES) {
      const name = uniqueBlockName(`w${size}`);
      openOwnBlock(native, ctx.cleanup, name, size);
      await client.call('openBlock', { name, size });
      targets.push({ label: formatSize(size), size, name, cpuSamples: [], ticks: 0 });
    }
    const timerFloor: Target = {
      label: `baseline: an empty JavaScript setTimeout chain every ${DEFAULT_POLL_MS} ms`,
      size: null,
      name: TIMER_FLOOR,
      cpuSamples: [],
      ticks: 0,
    };

    // Tick timing, in rounds that visit every block in turn (the client watches one range at a
    // time), so a warm-up or a change of the machine's load weighs on every size alike: measured
    // block by block, the first size measured came out up to 2x slower than the others.
    const tickRounds = ctx.smoke ? 2 : 10;
    const tickSamples: number[][] = targets.map(() => []);
    const watchedBytes: number[] = [];
    for (let round = 0; round < tickRounds; round++) {
      for (const [i, target] of targets.entries()) {
        await watchTarget(client, target);
        if (round === 0) watchedBytes.push(watcher.watchedBytes());
        const batches = Math.ceil(plan.batches / tickRounds);
        const samples = timeBatches(() => pollNow(), { ...plan, batches, warmupBatches: round === 0 ? plan.warmupBatches : 2 });
        tickSamples[i]!.push(...samples.map((ns) => ns / 1000));
      }
    }
    const directTicks: Summary[] = tickSamples.map((samples) => summarize(samples));

    ctx.log(`${rounds} rounds of ${intervalMs} ms per size and for the empty timer`);
    for (let round = 0; round < rounds + 1; round++) {
      for (const target of [...targets, timerFloor]) {
        const isFloor = target === timerFloor;
        let stop: (() => void) | null = null;
        if (isFloor) {
          await client.call('watch', { name: targets[0]!.name!, offset: 0, length: 0 });
          stop = startEmptyTimer(DEFAULT_POLL_MS, timerTicks);
        } else {
          await watchTarget(client, target);
        }
        const { perTick, ticks } = await cpuPerTickOnce(isFloor ? () => timerTicks.ticks : nativePolls, intervalMs);
        stop?.();
        if (round === 0) continue; // the first round warms up
        target.cpuSamples.push(perTick);
        target.ticks += ticks;
      }
    }
    await client.call('watch', { name: targets[0]!.name!, offset: 0, length: 0 });

    const cpu = targets.map((t) => summarize(t.cpuSamples));
    const floorCpu = summarize(timerFloor.cpuSamples);
    const ticksPerSecond = (t: Target) => t.ticks / ((rounds * intervalMs) / 1000);
    const row = (i: number, stats: Summary, more: Row['extra'] = {}): Row => ({
      label: targets[i]!.label,
      stats,
      extra: { 'bytes compared per tick': watchedBytes[i]!, ...more },
    });
    return {
      tables: [
        {
          title: `One tick, called directly (${plan.batches} batches of ${plan.opsPerBatch} ticks per size, in ${tickRounds} rounds over the sizes)`,
          unit: 'µs per tick',
          rows: directTicks.map((s, i) => row(i, s, { [`x ${targets[0]!.label} (median)`]: ratio(s.median, directTicks[0]!.median) })),
        },
        {
          title: `CPU per poll on the watcher's own thread (${rounds} rounds of ${intervalMs} ms per row)`,
          unit: 'µs CPU per tick',
          rows: [
            ...cpu.map((s, i) =>
              row(i, s, {
                [`x ${targets[0]!.label} (median)`]: ratio(s.median, cpu[0]!.median),
                'x empty timer (median)': ratio(s.median, floorCpu.median),
                'ticks/s': ticksPerSecond(targets[i]!),
              }),
            ),
            { label: timerFloor.label, stats: floorCpu, extra: { 'x empty timer (median)': 1, 'ticks/s': ticksPerSecond(timerFloor) } },
          ],
        },
      ],
      goals: [
        flatGoal(
          'watcher CPU per poll (own thread)',
          SCALE_SIZES,
          cpu.map((s) => s.median),
        ),
        flatGoal(
          'watcher tick, called directly',
          SCALE_SIZES,
          directTicks.map((s) => s.median),
        ),
      ],
      notes: [
        `At ${ticksPerSecond(targets[targets.length - 1]!).toFixed(0)} ticks/s the watcher costs ${((cpu[cpu.length - 1]!.median * ticksPerSecond(targets[targets.length - 1]!)) / 1e4).toFixed(2)}% of one core ` +
          `while a window watches 1 KiB of ${targets[targets.length - 1]!.label}; an empty timer at the same interval costs ${((floorCpu.median * ticksPerSecond(timerFloor)) / 1e4).toFixed(2)}%.`,
      ],
    };
  },
};
