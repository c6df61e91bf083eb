// `npm run bench`: every measurement, one run, one machine.
//
//   npm run bench                   full counts; writes bench/results.json and docs/BENCHMARKS.md
//   npm run bench -- --smoke        tiny counts; writes to a temp directory (proves the bench works)
//   npm run bench -- --only a,b     only the named measurements (ids below)
//   npm run bench -- --out DIR      write results.json and BENCHMARKS.md into DIR
//   npm run bench -- --allow-unavailable   smoke runs pass even if a dependency is missing
//
// Exit code: non-zero when a measurement throws (and, in smoke mode, when one
// could not run because its dependency is missing, unless --allow-unavailable).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cleanup } from './lib/cleanup';
import { CHROMIUM_PATH } from './lib/browser';
import { describeMachine } from './lib/machine';
import { renderMarkdown, type RunResults } from './lib/report';
import { elapsedMs, nowNs } from './lib/timing';
import { Unavailable, type BenchContext, type Measurement, type MeasurementResult } from './lib/types';
import { nativeCalls } from './measurements/native-calls';
import { writeToPaint } from './measurements/write-to-paint';
import { contractRoundTrip } from './measurements/contract-round-trip';
import { childReaders } from './measurements/child-readers';
import { scaleWatcher } from './measurements/scale-watcher';
import { scaleRenderer } from './measurements/scale-renderer';
import { hostCost } from './measurements/host-cost';
import { searchScan } from './measurements/search-scan';
import { historyCost } from './measurements/history-cost';
import { windowsCalls } from './measurements/windows-calls';
import { blockMap } from './measurements/block-map';
import { listing } from './measurements/listing';
import { plotCost } from './measurements/plot-cost';

const MEASUREMENTS: Measurement[] = [
  nativeCalls,
  writeToPaint,
  contractRoundTrip,
  childReaders,
  scaleWatcher,
  scaleRenderer,
  hostCost,
  searchScan,
  historyCost,
  windowsCalls,
  blockMap,
  listing,
  plotCost,
];

interface Options {
  smoke: boolean;
  only: string[] | null;
  outDir: string | null;
  allowUnavailable: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { smoke: false, only: null, outDir: null, allowUnavailable: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--smoke') options.smoke = true;
    else if (arg === '--allow-unavailable') options.allowUnavailable = true;
    else if (arg === '--only') options.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg === '--out') options.outDir = argv[++i] ?? null;
    else throw new Error(`unknown option ${arg} (see bench/run.ts for the options)`);
  }
  const unknown = options.only?.filter((id) => !MEASUREMENTS.some((m) => m.id === id)) ?? [];
  if (unknown.length > 0)
    throw new Error(`unknown measurement(s) ${unknown.join(', ')}; known: ${MEASUREMENTS.map((m) => m.id).join(', ')}`);
  return options;
}

/** A path as the user can paste it: relative when inside the working directory. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

async function runOne(measurement: Measurement, ctx: BenchContext): Promise<MeasurementResult> {
  const start = nowNs();
  const base = { id: measurement.id, title: measurement.title, method: measurement.method };
  try {
    const output = await measurement.run(ctx);
    const partial = output.tables.some((t) => t.unavailable !== undefined);
    return { ...base, ...output, status: partial ? 'partial' : 'ok', durationMs: elapsedMs(start) };
  } catch (error) {
    const unavailable = error instanceof Unavailable;
    const reason = error instanceof Error ? (unavailable ? error.message : (error.stack ?? error.message)) : String(error);
    if (!unavailable) log(`${measurement.id} FAILED: ${reason}`);
    return {
      ...base,
      tables: [],
      goals: [],
      notes: [],
      status: unavailable ? 'unavailable' : 'error',
      reason,
      durationMs: elapsedMs(start),
    };
  } finally {
    await ctx.cleanup.runAll(log);
  }
}

function outputDir(root: string, options: Options): { json: string; markdown: string } {
  if (options.outDir) return { json: join(options.outDir, 'results.json'), markdown: join(options.outDir, 'BENCHMARKS.md') };
  if (options.smoke) {
    const dir = mkdtempSync(join(os.tmpdir(), 'shm-inspector-bench-smoke-'));
    return { json: join(dir, 'results.json'), markdown: join(dir, 'BENCHMARKS.md') };
  }
  return { json: join(root, 'bench', 'results.json'), markdown: join(root, 'docs', 'BENCHMARKS.md') };
}

/** Runs the measurements one after another; null when interrupted (Ctrl-C), after cleaning up. */
async function runMeasurements(root: string, selected: Measurement[], smoke: boolean): Promise<MeasurementResult[] | null> {
  // A Ctrl-C must still unlink blocks and kill children: run the current cleanup, then leave.
  let current: Cleanup | null = null;
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals) => {
    interrupted = true;
    log(`${signal}: cleaning up`);
    void (current?.runAll(log) ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);

  const results: MeasurementResult[] = [];
  for (const measurement of selected) {
    log(`${measurement.id}: ${measurement.title}`);
    current = new Cleanup();
    const result = await runOne(measurement, { smoke, root, cleanup: current, log: (m) => log(`  ${m}`) });
    log(
      `${measurement.id}: ${result.status}${result.status === 'unavailable' ? ` (${result.reason})` : ''} in ${(result.durationMs / 1000).toFixed(1)} s`,
    );
    results.push(result);
    // An interrupted run writes nothing: a partial run must not replace the committed figures.
    if (interrupted) return null;
  }
  return results;
}

function writeOutputs(root: string, options: Options, run: RunResults): void {
  const paths = outputDir(root, options);
  for (const path of [paths.json, paths.markdown]) mkdirSync(dirname(path), { recursive: true });
  writeFileSync(paths.json, JSON.stringify(run, null, 2) + '\n');
  writeFileSync(paths.markdown, renderMarkdown(run));
  log(`wrote ${shown(paths.json)} and ${shown(paths.markdown)}`);
}

/** Non-zero when a measurement threw, or (smoke mode) could not run. Goals that do not hold are findings, not failures. */
function exitCode(results: MeasurementResult[], options: Options): number {
  for (const m of results) for (const g of m.goals) log(`goal ${g.holds ? 'holds' : 'DOES NOT HOLD'}: ${m.id}: ${g.text} — ${g.figures}`);
  const failed = results.filter((r) => r.status === 'error');
  const missing = results.filter((r) => r.status === 'unavailable' || r.status === 'partial');
  if (failed.length > 0) {
    log(`${failed.length} measurement(s) failed: ${failed.map((r) => r.id).join(', ')}`);
    return 1;
  }
  if (options.smoke && !options.allowUnavailable && missing.length > 0) {
    log(`${missing.length} measurement(s) could not run: ${missing.map((r) => `${r.id}${r.reason ? ` (${r.reason})` : ''}`).join(', ')}`);
    return 1;
  }
  return 0;
}

async function main(): Promise<number> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const options = parseOptions(process.argv.slice(2));
  const selected = MEASUREMENTS.filter((m) => options.only === null || options.only.includes(m.id));
  const startedAt = new Date().toISOString();
  const start = nowNs();
  const results = await runMeasurements(root, selected, options.smoke);
  if (results === null) return 130;
  writeOutputs(root, options, {
    mode: options.smoke ? 'smoke' : 'full',
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: describeMachine(root, CHROMIUM_PATH),
    startedAt,
    durationS: elapsedMs(start) / 1000,
    measurements: results,
  });
  return exitCode(results, options);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(2);
  },
);
