// 6. The host as a user notices it: its start, its memory, and its CPU while
// two windows watch a block nobody writes, and while another process writes
// it 1,000 times a second (with the UI's frame times meanwhile).
import type { Browser, Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { availableParallelism, setPriority } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../lib/browser';
import { uniqueBlockName } from '../lib/blocks';
import { Cleanup } from '../lib/cleanup';
import { loadNative, openOwnBlock } from '../lib/deps';
import { startBrowserHost, stopChild, type RunningHost } from '../lib/host';
import { openInspectorPage, runInPage } from '../lib/page-probe';
import { rssMiB, schedCpuByThreadName, schedCpuNs, statCpuMs, type ThreadsCpu } from '../lib/proc';
import { rendererForBench } from '../lib/renderer-build';
import { summarize, type Summary } from '../lib/stats';
import { pollUntil, sleep } from '../lib/timing';
import { Unavailable, type BenchContext, type Goal, type Measurement } from '../lib/types';
import { atMost } from '../lib/verdicts';

const SIZE = 4096;
const WINDOWS = 2;
const WRITES_PER_SECOND = 1000;
const GOALS = { idleCpuPercent: 0.2, loadedCpuPercent: 5, loadedFrameP99Ms: 20, startMs: 1000, rssMiB: 60 };
/** The native watcher's thread (native/src/common/watcher.cc names it). */
const WATCHER_THREAD = 'shm-watcher';
/** The rule: foreign writers are polled for never slower than every 4 ms. */
const SLOWEST_POLL_MS = 4;

interface CpuWindow {
  /** Percent of one core per one-second window (schedstat, ns resolution). */
  perSecond: number[];
  /** Percent of one core over the whole period from /proc/<pid>/stat (10 ms ticks). */
  overall: number;
  rss: number[];
  /** The native watcher's thread over the whole period, and every other thread's. */
  threads: { watcherPercent: number; watcherWakesPerSecond: number; watcherUsPerWake: number; restPercent: number };
}

function threadSplit(before: Map<string, ThreadsCpu>, after: Map<string, ThreadsCpu>, wallMs: number): CpuWindow['threads'] {
  const delta = (name: string) => ({
    ns: (after.get(name)?.ns ?? 0) - (before.get(name)?.ns ?? 0),
    slices: (after.get(name)?.slices ?? 0) - (before.get(name)?.slices ?? 0),
  });
  const watcher = delta(WATCHER_THREAD);
  let restNs = 0;
  for (const name of after.keys()) if (name !== WATCHER_THREAD) restNs += delta(name).ns;
  return {
    watcherPercent: (watcher.ns / 1e6 / wallMs) * 100,
    watcherWakesPerSecond: watcher.slices / (wallMs / 1000),
    watcherUsPerWake: watcher.slices > 0 ? watcher.ns / 1e3 / watcher.slices : 0,
    restPercent: (restNs / 1e6 / wallMs) * 100,
  };
}

/** The host's CPU, in one-second windows and overall, while `during` runs (or for `seconds`). */
async function sampleHost(pid: number, seconds: number): Promise<CpuWindow> {
  const perSecond: number[] = [];
  const rss: number[] = [];
  const statStart = statCpuMs(pid);
  const threadsStart = schedCpuByThreadName(pid);
  const wallStart = performance.now();
  for (let i = 0; i < seconds; i++) {
    const cpuBefore = schedCpuNs(pid);
    const before = performance.now();
    await sleep(1000);
    perSecond.push(((schedCpuNs(pid) - cpuBefore) / 1e6 / (performance.now() - before)) * 100);
    rss.push(rssMiB(pid));
  }
  const wallMs = performance.now() - wallStart;
  const overall = ((statCpuMs(pid) - statStart) / wallMs) * 100;
  return { perSecond, overall, rss, threads: threadSplit(threadsStart, schedCpuByThreadName(pid), wallMs) };
}

function pageUrl(host: RunningHost, blockName: string): string {
  const url = new URL(host.url);
  url.searchParams.set('block', blockName);
  url.searchParams.set('size', String(SIZE));
  return url.toString();
}

/** One start, each time in ms from just before the host process was spawned. */
interface StartPhases {
  /** The host printed its URL (it listens). */
  url: number;
  /** The page's script ran (DOMContentLoaded ends after a module script has run). */
  scriptRan: number;
  /** The page's first contract call (hello) left. */
  firstCall: number;
  /** The answer of openBlock arrived (it is sent with hello). */
  opened: number;
  /** The watch call left: as openBlock answered, for the first screen's rows estimated from the window's height. */
  watchSent: number;
  /** The answer of watch arrived (the bytes shown come with it). */
  watched: number;
  /** The frame that first paints the bytes. */
  painted: number;
}

/** Where in the page a start's time went, from its Navigation and Resource Timing entries (epoch ms). */
const PAGE_PHASES = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const call = (name) => performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/api/call/' + name);
  const at = (ms) => (ms === undefined ? null : performance.timeOrigin + ms);
  return {
    scriptRan: at(nav && nav.domContentLoadedEventEnd),
    firstCall: at(call('hello') && call('hello').startTime),
    opened: at(call('openBlock') && call('openBlock').responseEnd),
    watchSent: at(call('watch') && call('watch').startTime),
    watched: at(call('watch') && call('watch').responseEnd),
  };
})()`;

/** Host process start to the frame that first paints the block's bytes, per start, with the phases in between. */
async function measureStarts(
  ctx: BenchContext,
  browser: Browser,
  hostDir: string,
  blockName: string,
  starts: number,
): Promise<StartPhases[]> {
  const samples: StartPhases[] = [];
  for (let i = 0; i < starts; i++) {
    const cleanup = new Cleanup();
    try {
      // The browser's window exists before the host starts, as the user's does: Playwright's
      // own cost of a context and a page (hundreds of ms on a busy machine) is not the host's.
      const context = await browser.newContext();
      cleanup.add('close the start context', () => context.close());
      await context.addInitScript({ path: join(ctx.root, 'bench', 'fixtures', 'page', 'first-paint.js') });
      const page = await context.newPage();
      const host = await startBrowserHost(ctx.root, cleanup, hostDir);
      const urlAt = performance.timeOrigin + performance.now();
      await page.goto(pageUrl(host, blockName));
      const paintedAt = await pollUntil(
        async () => ((await page.evaluate('window.__benchFirstPaint')) as number | undefined) ?? undefined,
        30_000,
        'the first paint of the bytes',
      );
      const phases = (await page.evaluate(PAGE_PHASES)) as Record<
        'scriptRan' | 'firstCall' | 'opened' | 'watchSent' | 'watched',
        number | null
      >;
      const since = (at: number | null) => (at === null ? NaN : at - host.startedAt);
      samples.push({
        url: urlAt - host.startedAt,
        scriptRan: since(phases.scriptRan),
        firstCall: since(phases.firstCall),
        opened: since(phases.opened),
        watchSent: since(phases.watchSent),
        watched: since(phases.watched),
        painted: paintedAt - host.startedAt,
      });
    } finally {
      await cleanup.runAll(ctx.log);
    }
  }
  return samples;
}

const START_PHASE_LABELS: [Exclude<keyof StartPhases, 'painted'>, string][] = [
  ['url', 'phase: the host prints its URL'],
  ['scriptRan', "phase: the page's script has run (DOMContentLoaded)"],
  ['firstCall', 'phase: the first call (hello) leaves'],
  ['opened', 'phase: the answer of openBlock'],
  ['watchSent', 'phase: the watch call leaves (as openBlock answers)'],
  ['watched', 'phase: the answer of watch'],
];

function startPhaseRows(starts: StartPhases[]) {
  return START_PHASE_LABELS.flatMap(([key, label]) => {
    const values = starts.map((start) => start[key]).filter((v) => Number.isFinite(v));
    return values.length > 0 ? [{ label, stats: summarize(values) }] : []; // a page that made no such call
  });
}

/** The median time of each phase of a start, and what each step between them took. */
function startBreakdown(starts: StartPhases[]): string {
  const medianOf = (key: keyof StartPhases) => {
    const values = starts.map((s) => s[key]).filter((v) => Number.isFinite(v));
    return values.length > 0 ? summarize(values).median : NaN;
  };
  const m = {
    url: medianOf('url'),
    scriptRan: medianOf('scriptRan'),
    firstCall: medianOf('firstCall'),
    opened: medianOf('opened'),
    watchSent: medianOf('watchSent'),
    watched: medianOf('watched'),
    painted: medianOf('painted'),
  };
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : 'n/a');
  return (
    `where it goes (medians from the spawn): the host listens and prints its URL at ${ms(m.url)}; the page has fetched and run its ` +
    `script at ${ms(m.scriptRan)}; its first calls (hello and openBlock) leave at ${ms(m.firstCall)}; openBlock answers at ` +
    `${ms(m.opened)}; the watch call leaves at ${ms(m.watchSent)} (as openBlock answers: the first screen's rows, estimated from the ` +
    `window's height) and is answered at ${ms(m.watched)}; the bytes are painted at ${ms(m.painted)} (after React's first ` +
    `render of the whole window, which waits for those bytes: src-renderer/src/main.tsx)`
  );
}

/** Another process writes through the addon at WRITES_PER_SECOND; resolves with its count when done. */
async function startRateWriter(
  ctx: BenchContext,
  blockName: string,
  durationMs: number,
): Promise<Promise<{ writes: number; elapsedMs: number }>> {
  const script = join(ctx.root, 'bench', 'fixtures', 'rate-writer.cjs');
  const child = spawn(
    process.execPath,
    [script, join(ctx.root, 'native'), blockName, String(SIZE), String(WRITES_PER_SECOND), String(durationMs)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  ctx.cleanup.add(`stop the rate writer ${child.pid}`, () => stopChild(child));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await pollUntil(() => (output.includes('started') ? true : undefined), 30_000, 'the rate writer to start');
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`the rate writer failed (${code}): ${output.slice(-300)}`));
      else resolve(JSON.parse(last) as { writes: number; elapsedMs: number });
    }),
  );
}

/** The idle floor: a process that only runs the native watcher on one byte (bench/fixtures/idle-watcher.cjs). */
async function measureWatcherFloor(ctx: BenchContext, blockName: string, seconds: number): Promise<CpuWindow> {
  const script = join(ctx.root, 'bench', 'fixtures', 'idle-watcher.cjs');
  const child = spawn(process.execPath, [script, join(ctx.root, 'native'), blockName, String(SIZE)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await pollUntil(() => (output.includes('watching') ? true : undefined), 30_000, 'the idle watcher to start');
    await sleep(500);
    return await sampleHost(child.pid!, seconds);
  } finally {
    await stopChild(child);
  }
}

/**
 * What waking every SLOWEST_POLL_MS costs on this machine by itself
 * (bench/fixtures/wake-floor.cjs). With `busyLoops`, that many low-priority
 * busy loops keep the cores from going idle meanwhile: the price of a wake
 * when no core has to be woken from idle.
 */
async function measureWakeFloor(ctx: BenchContext, seconds: number, busyLoops = 0): Promise<{ usPerWake: number; wakesPerSecond: number }> {
  const script = join(ctx.root, 'bench', 'fixtures', 'wake-floor.cjs');
  const child = spawn(process.execPath, [script, String(SLOWEST_POLL_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const loops = Array.from({ length: busyLoops }, () => {
    const loop = spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' });
    ctx.cleanup.add('stop a busy loop of the wake floor', () => stopChild(loop)); // never left spinning, even if this throws
    setPriority(loop.pid!, 19);
    return loop;
  });
  try {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await pollUntil(() => (output.includes('sleeping') ? true : undefined), 30_000, 'the wake floor to start');
    await sleep(500);
    const before = schedCpuByThreadName(child.pid!);
    const start = performance.now();
    await sleep(seconds * 1000);
    const after = schedCpuByThreadName(child.pid!);
    const wallMs = performance.now() - start;
    let ns = 0;
    let slices = 0;
    for (const [name, cpu] of after) {
      ns += cpu.ns - (before.get(name)?.ns ?? 0);
      slices += cpu.slices - (before.get(name)?.slices ?? 0);
    }
    return { usPerWake: slices > 0 ? ns / 1e3 / slices : 0, wakesPerSecond: slices / (wallMs / 1000) };
  } finally {
    await Promise.all([child, ...loops].map(stopChild));
  }
}

const threadColumns = (window: CpuWindow) => ({
  'watcher thread (%)': window.threads.watcherPercent,
  'watcher wakes/s': window.threads.watcherWakesPerSecond,
  'other threads (%)': window.threads.restPercent,
});

/** Counts the pages' HTTP requests (by path) while `counting` says so: what the pages ask an idle host. */
function countRequests(pages: Page[]): { start(): void; stop(): Map<string, number> } {
  const counts = new Map<string, number>();
  let counting = false;
  for (const page of pages) {
    page.on('request', (request) => {
      if (!counting) return;
      const path = new URL(request.url()).pathname.replace('/api/call/', '');
      counts.set(path, (counts.get(path) ?? 0) + 1);
    });
  }
  return {
    start: () => void (counting = true),
    stop: () => ((counting = false), counts),
  };
}

function describeRequests(requests: Map<string, number>, seconds: number): string {
  if (requests.size === 0) return 'no HTTP request from the pages';
  const list = [...requests].map(([path, n]) => `${path} ${(n / seconds).toFixed(1)}/s`).join(', ');
  return `HTTP requests from the pages: ${list}`;
}

/** Where the idle host's time goes: the watcher thread's wakes, and everything else. */
function idleBreakdown(idle: CpuWindow, wakeFloor: { usPerWake: number }, busyWakeFloor: { usPerWake: number }, requests: string): string {
  const t = idle.threads;
  const pollsPerSecond = 1000 / SLOWEST_POLL_MS;
  const floorPercent = ((wakeFloor.usPerWake * pollsPerSecond) / 1e6) * 100;
  return (
    `where it goes (schedstat, whole period): the native watcher's thread ${t.watcherPercent.toFixed(2)}% ` +
    `(${t.watcherWakesPerSecond.toFixed(0)} wakes/s, ${t.watcherUsPerWake.toFixed(1)} µs each), every other thread ` +
    `(JavaScript: the host's timers, the block monitor twice a second and one region-marks check a second for the ` +
    `History panels that follow the block's change marks, and any calls; ${requests}) ${t.restPercent.toFixed(2)}%; a thread that only sleeps and wakes costs ` +
    `${wakeFloor.usPerWake.toFixed(1)} µs per wake here, so the ${pollsPerSecond} wakes/s of the issue's ` +
    `"never slower than ${SLOWEST_POLL_MS} ms" poll cost ${floorPercent.toFixed(2)}% of a core before any work; the same wake costs ` +
    `${busyWakeFloor.usPerWake.toFixed(1)} µs while busy loops keep the cores from going idle; the goal's 0.2% allows ` +
    `${(((0.2 / 100) * 1e6) / pollsPerSecond).toFixed(0)} µs a wake for everything`
  );
}

const percent = (s: Summary) => `median ${s.median.toFixed(2)}%, p99 ${s.p99.toFixed(2)}% (n=${s.n} one-second windows)`;

export const hostCost: Measurement = {
  id: 'host',
  title: '6. The host: start, memory, and CPU idle and under load',
  method:
    'The browser host built as `npm run web` runs it (`node <build>/main/web.js`), in its own process; pages are headless Chromium, each in its own ' +
    "context, on a 4 KiB block of the benchmark's own. Start to first paint: from just before the host process is spawned to the " +
    'requestAnimationFrame callback after the hex view first shows a real byte (an init script with a MutationObserver, ' +
    "bench/fixtures/page/first-paint.js); the browser context and its blank page are made before the host is spawned (a user's browser is " +
    'already open; Playwright needs hundreds of ms for a context on a busy machine) and the page navigates as soon as the host prints its URL. ' +
    'Idle: two pages watch the block, nobody writes; ' +
    "the host's CPU (user + system, all threads) in one-second windows from /proc/<pid>/task/*/schedstat (ns), and over the whole period from " +
    '/proc/<pid>/stat (10 ms ticks); resident memory (VmRSS) each second. Under load: another process (bench/fixtures/rate-writer.cjs) writes ' +
    '4 bytes through the addon 1,000 times a second while the same two pages show the block; host CPU as above, and one page records the ' +
    'intervals between its requestAnimationFrame callbacks (frame times). Idle floor, measured the same way in the same run: a Node process ' +
    'that only runs the native watcher on one byte of the block (bench/fixtures/idle-watcher.cjs), i.e. what polling every 4 ms costs by itself; ' +
    "and a thread that does nothing but sleep 4 ms at a time and wake (bench/fixtures/wake-floor.cjs): the machine's own price of a wake-up. " +
    "The host's CPU is also split by thread (schedstat per /proc/<pid>/task): the native watcher's thread (named shm-watcher), with its " +
    'wake-ups (times scheduled in), and all the others.',
  async run(ctx) {
    if (process.platform !== 'linux') throw new Unavailable('reads /proc (Linux only)');
    const native = loadNative(ctx.root);
    const hostDir = rendererForBench(ctx.root, ctx.log);
    const browser = await launchChromium(ctx.cleanup);
    const blockName = uniqueBlockName('host');
    openOwnBlock(native, ctx.cleanup, blockName, SIZE);
    const seconds = ctx.smoke ? 2 : 10;

    ctx.log(`${ctx.smoke ? 1 : 10} host start(s) to first paint`);
    const starts = await measureStarts(ctx, browser, hostDir, blockName, ctx.smoke ? 1 : 10);

    const host = await startBrowserHost(ctx.root, ctx.cleanup, hostDir);
    const pages: Page[] = [];
    for (let i = 0; i < WINDOWS; i++) {
      const context = await browser.newContext();
      ctx.cleanup.add(`close window ${i}`, () => context.close());
      pages.push(await openInspectorPage(context, ctx.root, pageUrl(host, blockName)));
    }
    await sleep(ctx.smoke ? 500 : 2000); // the start's work settles
    ctx.log(`idle: ${seconds} s with ${WINDOWS} windows`);
    const requests = countRequests(pages);
    requests.start();
    const idle = await sampleHost(host.pid, seconds);
    const idleRequests = describeRequests(requests.stop(), seconds);

    ctx.log(`floor: a process running only the native watcher, ${seconds} s`);
    const floor = await measureWatcherFloor(ctx, blockName, seconds);
    ctx.log(`floor: a thread that only wakes every ${SLOWEST_POLL_MS} ms, ${seconds} s`);
    const wakeFloor = await measureWakeFloor(ctx, seconds);
    ctx.log(`floor: the same while low-priority busy loops keep every core from going idle, ${seconds} s`);
    const busyWakeFloor = await measureWakeFloor(ctx, seconds, availableParallelism());

    ctx.log(`under load: ${WRITES_PER_SECOND} writes/s for ${seconds} s`);
    const writerDone = await startRateWriter(ctx, blockName, seconds * 1000 + 1000);
    await sleep(500);
    const [loaded, frames] = await Promise.all([
      sampleHost(host.pid, seconds),
      runInPage<{ frameTimes: number[]; longTasks: number[] }>(pages[0]!, ctx.root, 'frame-times.js', 'recordFrameTimes', seconds * 1000),
    ]);
    const written = await writerDone;

    const idleCpu = summarize(idle.perSecond);
    const floorCpu = summarize(floor.perSecond);
    const loadedCpu = summarize(loaded.perSecond);
    const rss = summarize(idle.rss);
    const startStats = summarize(starts.map((start) => start.painted));
    const frameStats = summarize(frames.frameTimes);
    const goals: Goal[] = [
      {
        text: `host CPU, ${WINDOWS} windows on a block nobody writes, ${seconds} s: <= ${GOALS.idleCpuPercent}% of a core`,
        holds: atMost(idle.overall, GOALS.idleCpuPercent) && atMost(idleCpu.median, GOALS.idleCpuPercent),
        figures:
          `${idle.overall.toFixed(2)}% over ${seconds} s from /proc/<pid>/stat; ${percent(idleCpu)}; ` +
          `floor (a process running only the native watcher, polling every 4 ms): median ${floorCpu.median.toFixed(2)}%; ` +
          idleBreakdown(idle, wakeFloor, busyWakeFloor, idleRequests),
      },
      {
        text: `host CPU while another process writes ${WRITES_PER_SECOND} times a second: <= ${GOALS.loadedCpuPercent}% of a core`,
        holds: atMost(loaded.overall, GOALS.loadedCpuPercent) && atMost(loadedCpu.median, GOALS.loadedCpuPercent),
        figures: `${loaded.overall.toFixed(2)}% over ${seconds} s from /proc/<pid>/stat; ${percent(loadedCpu)}; ${written.writes} writes in ${(written.elapsedMs / 1000).toFixed(1)} s`,
      },
      {
        text: `UI frame time p99 while another process writes ${WRITES_PER_SECOND} times a second: <= ${GOALS.loadedFrameP99Ms} ms`,
        holds: atMost(frameStats.p99, GOALS.loadedFrameP99Ms),
        figures: `n=${frameStats.n} frames, median ${frameStats.median.toFixed(1)} ms, p99 ${frameStats.p99.toFixed(1)} ms; ${frames.longTasks.length} long task(s)`,
      },
      {
        text: `browser host start to first paint (built): median <= ${GOALS.startMs} ms`,
        holds: atMost(startStats.median, GOALS.startMs),
        figures: `n=${startStats.n}, median ${startStats.median.toFixed(0)} ms, p99 ${startStats.p99.toFixed(0)} ms; ${startBreakdown(starts)}`,
      },
      {
        text: `host resident memory, idle, ${WINDOWS} windows: <= ${GOALS.rssMiB} MiB`,
        holds: atMost(rss.median, GOALS.rssMiB),
        figures: `n=${rss.n} samples, median ${rss.median.toFixed(1)} MiB, p99 ${rss.p99.toFixed(1)} MiB`,
      },
    ];
    return {
      tables: [
        {
          title: `Host CPU, ${WINDOWS} windows (one-second windows)`,
          unit: '% of one core',
          rows: [
            { label: 'nobody writes', stats: idleCpu, extra: { 'whole period (/proc/<pid>/stat)': idle.overall, ...threadColumns(idle) } },
            {
              label: 'floor: a Node process running only the native watcher on 1 byte (a poll every 4 ms)',
              stats: floorCpu,
              extra: { 'whole period (/proc/<pid>/stat)': floor.overall, ...threadColumns(floor) },
            },
            {
              label: `another process writes ${WRITES_PER_SECOND}/s`,
              stats: loadedCpu,
              extra: { 'whole period (/proc/<pid>/stat)': loaded.overall, ...threadColumns(loaded) },
            },
          ],
        },
        {
          title: `UI frame times while another process writes ${WRITES_PER_SECOND}/s (one page)`,
          unit: 'ms per frame',
          rows: [
            {
              label: 'frame time',
              stats: frameStats,
              extra: { 'frames > 25 ms': frames.frameTimes.filter((t) => t > 25).length, 'long tasks': frames.longTasks.length },
            },
          ],
        },
        {
          title: 'Browser host start to first paint of the bytes',
          unit: 'ms',
          rows: [
            { label: 'built host (node <build>/main/web.js): first paint of the bytes', stats: startStats },
            ...startPhaseRows(starts),
          ],
        },
        { title: `Host resident memory, idle, ${WINDOWS} windows`, unit: 'MiB', rows: [{ label: 'VmRSS', stats: rss }] },
      ],
      goals,
      notes: [
        `A thread that only sleeps ${SLOWEST_POLL_MS} ms at a time and wakes (bench/fixtures/wake-floor.cjs, Atomics.wait) costs ` +
          `${wakeFloor.usPerWake.toFixed(1)} µs per wake on this machine (${wakeFloor.wakesPerSecond.toFixed(0)} wakes/s measured); ` +
          `${busyWakeFloor.usPerWake.toFixed(1)} µs while ${availableParallelism()} low-priority busy loops keep every core from going idle ` +
          `(${busyWakeFloor.wakesPerSecond.toFixed(0)} wakes/s): what is left when no core has to be woken from idle.`,
        `The writer made ${written.writes} writes in ${(written.elapsedMs / 1000).toFixed(1)} s (asked: ${WRITES_PER_SECOND}/s).`,
      ],
    };
  },
};
