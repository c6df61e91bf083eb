// Drives the inspector's pages for the benchmark. The code that runs inside a
// page lives in bench/fixtures/page/*.js and is sent as source text, so no
// bundler helper (tsx's __name) can leak into it; it uses only the UI's
// data-testid hooks, like the end-to-end tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { epochMs, pollUntil } from './timing';

/** One page's view of one write; every time is epoch ms in the page's clock, except detectedAt (the host's). */
export interface PaintReport {
  seq: number;
  /** When the watcher (in the host) saw the change, from the latest blockChanged event; null if none was tapped. */
  detectedAt: number | null;
  /** When the page received that event (before the app's own listener ran). */
  receivedAt: number | null;
  /** When the MutationObserver saw the new bytes in the hex view's DOM. */
  domAt: number;
  /** The requestAnimationFrame callback after that: the frame that paints them begins. */
  rafAt: number;
  /** A task queued from that callback, run once the frame's rendering steps are done. */
  afterFrameAt: number;
}

const pageSources = new Map<string, string>();

/** Calls `entry(arg)` from bench/fixtures/page/<file> inside the page. */
export async function runInPage<T>(page: Page, root: string, file: string, entry: string, arg: unknown): Promise<T> {
  const path = join(root, 'bench', 'fixtures', 'page', file);
  let source = pageSources.get(path);
  if (source === undefined) pageSources.set(path, (source = readFileSync(path, 'utf8')));
  return page.evaluate(`${source}\n;${entry}(${JSON.stringify(arg)})`) as Promise<T>;
}

/**
 * Opens one inspector page in its own context (its own window: never a
 * throttled background tab). With `onPainted`, the event tap goes in before
 * the app's scripts and the paint detector's binding is exposed.
 */
export async function openInspectorPage(
  context: BrowserContext,
  root: string,
  url: string,
  onPainted?: (report: PaintReport) => void,
): Promise<Page> {
  if (onPainted) {
    await context.addInitScript({ path: join(root, 'bench', 'fixtures', 'page', 'event-tap.js') });
    await context.exposeBinding('__benchPainted', (_source, report: PaintReport) => onPainted(report));
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  await page.goto(url);
  const firstByte = page.locator('[data-testid="hex-byte"][data-offset="0"]').first();
  // The bytes arrive after the page's watch call returns: wait until they are real, not placeholders.
  try {
    await pollUntil(
      async () => (/^[0-9A-F]{2}$/.test((await firstByte.textContent({ timeout: 1000 }).catch(() => '')) ?? '') ? true : undefined),
      30_000,
      "the hex view to show the block's bytes",
    );
  } catch (error) {
    const shown = (
      await page
        .locator('body')
        .innerText()
        .catch(() => '')
    )
      .replace(/\s+/g, ' ')
      .slice(0, 300);
    throw new Error(`${(error as Error).message}; the page shows: "${shown}"; ${problems.slice(0, 5).join('; ') || 'no page errors'}`, {
      cause: error,
    });
  }
  return page;
}

/**
 * Opens the floor's bare page (bench/fixtures/page/bare-viewer.js) in its own
 * context, at a path of the host's origin that serves none of the app, with
 * the same event tap and paint binding as an inspector page.
 */
export async function openBarePage(
  context: BrowserContext,
  root: string,
  hostUrl: string,
  blockName: string,
  byteCount: number,
  onPainted: (report: PaintReport) => void,
): Promise<Page> {
  await context.addInitScript({ path: join(root, 'bench', 'fixtures', 'page', 'event-tap.js') });
  await context.exposeBinding('__benchPainted', (_source, report: PaintReport) => onPainted(report));
  const page = await context.newPage();
  const url = new URL(hostUrl);
  url.pathname = '/bench-bare-page'; // not a file of the app: the host answers 404, and the page is ours
  await page.goto(url.toString());
  await runInPage(page, root, 'bare-viewer.js', 'startBareViewer', { name: blockName, count: byteCount });
  return page;
}

export function installPaintDetector(page: Page, root: string, byteCount: number): Promise<void> {
  return runInPage(page, root, 'paint-detector.js', 'installPaintDetector', byteCount);
}

export async function armPaintDetector(page: Page, seq: number, hex: string): Promise<void> {
  await page.evaluate(`window.__benchArm(${seq}, ${JSON.stringify(hex)})`);
}

/** The page's clock minus ours (ms), from the evaluate round trip with the smallest delay. */
export async function pageClockOffset(page: Page, rounds = 20): Promise<{ offsetMs: number; rttMs: number }> {
  let best = { offsetMs: 0, rttMs: Infinity };
  for (let i = 0; i < rounds; i++) {
    const sent = epochMs();
    const pageNow = (await page.evaluate('performance.timeOrigin + performance.now()')) as number;
    const received = epochMs();
    if (received - sent < best.rttMs) best = { offsetMs: pageNow - (sent + received) / 2, rttMs: received - sent };
  }
  return best;
}

/** Main-thread time a page spent, in ms, from Chromium's Performance.getMetrics (load-insensitive next to wall-clock latency). */
export interface MainThreadTime {
  /** Every task on the main thread. */
  task: number;
  script: number;
  style: number;
  layout: number;
}

const METRIC_NAMES: Record<keyof MainThreadTime, string> = {
  task: 'TaskDuration',
  script: 'ScriptDuration',
  style: 'RecalcStyleDuration',
  layout: 'LayoutDuration',
};

/**
 * Starts counting a page's main-thread time; the returned function gives the
 * time spent since (ms). Paint is not a metric of its own: it is in `task`.
 */
export async function meterMainThread(page: Page): Promise<() => Promise<MainThreadTime>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const read = async (): Promise<MainThreadTime> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
    return {
      task: value(METRIC_NAMES.task),
      script: value(METRIC_NAMES.script),
      style: value(METRIC_NAMES.style),
      layout: value(METRIC_NAMES.layout),
    };
  };
  const start = await read();
  return async () => {
    const end = await read();
    return {
      task: end.task - start.task,
      script: end.script - start.script,
      style: end.style - start.style,
      layout: end.layout - start.layout,
    };
  };
}

/** CPU time (ms) the browser's processes of each type spent, every thread counted (the compositor's and raster's too). */
export type ProcessCpu = Record<string, number>;

/**
 * Starts counting the CPU time of a browser's processes by type ("renderer",
 * "GPU", ...); the returned function gives the time spent since (ms). A
 * process that exits before the reading is left out.
 */
export async function meterBrowserProcesses(browser: Browser): Promise<() => Promise<ProcessCpu>> {
  const cdp = await browser.newBrowserCDPSession();
  const read = async () => (await cdp.send('SystemInfo.getProcessInfo')).processInfo;
  const start = new Map((await read()).map((p) => [p.id, p.cpuTime]));
  return async () => {
    const spent: ProcessCpu = {};
    for (const p of await read()) spent[p.type] = (spent[p.type] ?? 0) + (p.cpuTime - (start.get(p.id) ?? 0)) * 1000;
    await cdp.detach();
    return spent;
  };
}
