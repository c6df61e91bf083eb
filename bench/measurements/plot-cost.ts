// 11. The Plot panel under load (issue 24): another process changes one
// plotted u32 1,000 times a second while the page plots 8 series; the UI's
// frame times and the host's CPU, beside the same page and writer with no
// series (the floor: what the hex view and the host cost without the plot).
import type { Page } from '@playwright/test';
import { launchChromium } from '../lib/browser';
import { uniqueBlockName } from '../lib/blocks';
import { loadNative, openOwnBlock } from '../lib/deps';
import { startBrowserHost, type RunningHost } from '../lib/host';
import { meterMainThread, openInspectorPage, runInPage } from '../lib/page-probe';
import { schedCpuNs, statCpuMs } from '../lib/proc';
import { rendererForBench } from '../lib/renderer-build';
import { summarize, type Summary } from '../lib/stats';
import { pollUntil, sleep } from '../lib/timing';
import { Unavailable, type BenchContext, type Goal, type Measurement } from '../lib/types';
import { atMost } from '../lib/verdicts';
import { startRateWriter } from '../lib/writer';

const SIZE = 4096;
const WRITES_PER_SECOND = 1000;
const GOALS = { frameP99Ms: 20, hostCpuPercent: 5 };
/** The rate writer's u32 (bench/fixtures/rate-writer.cjs writes 4 bytes at 8), then seven that hold still, all on the first screen. */
const SERIES: readonly { offset: string; type: string }[] = [
  { offset: '0x8', type: 'u32' },
  { offset: '0x10', type: 'u32' },
  { offset: '0x14', type: 'i32' },
  { offset: '0x18', type: 'u16' },
  { offset: '0x1a', type: 'i16' },
  { offset: '0x1c', type: 'f32' },
  { offset: '0x20', type: 'f64' },
  { offset: '0x28', type: 'u64' },
];

interface LoadedRun {
  frames: Summary;
  longTasks: number;
  hostCpu: Summary;
  hostCpuOverall: number;
  writes: number;
  /** The page's main-thread time per second (ms), from Chromium's TaskDuration. */
  mainThreadMsPerSecond: number;
  /** Points the chart held at the end, and how many times it was redrawn (its drawn-points mark changed) per second. */
  drawnPoints: number;
  redrawsPerSecond: number;
}

function pageUrl(host: RunningHost, blockName: string): string {
  const url = new URL(host.url);
  url.searchParams.set('block', blockName);
  url.searchParams.set('size', String(SIZE));
  return url.toString();
}

/** Adds the 8 series through the Plot panel's form, as a user would, and waits until each has loaded. */
async function addSeries(page: Page): Promise<void> {
  const plot = page.getByRole('region', { name: 'Plot', exact: true });
  await plot.getByRole('button', { name: 'Add a series' }).click();
  const form = plot.getByRole('form', { name: 'Add a series by offset' });
  for (const { offset, type } of SERIES) {
    await form.getByLabel('Offset').fill(offset);
    await form.getByLabel('Type').selectOption(type);
    await form.getByRole('button', { name: 'Add series' }).click();
  }
  await pollUntil(
    async () => ((await plot.getByTestId('plot-series').count()) === SERIES.length ? true : undefined),
    30_000,
    'the 8 series in the Plot table',
  );
  await plot.getByTestId('plot-chart').scrollIntoViewIfNeeded();
}

/** Host CPU per second, the page's frame times and main-thread time, and the chart's redraws, while the writer runs for `seconds`. */
async function measureLoaded(ctx: BenchContext, page: Page, hostPid: number, blockName: string, seconds: number): Promise<LoadedRun> {
  // Everything that talks to the page is set up before the writer starts: on a busy machine a CDP round trip can take seconds.
  const mainThread = await meterMainThread(page);
  const chartMark = async (name: string) =>
    Number(await page.evaluate(`document.querySelector('[data-testid="plot-chart"]')?.getAttribute('${name}') ?? 0`));
  const draws = () => chartMark('data-draws');
  const { done: writerDone } = await startRateWriter(ctx.root, ctx.cleanup, {
    blockName,
    size: SIZE,
    perSecond: WRITES_PER_SECOND,
    durationMs: seconds * 1000 + 4000,
  });
  let writerEnded = false;
  const ended = () => (writerEnded = true);
  void writerDone.then(ended, ended);
  await sleep(500);
  const drawsBefore = await draws();
  const mainBefore = (await mainThread()).task;
  const perSecond: number[] = [];
  const statStart = statCpuMs(hostPid);
  const wallStart = performance.now();
  const sampling = (async () => {
    for (let i = 0; i < seconds; i++) {
      const cpuBefore = schedCpuNs(hostPid);
      const before = performance.now();
      await sleep(1000);
      perSecond.push(((schedCpuNs(hostPid) - cpuBefore) / 1e6 / (performance.now() - before)) * 100);
    }
  })();
  const [frames] = await Promise.all([
    runInPage<{ frameTimes: number[]; longTasks: number[] }>(page, ctx.root, 'frame-times.js', 'recordFrameTimes', seconds * 1000),
    sampling,
  ]);
  const wallMs = performance.now() - wallStart;
  const hostCpuOverall = ((statCpuMs(hostPid) - statStart) / wallMs) * 100;
  const endedEarly = writerEnded;
  const mainMs = (await mainThread()).task - mainBefore;
  const redrawCount = (await draws()) - drawsBefore;
  const drawnPoints = await chartMark('data-drawn-points');
  const { writes } = await writerDone;
  // The smoke run judges no figure and runs beside the sanitizer: there, a writer that ended early only makes a poorer figure.
  if (endedEarly && !ctx.smoke)
    throw new Error('the rate writer ended before the measurement did: the machine is too busy for this measurement');
  return {
    frames: summarize(frames.frameTimes),
    longTasks: frames.longTasks.length,
    hostCpu: summarize(perSecond),
    hostCpuOverall,
    writes,
    mainThreadMsPerSecond: mainMs / (wallMs / 1000),
    drawnPoints,
    redrawsPerSecond: redrawCount / (wallMs / 1000),
  };
}

export const plotCost: Measurement = {
  id: 'plot',
  title: '11. Plot: 8 series while a plotted u32 changes 1,000 times a second',
  method:
    'The browser host built as `npm run web` runs it; one headless Chromium page (its own context) shows a 4 KiB block of the ' +
    "benchmark's own. Floor: another process (bench/fixtures/rate-writer.cjs) writes 4 bytes at offset 8 through the addon 1,000 " +
    "times a second while the page shows the block with no series plotted. Then the same page adds 8 series through the Plot panel's " +
    'form (the u32 at 8 that the writer changes, and seven values beside it that hold still) and the writer runs again. Each phase: ' +
    "the intervals between the page's requestAnimationFrame callbacks (bench/fixtures/page/frame-times.js), the host process's CPU " +
    '(user + system, all threads) in one-second windows from /proc/<pid>/task/*/schedstat and over the whole period from ' +
    "/proc/<pid>/stat, the page's main-thread time (Chromium's Performance.getMetrics TaskDuration) and, with the plot, how often " +
    'the chart was redrawn (its data-draws count, bumped after each uPlot setData).',
  async run(ctx) {
    if (process.platform !== 'linux') throw new Unavailable('reads /proc (Linux only)');
    const native = loadNative(ctx.root);
    const hostDir = rendererForBench(ctx.root, ctx.log);
    const browser = await launchChromium(ctx.cleanup);
    const blockName = uniqueBlockName('plot');
    openOwnBlock(native, ctx.cleanup, blockName, SIZE);
    const seconds = ctx.smoke ? 2 : 10;

    const host = await startBrowserHost(ctx.root, ctx.cleanup, hostDir);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    ctx.cleanup.add('close the plot window', () => context.close());
    const page = await openInspectorPage(context, ctx.root, pageUrl(host, blockName));
    await sleep(ctx.smoke ? 500 : 2000);

    ctx.log(`floor: ${WRITES_PER_SECOND} writes/s, no series, ${seconds} s`);
    const floor = await measureLoaded(ctx, page, host.pid, blockName, seconds);
    ctx.log(`plot: ${SERIES.length} series, ${WRITES_PER_SECOND} writes/s, ${seconds} s`);
    await addSeries(page);
    await sleep(1000);
    const plotted = await measureLoaded(ctx, page, host.pid, blockName, seconds);

    const goals: Goal[] = [
      {
        text: `UI frame time p99 with ${SERIES.length} series while a plotted u32 changes ${WRITES_PER_SECOND} times a second: <= ${GOALS.frameP99Ms} ms`,
        holds: atMost(plotted.frames.p99, GOALS.frameP99Ms),
        figures:
          `n=${plotted.frames.n} frames, median ${plotted.frames.median.toFixed(1)} ms, p99 ${plotted.frames.p99.toFixed(1)} ms, ` +
          `${plotted.longTasks} long task(s); the chart redrawn ${plotted.redrawsPerSecond.toFixed(1)} times a second, ` +
          `${plotted.drawnPoints} points at the end; the page's main thread ${plotted.mainThreadMsPerSecond.toFixed(0)} ms a second ` +
          `(floor without series: frame p99 ${floor.frames.p99.toFixed(1)} ms, main thread ${floor.mainThreadMsPerSecond.toFixed(0)} ms a second)`,
      },
      {
        text: `host CPU with ${SERIES.length} series plotted while a plotted u32 changes ${WRITES_PER_SECOND} times a second: <= ${GOALS.hostCpuPercent}% of a core`,
        holds: atMost(plotted.hostCpuOverall, GOALS.hostCpuPercent) && atMost(plotted.hostCpu.median, GOALS.hostCpuPercent),
        figures:
          `${plotted.hostCpuOverall.toFixed(2)}% over ${seconds} s from /proc/<pid>/stat; median ${plotted.hostCpu.median.toFixed(2)}%, ` +
          `p99 ${plotted.hostCpu.p99.toFixed(2)}% (n=${plotted.hostCpu.n} one-second windows); floor without series ` +
          `${floor.hostCpuOverall.toFixed(2)}% (median ${floor.hostCpu.median.toFixed(2)}%); ${plotted.writes} writes`,
      },
    ];
    const row = (label: string, run: LoadedRun, stats: Summary) => ({
      label,
      stats,
      extra: { 'long tasks': run.longTasks, 'page main thread (ms/s)': run.mainThreadMsPerSecond, 'chart redraws/s': run.redrawsPerSecond },
    });
    return {
      tables: [
        {
          title: `UI frame times while another process writes ${WRITES_PER_SECOND}/s`,
          unit: 'ms per frame',
          rows: [row('floor: no series', floor, floor.frames), row(`${SERIES.length} series plotted`, plotted, plotted.frames)],
        },
        {
          title: 'Host CPU (one-second windows)',
          unit: '% of one core',
          rows: [
            { label: 'floor: no series', stats: floor.hostCpu, extra: { 'whole period (/proc/<pid>/stat)': floor.hostCpuOverall } },
            {
              label: `${SERIES.length} series plotted`,
              stats: plotted.hostCpu,
              extra: { 'whole period (/proc/<pid>/stat)': plotted.hostCpuOverall },
            },
          ],
        },
      ],
      goals,
      notes: [`The writer made ${floor.writes} writes (floor) and ${plotted.writes} writes (plotted), asked for ${WRITES_PER_SECOND}/s.`],
    };
  },
};
