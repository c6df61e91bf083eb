// 6. The host as a user notices it: its start, its memory, and its CPU while
// two windows watch a block nobody writes (shown, and hidden), and while
// another process writes it 1,000 times a second (with the UI's frame times
// meanwhile); and what the idle poll costs a foreign write after 10 s idle.
import type { Browser, Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { availableParallelism, setPriority } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../lib/browser';
import { uniqueBlockName } from '../lib/blocks';
import { Cleanup } from '../lib/cleanup';
import { loadNative, openOwnBlock } from '../lib/deps';
import { startBrowserHost, stopChild, type RunningHost } from '../lib/host';
import { armPaintDetector, installPaintDetector, openBarePage, openInspectorPage, runInPage, type PaintReport } from '../lib/page-probe';
import { rssMiB, schedCpuByThreadName, schedCpuNs, statCpuMs, type ThreadsCpu } from '../lib/proc';
import { rendererForBench } from '../lib/renderer-build';
import { summarize, type Summary } from '../lib/stats';
import { pollUntil, sleep } from '../lib/timing';
import { Unavailable, type BenchContext, type Goal, type Measurement } from '../lib/types';
import { atMost, noneWrong } from '../lib/verdicts';
import { ExternalWriter, startRateWriter } from '../lib/writer';
import { HIDDEN_POLL_MS } from '../../src-main/core/limits';
import { WATCHER_POLL } from '../../src-main/core/watcher';

const SIZE = 4096;
const WINDOWS = 2;
const WRITES_PER_SECOND = 1000;
/** Issue 22's goals: idle CPU with the pages shown and hidden, and a foreign write after idle within a frame of the bare page. */
const GOALS = {
  idleCpuPercent: 0.3,
  hiddenCpuPercent: 0.1,
  loadedCpuPercent: 5,
  loadedFrameP99Ms: 20,
  startMs: 1000,
  rssMiB: 60,
  foreignAfterIdleOverBareMs: 1000 / 60,
};
/** The native watcher's thread (native/src/common/watcher.cc names it). */
const WATCHER_THREAD = 'shm-watcher';
/** The watcher's poll once nothing changed for a second (shm_limits.h kWatcherIdlePollUs): one frame. */
const IDLE_POLL_MS = WATCHER_POLL.idleMs;
/** Nothing written for this long before each foreign write. */
const FOREIGN_IDLE_MS = 10_000;
/** Foreign writes after idle (each one FOREIGN_IDLE_MS apart): p99 of few, i.e. about the worst, in under two minutes. */
const FOREIGN_REPEATS = 8;
/** A foreign write not in both pages' DOM by then counts as missed. */
const FOREIGN_TIMEOUT_MS = 5000;

interface CpuWindow {
  /** Percent of one core per one-second window (schedstat, ns resolution). */
  perSecond: number[];
  /** Percent of one core over the whole period from /proc/<pid>/stat (10 ms ticks: 0.1% steps over 10 s). */
  overall: number;
  /** The same from schedstat, every thread (ns resolution): what the idle goals are judged by. */
  precise: number;
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
  const threads = threadSplit(threadsStart, schedCpuByThreadName(pid), wallMs);
  return { perSecond, overall, precise: threads.watcherPercent + threads.restPercent, rss, threads };
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
 * What waking every IDLE_POLL_MS costs on this machine by itself
 * (bench/fixtures/wake-floor.cjs). With `busyLoops`, that many low-priority
 * busy loops keep the cores from going idle meanwhile: the price of a wake
 * when no core has to be woken from idle.
 */
async function measureWakeFloor(ctx: BenchContext, seconds: number, busyLoops = 0): Promise<{ usPerWake: number; wakesPerSecond: number }> {
  const script = join(ctx.root, 'bench', 'fixtures', 'wake-floor.cjs');
  const child = spawn(process.execPath, [script, String(IDLE_POLL_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  'µs per wake': window.threads.watcherUsPerWake,
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
  const pollsPerSecond = 1000 / IDLE_POLL_MS;
  const floorPercent = ((wakeFloor.usPerWake * pollsPerSecond) / 1e6) * 100;
  return (
    `where it goes (schedstat, whole period): the native watcher's thread (${WATCHER_THREAD}: the idle poll, which also ` +
    `compares this 4 KiB block whole for its History and looks for unlinks, shrinks and busy locks twice a second) ` +
    `${t.watcherPercent.toFixed(2)}% (${t.watcherWakesPerSecond.toFixed(0)} wakes/s, ${t.watcherUsPerWake.toFixed(1)} µs each), ` +
    `every other thread (JavaScript: the host's timers and any calls; ${requests}) ${t.restPercent.toFixed(2)}%; a thread that only sleeps and wakes costs ` +
    `${wakeFloor.usPerWake.toFixed(1)} µs per wake here, so the ${pollsPerSecond.toFixed(1)} wakes/s of the idle poll ` +
    `(one every ${IDLE_POLL_MS} ms once nothing changed for a second) cost ${floorPercent.toFixed(3)}% of a core before any work; the same wake costs ` +
    `${busyWakeFloor.usPerWake.toFixed(1)} µs while busy loops keep the cores from going idle; the goal's ${GOALS.idleCpuPercent}% allows ` +
    `${(((GOALS.idleCpuPercent / 100) * 1e6) / pollsPerSecond).toFixed(0)} µs a wake for everything`
  );
}

/**
 * Makes a page hidden, or shown again, as a minimized window or a background
 * tab is to its script: document.visibilityState and a visibilitychange event
 * (headless Chromium keeps every page visible). The app then reports it to
 * the host (src-renderer/src/session/visibility.ts). A string, not a function:
 * no bundler helper may leak into the page.
 */
async function setPageHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate(
    hidden
      ? `Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' }); document.dispatchEvent(new Event('visibilitychange'))`
      : `delete document.visibilityState; document.dispatchEvent(new Event('visibilitychange'))`,
  );
}

/** Per foreign write after idle: writer to DOM (ms) in the inspector page and in the bare page, which watch the same block. */
interface ForeignAfterIdle {
  ours: number[];
  bare: number[];
  missed: number;
}

/** The bytes of foreign write `seq`: four that differ from the block's and each other write's, as the hex view prints them. */
function foreignValue(seq: number): { bytes: Uint8Array; hex: string } {
  const bytes = Uint8Array.of(0x80 | (seq & 0x7f), 0xa5, seq & 0xff, 0x3c);
  return { bytes, hex: Buffer.from(bytes).toString('hex').toUpperCase() };
}

/**
 * A writer that does not use our addon (bench/fixtures/external-writer.cjs with `file`:
 * straight into /dev/shm, so nothing wakes the watcher) writes 4 bytes after
 * `idleMs` with nothing written; an inspector page and the bare page
 * (bench/fixtures/page/bare-viewer.js) watch the block, and each reports when
 * the bytes are in its DOM (paint-detector.js).
 */
async function measureForeignAfterIdle(
  ctx: BenchContext,
  browser: Browser,
  host: RunningHost,
  repeats: number,
  idleMs: number,
): Promise<ForeignAfterIdle> {
  const blockName = uniqueBlockName('host-foreign');
  openOwnBlock(loadNative(ctx.root), ctx.cleanup, blockName, SIZE);
  const reports = new Map<string, PaintReport>();
  let wake: (() => void) | null = null;
  const onReport = (kind: 'ours' | 'bare') => (report: PaintReport) => {
    reports.set(`${kind}:${report.seq}`, report);
    wake?.();
  };
  const oursContext = await browser.newContext();
  ctx.cleanup.add('close the foreign-write inspector page', () => oursContext.close());
  const ours = await openInspectorPage(oursContext, ctx.root, pageUrl(host, blockName), onReport('ours'));
  const bareContext = await browser.newContext();
  ctx.cleanup.add('close the foreign-write bare page', () => bareContext.close());
  await bareContext.addInitScript({ path: join(ctx.root, 'bench', 'fixtures', 'page', 'bare-subscribe.js') });
  const bare = await openBarePage(bareContext, ctx.root, host.url, blockName, 4, onReport('bare'));
  for (const page of [ours, bare]) await installPaintDetector(page, ctx.root, 4);
  const writer = await ExternalWriter.start(ctx.root, blockName, SIZE, ctx.cleanup, 'file');

  const result: ForeignAfterIdle = { ours: [], bare: [], missed: 0 };
  for (let seq = 0; seq < repeats; seq++) {
    const { bytes, hex } = foreignValue(seq);
    for (const page of [ours, bare]) await armPaintDetector(page, seq, hex);
    await sleep(idleMs); // nothing written meanwhile: the watcher is at its idle poll
    const writtenAt = await writer.write(seq, 0, bytes);
    const deadline = performance.now() + FOREIGN_TIMEOUT_MS;
    const both = () => reports.has(`ours:${seq}`) && reports.has(`bare:${seq}`);
    while (!both() && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
    wake = null;
    const [mine, floor] = [reports.get(`ours:${seq}`), reports.get(`bare:${seq}`)];
    if (!mine || !floor) {
      result.missed++;
      continue;
    }
    // Both are epoch ms on this machine (the writer's clock and the page's), as in write-to-paint.
    result.ours.push(mine.domAt - writtenAt);
    result.bare.push(floor.domAt - writtenAt);
  }
  await Promise.all([oursContext.close(), bareContext.close()]);
  return result;
}

function foreignGoal(foreign: ForeignAfterIdle, idleMs: number): Goal {
  const limit = GOALS.foreignAfterIdleOverBareMs;
  const text = `a foreign write after ${idleMs / 1000} s idle, write to DOM p99: within one frame (${limit.toFixed(1)} ms) of the bare page's p99`;
  if (foreign.ours.length === 0 || foreign.bare.length === 0) {
    return {
      text,
      // No pair to compare: noneWrong over zero pairs is false.
      holds: noneWrong(foreign.missed, Math.min(foreign.ours.length, foreign.bare.length)),
      figures: `no foreign write reached both pages within ${FOREIGN_TIMEOUT_MS} ms (${foreign.missed} missed)`,
    };
  }
  const ours = summarize(foreign.ours);
  const bare = summarize(foreign.bare);
  return {
    text,
    holds: atMost(ours.p99, bare.p99 + limit) && foreign.missed === 0,
    figures:
      `n=${ours.n}: ours median ${ours.median.toFixed(2)} ms, p99 ${ours.p99.toFixed(2)} ms; the bare page (same writes, same host) ` +
      `median ${bare.median.toFixed(2)} ms, p99 ${bare.p99.toFixed(2)} ms; ours minus bare at p99 ${(ours.p99 - bare.p99).toFixed(2)} ms` +
      `${foreign.missed ? `; ${foreign.missed} missed` : ''}; the watcher polls every ${IDLE_POLL_MS} ms once idle, so detection alone waits ` +
      `up to ${IDLE_POLL_MS} ms (half on average) in both`,
  };
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
    'Idle: two pages watch the block, nobody writes, measured after a first window of the same length that starts 2 s after ' +
    'the pages opened (their start: V8 compiling and collecting, the panels\' first looks; reported apart); then the same with both pages hidden (document.visibilityState made "hidden" and ' +
    'a visibilitychange event dispatched, as a minimized window sees; the app reports it with setVisibility); ' +
    "the host's CPU (user + system, all threads) in one-second windows from /proc/<pid>/task/*/schedstat (ns), and over the whole period from " +
    "the same schedstat (the idle goals' verdict) and from /proc/<pid>/stat (10 ms ticks); resident memory (VmRSS) each second. Under load: another process (bench/fixtures/rate-writer.cjs) writes " +
    '4 bytes through the addon 1,000 times a second while the same two pages show the block; host CPU as above, and one page records the ' +
    'intervals between its requestAnimationFrame callbacks (frame times). Idle floor, measured the same way in the same run: a Node process ' +
    'that only runs the native watcher on one byte of the block (bench/fixtures/idle-watcher.cjs), i.e. what its idle poll (every 16 ms once ' +
    'nothing changed for a second) costs by itself; and a thread that does nothing but sleep 16 ms at a time and wake (bench/fixtures/wake-floor.cjs): ' +
    "the machine's own price of a wake-up. A foreign write after 10 s idle: a plain Node process that does not use the addon " +
    '(bench/fixtures/external-writer.cjs with `file`, writing the object through /dev/shm: no lock, no counter, no wake) writes 4 bytes after 10 s with ' +
    'nothing written, 8 times; an inspector page and the bare page (bench/fixtures/page/bare-viewer.js) watch that block, and each stamps when ' +
    'the bytes are in its DOM (paint-detector.js); writer clock to page clock, both epoch ms. ' +
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
    await sleep(ctx.smoke ? 500 : 2000); // the pages' first calls are answered
    // The seconds after the pages opened still hold their start (V8 compiling and
    // collecting what the first calls left, the panels' first looks): recorded
    // apart, and idle is measured after them.
    ctx.log(`settling: ${seconds} s with ${WINDOWS} windows, just after they opened`);
    const settlingRequests = countRequests(pages);
    settlingRequests.start();
    const settling = await sampleHost(host.pid, seconds);
    const settlingRequested = describeRequests(settlingRequests.stop(), seconds);
    ctx.log(`idle: ${seconds} s with ${WINDOWS} windows`);
    const requests = countRequests(pages);
    requests.start();
    const idle = await sampleHost(host.pid, seconds);
    const idleRequests = describeRequests(requests.stop(), seconds);

    ctx.log(`hidden: ${seconds} s with both windows hidden`);
    const hiddenRequestCounter = countRequests(pages);
    hiddenRequestCounter.start();
    for (const page of pages) await setPageHidden(page, true);
    await sleep(1000); // the pages' setVisibility calls are in, and the watcher's last fast polls are over
    const hidden = await sampleHost(host.pid, seconds);
    const hiddenCounts = hiddenRequestCounter.stop();
    const hiddenRequests = describeRequests(hiddenCounts, seconds);
    for (const page of pages) await setPageHidden(page, false);

    ctx.log(`floor: a process running only the native watcher, ${seconds} s`);
    const floor = await measureWatcherFloor(ctx, blockName, seconds);
    ctx.log(`floor: a thread that only wakes every ${IDLE_POLL_MS} ms, ${seconds} s`);
    const wakeFloor = await measureWakeFloor(ctx, seconds);
    ctx.log(`floor: the same while low-priority busy loops keep every core from going idle, ${seconds} s`);
    const busyWakeFloor = await measureWakeFloor(ctx, seconds, availableParallelism());

    ctx.log(`under load: ${WRITES_PER_SECOND} writes/s for ${seconds} s`);
    const { done: writerDone } = await startRateWriter(ctx.root, ctx.cleanup, {
      blockName,
      size: SIZE,
      perSecond: WRITES_PER_SECOND,
      durationMs: seconds * 1000 + 1000,
    });
    await sleep(500);
    const [loaded, frames] = await Promise.all([
      sampleHost(host.pid, seconds),
      runInPage<{ frameTimes: number[]; longTasks: number[] }>(pages[0]!, ctx.root, 'frame-times.js', 'recordFrameTimes', seconds * 1000),
    ]);
    const written = await writerDone;

    const foreignIdleMs = ctx.smoke ? 1000 : FOREIGN_IDLE_MS;
    const foreignRepeats = ctx.smoke ? 1 : FOREIGN_REPEATS;
    ctx.log(`a foreign write after ${foreignIdleMs / 1000} s idle, ${foreignRepeats} time(s), an inspector page and a bare page`);
    const foreign = await measureForeignAfterIdle(ctx, browser, host, foreignRepeats, foreignIdleMs);

    const idleCpu = summarize(idle.perSecond);
    const hiddenCpu = summarize(hidden.perSecond);
    const floorCpu = summarize(floor.perSecond);
    const loadedCpu = summarize(loaded.perSecond);
    const rss = summarize(idle.rss);
    const startStats = summarize(starts.map((start) => start.painted));
    const frameStats = summarize(frames.frameTimes);
    const goals: Goal[] = [
      {
        text: `host CPU, ${WINDOWS} windows on a block nobody writes, ${seconds} s: <= ${GOALS.idleCpuPercent}% of a core`,
        holds: atMost(idle.precise, GOALS.idleCpuPercent) && atMost(idleCpu.median, GOALS.idleCpuPercent),
        figures:
          `${idle.precise.toFixed(2)}% over ${seconds} s from schedstat (${idle.overall.toFixed(1)}% from /proc/<pid>/stat's 10 ms ticks); ` +
          `${percent(idleCpu)}; measured from ${2 + seconds} s after the pages opened; the ${seconds} s before it, from 2 s after: ` +
          `${settling.precise.toFixed(2)}% (watcher ${settling.threads.watcherPercent.toFixed(2)}%, every other thread ` +
          `${settling.threads.restPercent.toFixed(2)}%; ${settlingRequested}); ` +
          `floor (a process running only the native watcher, idle poll every 16 ms): median ${floorCpu.median.toFixed(2)}%; ` +
          idleBreakdown(idle, wakeFloor, busyWakeFloor, idleRequests),
      },
      {
        text: `host CPU, ${WINDOWS} windows hidden, on a block nobody writes, ${seconds} s: <= ${GOALS.hiddenCpuPercent}% of a core`,
        holds: atMost(hidden.precise, GOALS.hiddenCpuPercent) && atMost(hiddenCpu.median, GOALS.hiddenCpuPercent),
        figures:
          `${hidden.precise.toFixed(3)}% over ${seconds} s from schedstat (${hidden.overall.toFixed(1)}% from /proc/<pid>/stat); ` +
          `${percent(hiddenCpu)}; the watcher thread ` +
          `${hidden.threads.watcherPercent.toFixed(3)}% (${hidden.threads.watcherWakesPerSecond.toFixed(1)} wakes/s, a poll every ` +
          `${HIDDEN_POLL_MS} ms while every window of the block is hidden), every other thread ${hidden.threads.restPercent.toFixed(3)}%; ` +
          `${hiddenRequests} (setVisibility sent ${hiddenCounts.get('setVisibility') ?? 0} time(s))`,
      },
      foreignGoal(foreign, foreignIdleMs),
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
            {
              label: 'nobody writes, the first seconds (from 2 s after the pages opened)',
              stats: summarize(settling.perSecond),
              extra: {
                'whole period (schedstat)': settling.precise,
                'whole period (/proc/<pid>/stat)': settling.overall,
                ...threadColumns(settling),
              },
            },
            {
              label: 'nobody writes',
              stats: idleCpu,
              extra: { 'whole period (schedstat)': idle.precise, 'whole period (/proc/<pid>/stat)': idle.overall, ...threadColumns(idle) },
            },
            {
              label: 'nobody writes, both windows hidden',
              stats: hiddenCpu,
              extra: {
                'whole period (schedstat)': hidden.precise,
                'whole period (/proc/<pid>/stat)': hidden.overall,
                ...threadColumns(hidden),
              },
            },
            {
              label: 'floor: a Node process running only the native watcher on 1 byte (idle poll every 16 ms)',
              stats: floorCpu,
              extra: {
                'whole period (schedstat)': floor.precise,
                'whole period (/proc/<pid>/stat)': floor.overall,
                ...threadColumns(floor),
              },
            },
            {
              label: `another process writes ${WRITES_PER_SECOND}/s`,
              stats: loadedCpu,
              extra: {
                'whole period (schedstat)': loaded.precise,
                'whole period (/proc/<pid>/stat)': loaded.overall,
                ...threadColumns(loaded),
              },
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
        {
          title: `A foreign write (no addon: nothing wakes the watcher) after ${foreignIdleMs / 1000} s idle, write to DOM`,
          unit: 'ms',
          rows: [
            ...(foreign.ours.length > 0 ? [{ label: 'inspector page', stats: summarize(foreign.ours) }] : []),
            ...(foreign.bare.length > 0 ? [{ label: 'floor: the bare page, same writes', stats: summarize(foreign.bare) }] : []),
          ],
        },
      ],
      goals,
      notes: [
        `A thread that only sleeps ${IDLE_POLL_MS} ms at a time and wakes (bench/fixtures/wake-floor.cjs, Atomics.wait) costs ` +
          `${wakeFloor.usPerWake.toFixed(1)} µs per wake on this machine (${wakeFloor.wakesPerSecond.toFixed(0)} wakes/s measured); ` +
          `${busyWakeFloor.usPerWake.toFixed(1)} µs while ${availableParallelism()} low-priority busy loops keep every core from going idle ` +
          `(${busyWakeFloor.wakesPerSecond.toFixed(0)} wakes/s): what is left when no core has to be woken from idle.`,
        `The writer made ${written.writes} writes in ${(written.elapsedMs / 1000).toFixed(1)} s (asked: ${WRITES_PER_SECOND}/s).`,
      ],
    };
  },
};
