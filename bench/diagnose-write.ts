// Where one write's main-thread time goes in an inspector page: not a
// measurement (`npm run bench` is), a diagnostic to find what to cut.
//
//   npx tsx bench/diagnose-write.ts [writes=100]
//
// One browser host, one headless page on a 4 KiB block, and a separate process
// writing 4 bytes at offset 0 every 40-50 ms, as the write-to-paint benchmark
// does. Always printed: Chromium's Performance.getMetrics per write (thread
// time: task, script, style, layout, the rest) and the page's calls to the
// host during the writes. Options, as environment variables:
//
//   TRACE=1           a timeline trace: main-thread events per write (count, wall and
//                     thread ms), self time per event, the paint time of each paint
//                     layer's root element, each Layout's dirty objects, the DOM
//                     mutations per write; the trace is kept in bench/tmp/diagnose-write/
//   INVALIDATIONS=1   with TRACE: which elements were invalidated and why (slows the page)
//   PROFILE=1         the JS CPU profile: inclusive and self time per function (with
//                     UNMINIFIED=1, the renderer is built unminified, for readable names)
//   CURSOR=<offset>   click that byte first (the data inspector follows the cursor)
//   CSS=<rules>       extra CSS, to try a change without a rebuild
//   SCRIPT=<source>   a script evaluated in the page before the writes
//   RENDERS=1         which React components rendered during the writes, per write (a
//                     devtools hook installed before the app loads; names need UNMINIFIED=1)
//
// Thread times move with the machine's load: compare variants in alternation.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { Cleanup } from './lib/cleanup';
import { launchChromium } from './lib/browser';
import { uniqueBlockName } from './lib/blocks';
import { loadNative, openOwnBlock } from './lib/deps';
import { startBrowserHost } from './lib/host';
import { openInspectorPage } from './lib/page-probe';
import { rendererForBench } from './lib/renderer-build';
import { sleep } from './lib/timing';
import { ExternalWriter } from './lib/writer';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'bench', 'tmp', 'diagnose-write');
const WRITES = Number(process.argv[2] ?? 100);
const SIZE = 4096;
const env = process.env;
const TRACE = env.TRACE === '1';
const PROFILE = env.PROFILE === '1';
const CURSOR = env.CURSOR === undefined ? null : Number(env.CURSOR);

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; beginData?: unknown; data?: Record<string, unknown> };
  children?: TraceEvent[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  endTime: number;
}

/** Adds `amount` to `key`'s total. */
function tally<K>(map: Map<K, number>, key: K, amount = 1): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

/** The `limit` largest entries, each divided by the number of writes. */
function perWrite(map: Map<string, number>, limit: number, scale = 1): string[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, value]) => `${((value * scale) / WRITES).toFixed(3)}  ${key}`);
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** Counts the page's DOM mutations by kind and place (the element's nearest three ancestors). */
const MUTATION_TAP = `(() => {
  const seen = new Map();
  const where = (node) => {
    let path = '';
    for (let e = node.nodeType === 1 ? node : node.parentElement, i = 0; e && i < 3; e = e.parentElement, i++)
      path = (e.getAttribute('data-testid') || e.className || e.tagName) + '>' + path;
    return path;
  };
  new MutationObserver((records) => {
    for (const r of records) {
      const key = r.type + ' ' + (r.attributeName || '') + ' ' + where(r.target);
      seen.set(key, (seen.get(key) || 0) + 1);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  window.__diagnoseMutations = seen;
})()`;

/**
 * A React devtools hook that counts, per component name, the renders of each
 * commit once armed: a fiber counts when it performed work and its state or
 * props are other objects than at its last count (a subtree React skipped
 * keeps its old fibers, flags included).
 */
const RENDER_TAP = `(() => {
  const counts = new Map();
  const last = new WeakMap();
  let armed = false;
  const walk = (first) => {
    for (let f = first; f; f = f.sibling) {
      if (armed && (f.flags & 1) && typeof f.type === 'function') {
        const seen = last.get(f);
        if (!seen || seen.props !== f.memoizedProps || seen.state !== f.memoizedState) {
          const name = f.type.displayName || f.type.name || '(anonymous)';
          counts.set(name, (counts.get(name) || 0) + 1);
        }
      }
      last.set(f, { props: f.memoizedProps, state: f.memoizedState });
      walk(f.child);
    }
  };
  window.__diagnoseRenders = { arm: () => { armed = true; counts.clear(); }, counts: () => [...counts] };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, renderers: new Map(), isDisabled: false,
    inject: () => 1, checkDCE: () => undefined, onCommitFiberUnmount: () => undefined, onPostCommitFiberRoot: () => undefined,
    onCommitFiberRoot: (_id, root) => walk(root.current),
  };
})()`;

async function preparePage(page: Page): Promise<void> {
  if (env.CSS) await page.addStyleTag({ content: env.CSS });
  if (env.SCRIPT) await page.evaluate(env.SCRIPT);
  if (CURSOR !== null) await page.locator(`[data-testid="hex-byte"][data-offset="${CURSOR}"]`).click();
  if (TRACE) await page.evaluate(MUTATION_TAP);
}

async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (batch) => events.push(...(batch.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  const invalidations = env.INVALIDATIONS === '1' ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : [];
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'v8.execute', ...invalidations],
    },
  });
  return async () => {
    await cdp.send('Tracing.end');
    await complete;
    return events;
  };
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  try {
    const native = loadNative(root);
    const hostDir = rendererForBench(root, console.log);
    const blockName = uniqueBlockName('diag');
    openOwnBlock(native, cleanup, blockName, SIZE);
    const host = await startBrowserHost(root, cleanup, hostDir);
    const writer = await ExternalWriter.start(root, blockName, SIZE, cleanup);
    const browser = await launchChromium(cleanup);
    const url = new URL(host.url);
    url.searchParams.set('block', blockName);
    url.searchParams.set('size', String(SIZE));
    const context = await browser.newContext({ bypassCSP: true }); // CSS= and SCRIPT= are inline
    if (env.RENDERS) await context.addInitScript(RENDER_TAP);
    const page = await openInspectorPage(context, root, url.toString());
    await preparePage(page);
    await sleep(2000);
    if (env.RENDERS) await page.evaluate('window.__diagnoseRenders.arm()');

    const requests = new Map<string, number>();
    page.on('request', (request) => tally(requests, new URL(request.url()).pathname));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const endTrace = TRACE ? await startTrace(cdp) : null;
    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const before = await metrics(cdp);
    for (let seq = 0; seq < WRITES; seq++) {
      await writer.write(seq, 0, Uint8Array.of(0x80 | (seq & 0x7f), seq & 0xff, 0x11, 0x22));
      await sleep(40 + Math.random() * 10);
    }
    await sleep(200);
    const after = await metrics(cdp);
    const profile = PROFILE ? ((await cdp.send('Profiler.stop')).profile as unknown as CpuProfile) : null;
    const events = endTrace ? await endTrace() : null;

    reportMetrics(before, after);
    if (env.RENDERS) {
      const renders = (await page.evaluate('window.__diagnoseRenders.counts()')) as [string, number][];
      const perWrite = renders.sort((a, b) => b[1] - a[1]).map(([name, count]) => `${name} ${(count / WRITES).toFixed(2)}`);
      console.log(`--- React renders per write: ${perWrite.join(', ') || 'none'}`);
    }
    console.log(`--- calls to the host during ${WRITES} writes: ${JSON.stringify([...requests])}`);
    mkdirSync(outDir, { recursive: true });
    if (events) {
      writeFileSync(join(outDir, 'trace.json'), JSON.stringify({ traceEvents: events }));
      reportTrace(events);
      const mutations = (await page.evaluate('[...window.__diagnoseMutations]')) as [string, number][];
      console.log('--- DOM mutations per write\n' + perWrite(new Map(mutations), 40).join('\n'));
    }
    if (profile) {
      writeFileSync(join(outDir, 'profile.cpuprofile'), JSON.stringify(profile));
      reportProfile(profile);
    }
  } finally {
    await cleanup.runAll(console.log);
  }
}

function reportMetrics(before: Record<string, number>, after: Record<string, number>): void {
  const per = (key: string) => ((after[key] ?? 0) - (before[key] ?? 0)) / WRITES;
  const ms = (key: string) => per(key) * 1000;
  const rest = ms('TaskDuration') - ms('ScriptDuration') - ms('RecalcStyleDuration') - ms('LayoutDuration');
  console.log(
    `--- main thread per write (ms): task ${ms('TaskDuration').toFixed(2)}, script ${ms('ScriptDuration').toFixed(2)}, ` +
      `style ${ms('RecalcStyleDuration').toFixed(2)}, layout ${ms('LayoutDuration').toFixed(2)}, the rest ${rest.toFixed(2)}; ` +
      `layouts ${per('LayoutCount').toFixed(2)}, style recalcs ${per('RecalcStyleCount').toFixed(2)}`,
  );
}

/** Nests the main thread's complete events by time, so each one's self time is its own minus its children's. */
function mainThreadTree(events: TraceEvent[]): TraceEvent[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const complete = events
    .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const roots: TraceEvent[] = [];
  const open: TraceEvent[] = [];
  for (const event of complete) {
    event.children = [];
    while (open.length > 0 && open.at(-1)!.ts + open.at(-1)!.dur! <= event.ts) open.pop();
    (open.at(-1)?.children ?? roots).push(event);
    open.push(event);
  }
  return roots;
}

function reportTrace(events: TraceEvent[]): void {
  const roots = mainThreadTree(events);
  const count = new Map<string, number>();
  const thread = new Map<string, number>();
  const self = new Map<string, number>();
  const paintSelf = new Map<string, number>();
  const layouts: unknown[] = [];
  const visit = (event: TraceEvent): void => {
    const own = (event.tdur ?? 0) - event.children!.reduce((sum, child) => sum + (child.tdur ?? 0), 0);
    tally(count, event.name);
    tally(thread, event.name, event.tdur ?? 0);
    tally(self, event.name, own);
    if (event.name === 'Paint') {
      const nested = event.children!.filter((c) => c.name === 'Paint').reduce((sum, c) => sum + (c.tdur ?? 0), 0);
      tally(paintSelf, String(event.args?.data?.nodeName ?? '?'), (event.tdur ?? 0) - nested);
    }
    if (event.name === 'Layout') layouts.push(event.args?.beginData);
    event.children!.forEach(visit);
  };
  roots.forEach(visit);
  console.log('--- main-thread events per write: thread ms (count)');
  console.log(
    perWrite(thread, 40, 1e-3)
      .map((line) => `${line} (${(count.get(line.split('  ')[1]!)! / WRITES).toFixed(2)})`)
      .join('\n'),
  );
  console.log('--- self thread ms per write\n' + perWrite(self, 25, 1e-3).join('\n'));
  console.log(
    "--- paint per write, by paint layer's root element (thread ms, its nested layers excluded)\n" +
      perWrite(paintSelf, 12, 1e-3).join('\n'),
  );
  console.log(
    '--- the first layouts: ' +
      layouts
        .slice(0, 4)
        .map((l) => JSON.stringify(l))
        .join(' '),
  );
  const invalidated = new Map<string, number>();
  for (const event of events.filter((e) => e.name.includes('InvalidationTracking'))) {
    const d = event.args?.data ?? {};
    tally(invalidated, `${event.name} ${String(d.nodeName ?? '')} ${String(d.reason ?? '')}`);
  }
  if (invalidated.size > 0) console.log('--- invalidations per write\n' + perWrite(invalidated, 30).join('\n'));
}

function reportProfile(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const samples = new Map<number, number>();
  for (const id of profile.samples) tally(samples, id);
  const sampleMs = (profile.endTime - profile.startTime) / profile.samples.length / 1000;
  const name = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, n] of samples) {
    tally(self, name(id), n * sampleMs);
    const onStack = new Set<string>(); // a recursive function counts once per sample
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) onStack.add(name(at));
    for (const key of onStack) tally(inclusive, key, n * sampleMs);
  }
  console.log('--- JS inclusive ms per write\n' + perWrite(inclusive, 60).join('\n'));
  console.log('--- JS self ms per write\n' + perWrite(self, 30).join('\n'));
}

await main();
