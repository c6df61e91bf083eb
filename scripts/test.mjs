// `npm test`: every suite this machine can run, in order, then one summary line.
//   1. type-check (main, preload, core, hosts, renderer, tests), ESLint with
//      zero warnings, Prettier's format check
//   2. build: the native addon and reader (when missing or stale), the app
//      (electron-vite), the CLI (vite), the sanitized addon, the Windows build.
//      Steps 1 and 2 are two lanes that run side by side: every step in them is
//      a compiler or a checker, nothing timed, so sharing the two cores costs
//      no test its margins, and the lanes take about the time of the longer.
//   3. unit, native and host tests (vitest)
//   4. the native layer under ASan + UBSan, with fuzzing (npm run test:sanitize,
//      a 40 s fuzz budget): its native tests count like the others, each of
//      its build, fuzz and "no findings" steps counts as one test; beside it,
//   5. the Windows backend and Windows Node under wine (tests/win), then
//      the benchmark's smoke mode, to prove it still runs (no timing is judged)
//   6. end to end: Playwright on Debian Chromium against the browser host, and
//      the Electron suite (which skips, saying why, where Electron's binary is absent)
// Each suite's counts are read from its JSON report; the last line is
// "tests: N passed, N failed, N skipped". Exit status is non-zero if anything failed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NATIVE_SOURCES, isStale, under } from './freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reports = join(root, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];
// The failed tests by name, printed again at the end: CI keeps only the tail
// of a run's output, and a failure far above it would go unnamed.
const failedTests = [];

function bin(pkg, file) {
  return join(root, 'node_modules', pkg, file);
}

function step(title, command, args, env = {}) {
  console.log(`\n=== ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  console.log(
    `=== ${title}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (!ok) failedSteps.push(title);
  return ok;
}

/**
 * Like step(), for a lane that runs beside another: its output is kept and
 * printed in one piece when it ends, so two lanes' logs do not interleave.
 */
function quietStep(title, command, args, { reportCounts = false } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      const ok = code === 0;
      process.stdout.write(`\n=== ${title}\n${Buffer.concat(output).toString()}`);
      console.log(`=== ${title}: ${ok ? 'ok' : `FAILED (exit ${code ?? signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (!ok) failedSteps.push(title);
      // A suite whose report counts its failures adds none here.
      if (!ok && !reportCounts) totals.failed += 1;
      resolve(ok);
    });
  });
}

/** Runs each lane's steps in order, the lanes side by side. */
async function lanes(...laneSteps) {
  await Promise.all(
    laneSteps.map(async (steps) => {
      for (const [title, command, args, options] of steps) await quietStep(title, command, args, options);
    }),
  );
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Adds a suite's counts; a suite that wrote no report counts as one failure. */
function countVitest(title, path) {
  const report = readJson(path);
  if (!report) return void ((totals.failed += 1), failedSteps.push(`${title} (no report)`));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  for (const file of report.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'failed') failedTests.push(`${relative(root, file.name)} › ${test.fullName}`);
    }
  }
}

/** Every spec in a Playwright report's suite tree, with its file. */
function* playwrightSpecs(suites) {
  for (const suite of suites ?? []) {
    yield* suite.specs ?? [];
    yield* playwrightSpecs(suite.suites);
  }
}

function countPlaywright(title, path) {
  const report = readJson(path);
  if (!report) return void ((totals.failed += 1), failedSteps.push(`${title} (no report)`));
  totals.passed += report.stats.expected + report.stats.flaky;
  totals.failed += report.stats.unexpected;
  totals.skipped += report.stats.skipped;
  for (const spec of playwrightSpecs(report.suites)) {
    if (!spec.ok) failedTests.push(`${spec.file}:${spec.line} › ${spec.title}`);
  }
}

/** The sanitizer run's own steps (builds, fuzzers, "no findings"), one test each. */
function countSanitizeSteps(path) {
  const report = readJson(path);
  if (!report) return void ((totals.failed += 1), failedSteps.push('sanitize (no report)'));
  totals.passed += report.passed;
  totals.failed += report.failed;
}

const node = process.execPath;
const vitest = bin('vitest', 'vitest.mjs');

const canCrossBuild = spawnSync('sh', ['-c', 'command -v x86_64-w64-mingw32-g++ && command -v wine'], { stdio: 'ignore' }).status === 0;

// Rebuilt when missing or older than its sources: a stale addon would test yesterday's native code.
const nativeSources = under(root, NATIVE_SOURCES);
const buildNative = isStale(join(root, 'native', 'build', 'Release', 'shm_native.node'), nativeSources);
await lanes(
  [
    ...['tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.tests.json'].map((config) => [
      `type-check (${config})`,
      node,
      [bin('typescript', 'bin/tsc'), '--noEmit', '-p', config],
    ]),
    ['lint (ESLint, zero warnings)', node, [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.']],
    ['format (Prettier, check only)', node, [bin('prettier', 'bin/prettier.cjs'), '--check', '.']],
  ],
  [
    ...(buildNative ? [['build native addon', node, [bin('node-gyp', 'bin/node-gyp.js'), 'rebuild', '--directory', 'native']]] : []),
    ['build app', node, [bin('electron-vite', 'bin/electron-vite.js'), 'build']],
    ['build CLI (shm-inspector)', node, [bin('vite', 'bin/vite.js'), 'build', '--config', 'vite.cli.config.ts']],
    ['build the sanitized addon (ASan + UBSan)', node, [join(root, 'scripts', 'sanitize.mjs'), '--build-only']],
    ...(canCrossBuild ? [['build Windows backend (mingw-w64)', 'bash', ['native/win/build.sh']]] : []),
  ],
);

step('unit, native and host tests', node, [
  vitest,
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${join(reports, 'vitest.json')}`,
]);
countVitest('unit, native and host tests', join(reports, 'vitest.json'));

// The sanitizer run beside the Windows suite and then the benchmark's smoke
// run: the fuzzers run for a fixed time whatever the load, the wine tests
// mostly wait for wine's processes to start, with deadlines in seconds, and
// the smoke run judges no figure. 40 s of fuzzing keeps npm
// test under its 15 minutes; a longer hunt is
// `npm run test:sanitize -- --fuzz-seconds 600`.
await lanes(
  [
    [
      'native layer under ASan + UBSan, and fuzzing',
      node,
      [join(root, 'scripts', 'sanitize.mjs'), '--fuzz-seconds', '40'],
      { reportCounts: true },
    ],
  ],
  [
    [
      'Windows backend and Windows Node under wine',
      node,
      [
        vitest,
        'run',
        '--config',
        'vitest.win.config.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile=${join(reports, 'vitest-win.json')}`,
      ],
      { reportCounts: true },
    ],
    ['benchmark smoke run (npm run bench:smoke)', node, [bin('tsx', 'dist/cli.mjs'), 'bench/run.ts', '--smoke']],
  ],
);
countVitest('native tests under ASan + UBSan', join(reports, 'vitest-sanitize.json'));
countSanitizeSteps(join(reports, 'sanitize.json'));
countVitest('Windows backend and Windows Node under wine', join(reports, 'vitest-win.json'));

step('end to end (Playwright)', node, [bin('@playwright/test', 'cli.js'), 'test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'playwright.json'),
});
countPlaywright('end to end (Playwright)', join(reports, 'playwright.json'));

console.log('');
for (const name of new Set(failedTests)) console.log(`failed: ${name}`);
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join('; ')}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
