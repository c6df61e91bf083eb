// 5b. Scale, renderer: frame times while the hex view scrolls from the first
// row to the last, for blocks of 4 KiB to 256 MiB. Flat means the virtualized
// view costs what it shows, not the block.
import { launchChromium } from '../lib/browser';
import { formatSize, uniqueBlockName } from '../lib/blocks';
import { loadNative, openOwnBlock, type NativeApi } from '../lib/deps';
import { startBrowserHost, type RunningHost } from '../lib/host';
import { openInspectorPage, runInPage } from '../lib/page-probe';
import { rendererForBench } from '../lib/renderer-build';
import { ratio, summarize, type Summary } from '../lib/stats';
import { pollUntil } from '../lib/timing';
import type { Browser, Page } from '@playwright/test';
import type { BenchContext, Goal, Measurement } from '../lib/types';
import { SCALE_SIZES } from './scale-watcher';
import { flatWithin } from '../lib/verdicts';

const FRAME_MS = 1000 / 60;
const FLAT_FACTOR = 2;
const BYTES_PER_ROW = 16;

export interface SizeResult {
  size: number;
  frames: Summary;
  /** Frames that took longer than one 60 Hz frame (plus a margin for timer jitter). */
  slowFrames: number;
  /** The page's own long tasks (>= 50 ms of main-thread work) during the scroll. */
  longTasks: number[];
}

/**
 * Drags the scrollbar thumb from the top of its track past the bottom with
 * real mouse input, one move per animation frame, while the page records its
 * frame times.
 */
async function dragThumbToEnd(page: Page, root: string, steps: number): Promise<{ frameTimes: number[]; longTasks: number[] }> {
  const track = await page.locator('[data-testid="hex-scrollbar"]').boundingBox();
  const thumb = await page.locator('[data-testid="hex-scrollbar-thumb"]').boundingBox();
  if (!track || !thumb) throw new Error('the hex view has no scrollbar thumb to drag');
  const x = thumb.x + thumb.width / 2;
  const startY = thumb.y + thumb.height / 2;
  const endY = track.y + track.height + 20; // past the end: the view clamps to its last row
  await runInPage(page, root, 'scroll-driver.js', 'startFrameRecorder', null);
  await page.mouse.move(x, startY);
  await page.mouse.down();
  for (let step = 1; step <= steps; step++) {
    await page.mouse.move(x, startY + ((endY - startY) * step) / steps);
    await runInPage(page, root, 'scroll-driver.js', 'nextFrame', null);
  }
  await page.mouse.up();
  return runInPage(page, root, 'scroll-driver.js', 'stopFrameRecorder', null);
}

async function measureSize(
  ctx: BenchContext,
  browser: Browser,
  host: RunningHost,
  native: NativeApi,
  size: number,
  steps: number,
): Promise<SizeResult> {
  const name = uniqueBlockName(`r${size}`);
  openOwnBlock(native, ctx.cleanup, name, size);
  const url = new URL(host.url);
  url.searchParams.set('block', name);
  url.searchParams.set('size', String(size));
  const context = await browser.newContext();
  ctx.cleanup.add(`close context ${formatSize(size)}`, () => context.close());
  const page = await openInspectorPage(context, ctx.root, url.toString());
  const { frameTimes, longTasks } = await dragThumbToEnd(page, ctx.root, steps);
  const lastRow = size - BYTES_PER_ROW;
  await pollUntil(
    async () => {
      const shown = await runInPage<{ offset: number; loaded: boolean } | null>(page, ctx.root, 'scroll-driver.js', 'lastRowShown', null);
      return shown && shown.offset === lastRow && shown.loaded ? true : undefined;
    },
    30_000,
    `the hex view of ${formatSize(size)} to show its last row (offset ${lastRow}) with its bytes`,
  );
  await context.close();
  return { size, frames: summarize(frameTimes), slowFrames: frameTimes.filter((t) => t > FRAME_MS * 1.5).length, longTasks };
}

export function flatGoal(results: SizeResult[], pick: 'median' | 'p99'): Goal {
  const values = results.map((r) => r.frames[pick]);
  const spread = Math.max(...values) / Math.min(...values);
  return {
    text: `renderer frame time while scrolling (${pick}): flat within ${FLAT_FACTOR}x from ${formatSize(results[0]!.size)} to ${formatSize(results[results.length - 1]!.size)}`,
    holds: flatWithin(values, FLAT_FACTOR),
    figures:
      results.map((r) => `${formatSize(r.size)} ${r.frames[pick].toFixed(1)} ms`).join(', ') +
      ` (max/min = ${spread.toFixed(2)}x; n=${results.map((r) => r.frames.n).join('/')} frames)`,
  };
}

export const scaleRenderer: Measurement = {
  id: 'scale-renderer',
  title: '5b. Scale: renderer frame time while scrolling',
  method:
    'The browser host in its own process; one headless Chromium page per block size opens the block (`?block=&size=`). Playwright drags the hex ' +
    "view's scrollbar thumb with real mouse input from the top of its track past the bottom, one mouse move per animation frame, while the page " +
    'records the intervals between consecutive requestAnimationFrame callbacks (frame times; 16.7 ms is a frame on time) and its long tasks. ' +
    "Afterwards the last row must be the block's last and show real bytes, which proves the drag reached the end.",
  async run(ctx) {
    const native = loadNative(ctx.root);
    const hostDir = rendererForBench(ctx.root, ctx.log);
    const steps = ctx.smoke ? 10 : 300;
    const host = await startBrowserHost(ctx.root, ctx.cleanup, hostDir);
    const browser = await launchChromium(ctx.cleanup);

    const results: SizeResult[] = [];
    // A smoke run scrolls the smallest and the largest block: the sizes between run the same code.
    const sizes = ctx.smoke ? [SCALE_SIZES[0]!, SCALE_SIZES[SCALE_SIZES.length - 1]!] : SCALE_SIZES;
    for (const size of sizes) {
      ctx.log(`${formatSize(size)}: ${steps} scroll steps`);
      results.push(await measureSize(ctx, browser, host, native, size, steps));
    }

    return {
      tables: [
        {
          title: `Frame times while scrolling start to end (${steps} steps)`,
          unit: 'ms per frame',
          rows: results.map((r) => ({
            label: formatSize(r.size),
            stats: r.frames,
            extra: {
              [`x ${formatSize(results[0]!.size)} (p99)`]: ratio(r.frames.p99, results[0]!.frames.p99),
              'frames > 25 ms': r.slowFrames,
              'long tasks (>= 50 ms)': r.longTasks.length,
              'longest task (ms)': r.longTasks.length > 0 ? Math.max(...r.longTasks) : 0,
            },
          })),
        },
      ],
      goals: [flatGoal(results, 'median'), flatGoal(results, 'p99')],
      notes: ['Headless Chromium paints without a GPU (--disable-gpu); frame times include style, layout and paint of the visible rows.'],
    };
  },
};
