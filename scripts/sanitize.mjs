// `npm run test:sanitize`: the native library under AddressSanitizer and
// UndefinedBehaviorSanitizer, and fuzzing.
//   1. builds the addon and shm-reader with g++ -fsanitize=address,undefined
//      into native/build-sanitize/ (the ordinary build is left alone);
//   2. runs the native tests and the attacks (tests/native and tests/adversary,
//      but for many-processes.test.ts:
//      sixteen Node processes under ASan do not start within its window on
//      two cores) against that build: index.js loads
//      it when SHM_INSPECTOR_TEST_NATIVE_BUILD names it. Node itself is not
//      instrumented, so libasan is preloaded (LD_PRELOAD) and leak detection
//      is off (ASAN_OPTIONS=detect_leaks=0): Node frees little at exit by
//      design; every other check stays on and every finding aborts;
//   3. fuzzes every addon call (native/fuzz/fuzz-addon.cjs: randomized and
//      mutational, seeded) under the same build;
//   4. fuzzes the text codec and name rules, and shm-reader's argument parser,
//      with libFuzzer (clang -fsanitize=fuzzer,address,undefined) where clang
//      and libclang-rt-14-dev are installed; elsewhere with seeded loops of
//      the same targets built by g++ (a driver that feeds random and mutated inputs).
// UBSan runs without its vptr check (see `sanitize` below).
// Sanitizer reports go to files under native/build-sanitize/reports; any file
// there is a finding. Writes test-results/reports/sanitize.json (steps passed,
// failed) and vitest-sanitize.json for scripts/test.mjs.
//   node scripts/sanitize.mjs [--fuzz-seconds N]   (default 75, split over the fuzzers)
//   node scripts/sanitize.mjs --build-only   step 1 alone, so npm test can build
//     it beside the type-check; the full run then finds its objects up to date
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { librarySources as platformLibrary, sourceList } from '../native/sources.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(root, 'native');
const fuzzDir = join(root, 'native', 'fuzz');
const out = join(root, 'native', 'build-sanitize');
const reportsDir = join(out, 'reports');
const testReports = join(root, 'test-results', 'reports');
const fuzzSecondsArg = process.argv.indexOf('--fuzz-seconds');
const fuzzSeconds = fuzzSecondsArg > 0 ? Number(process.argv[fuzzSecondsArg + 1]) : 75;

rmSync(reportsDir, { recursive: true, force: true });
mkdirSync(reportsDir, { recursive: true });
mkdirSync(testReports, { recursive: true });

// All of UBSan but its vptr check: that check reads memory through a pipe it
// opens on the spot, and the F7 test (every file descriptor used up on
// purpose) then gets a false "invalid vptr" report it cannot suppress.
const sanitize = [
  '-fsanitize=address,undefined',
  '-fno-sanitize=vptr',
  '-fno-sanitize-recover=all',
  '-fno-omit-frame-pointer',
  '-g',
  '-O1',
];
const common = ['-std=c++17', '-fexceptions', '-Wall', '-Wextra', ...sanitize];
const steps = [];

function sh(title, command, args, options = {}) {
  console.log(`\n--- ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
  });
  const ok = result.status === 0;
  console.log(
    `--- ${title}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (options.capture && result.stdout) process.stdout.write(result.stdout);
  return { ok, stdout: result.stdout ?? '' };
}

function step(title, command, args, options) {
  const { ok, stdout } = sh(title, command, args, options);
  steps.push({ title, ok });
  return { ok, stdout };
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

// 1. The sanitized addon and reader: every source compiled once (two at a
// time, skipped when its object is newer than every source and header), then
// linked twice.
mkdirSync(join(out, 'Release'), { recursive: true });
mkdirSync(join(out, 'obj'), { recursive: true });
const nodeInclude = ['/usr/include/node', process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node')].find(
  (dir) => dir && existsSync(join(dir, 'node_api.h')),
);
const addonApi = join(root, 'node_modules', 'node-addon-api');
// Common headers by name ("backend.h"), a platform's by its folder ("posix/...").
const includeFlags = [`-I${join(nativeDir, 'src')}`, `-I${join(nativeDir, 'src', 'common')}`];
const compileFlags = [
  ...common,
  '-fPIC',
  `-I${nodeInclude}`,
  `-I${addonApi}`,
  ...includeFlags,
  '-DNAPI_VERSION=8',
  '-DNAPI_CPP_EXCEPTIONS',
  '-DNODE_ADDON_API_DISABLE_DEPRECATED',
];
const newestSource = Math.max(
  ...readdirSync(join(nativeDir, 'src'), { recursive: true }).map((file) => statSync(join(nativeDir, 'src', file)).mtimeMs),
  statSync(join(nativeDir, 'sources.gypi')).mtimeMs,
  statSync(fileURLToPath(import.meta.url)).mtimeMs,
);

/** "src/linux/x.cc" (as sources.gypi names it) → build-sanitize/obj/linux_x.o. */
const objectOf = (file) =>
  join(
    out,
    'obj',
    file
      .replace(/^src\//, '')
      .replaceAll('/', '_')
      .replace(/\.cc$/, '.o'),
  );

function compile(file) {
  const object = objectOf(file);
  if (existsSync(object) && statSync(object).mtimeMs > newestSource) return Promise.resolve(true);
  return new Promise((resolve) => {
    const child = spawn('g++', [...compileFlags, '-c', join(nativeDir, file), '-o', object], { stdio: 'inherit' });
    child.on('close', (code) => resolve(code === 0));
  });
}

async function compileAll(files) {
  const queue = [...files];
  let ok = true;
  const worker = async () => {
    while (queue.length) ok = (await compile(queue.shift())) && ok;
  };
  await Promise.all([worker(), worker()]);
  return ok;
}

// The same source lists node-gyp builds on Linux (native/sources.gypi), so a file added there is sanitized too.
const librarySources = platformLibrary('linux');
const addonSources = sourceList('linux', 'addon');
const readerSources = sourceList('linux', 'reader');
const objects = (files) => files.map(objectOf);
console.log('\n--- compile the library, the addon and shm-reader with ASan + UBSan (g++)');
const compileStarted = Date.now();
const compiled = await compileAll([...librarySources, ...addonSources, ...readerSources]);
console.log(`--- compile: ${compiled ? 'ok' : 'FAILED'} in ${((Date.now() - compileStarted) / 1000).toFixed(1)} s`);
steps.push({ title: 'compile with ASan + UBSan', ok: compiled });
const built =
  compiled &&
  step('link the sanitized addon', 'g++', [
    ...sanitize,
    '-shared',
    ...objects([...librarySources, ...addonSources]),
    '-o',
    join(out, 'Release', 'shm_native.node'),
    '-lrt',
    '-pthread',
  ]).ok &&
  step('link the sanitized shm-reader', 'g++', [
    ...sanitize,
    ...objects([...librarySources, ...readerSources]),
    '-o',
    join(out, 'Release', 'shm-reader'),
    '-lrt',
    '-pthread',
  ]).ok;

if (process.argv.includes('--build-only')) process.exit(built ? 0 : 1);

const asanRuntime = spawnSync('g++', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout.trim();
const sanitizerEnv = {
  SHM_INSPECTOR_TEST_NATIVE_BUILD: join(out, 'Release'),
  LD_PRELOAD: asanRuntime,
  ASAN_OPTIONS: `detect_leaks=0:abort_on_error=1:log_path=${join(reportsDir, 'asan')}`,
  UBSAN_OPTIONS: `print_stacktrace=1:halt_on_error=1:log_path=${join(reportsDir, 'ubsan')}`,
};

// Attacks on what TypeScript alone parses (numbers, struct text, patterns,
// completion, export pages, files): no native code of theirs for the
// sanitizers to check, and about 30 s of npm test under ASan.
const typeScriptOnlyAttacks = [
  'bounds-number-values.test.ts',
  'completion-names.test.ts',
  'diff-file.test.ts',
  'glob-pattern.test.ts',
  'history-export-pages.test.ts',
  'import-bounds.test.ts',
  'struct-bounds.test.ts',
];

if (built) {
  // 2. The native tests against the sanitized build.
  step(
    'native tests under ASan + UBSan',
    process.execPath,
    [
      join(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      'tests/native',
      'tests/adversary',
      // One file at a time: npm test runs this beside the wine suite.
      '--maxWorkers',
      '1',
      '--exclude',
      'tests/native/many-processes.test.ts',
      ...typeScriptOnlyAttacks.flatMap((file) => ['--exclude', `tests/adversary/${file}`]),
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${join(testReports, 'vitest-sanitize.json')}`,
    ],
    { env: sanitizerEnv },
  );
  // 3. Every addon call, fuzzed.
  const addonSeconds = Math.max(10, Math.round(fuzzSeconds * 0.4));
  const fuzzed = step(
    `fuzz every addon call (${addonSeconds} s)`,
    process.execPath,
    [join(fuzzDir, 'fuzz-addon.cjs'), String(addonSeconds)],
    { env: sanitizerEnv, capture: true },
  );
  if (!fuzzed.ok) console.log('replay with: node native/fuzz/fuzz-addon.cjs <seconds> <seed from the line above>');
}

// 4. The codec and the argument parser, with libFuzzer where clang has it.
const targets = ['fuzz_text_codec', 'fuzz_reader_args'].map((name) => ({ name, sources: sourceList('linux', name) }));
const libFuzzer =
  has('clang++') &&
  spawnSync(
    'sh',
    [
      '-c',
      'echo "extern \\"C\\" int LLVMFuzzerTestOneInput(const char*, unsigned long){return 0;}" | clang++ -x c++ -fsanitize=fuzzer - -o /dev/null',
    ],
    { stdio: 'ignore' },
  ).status === 0;
const perTarget = Math.max(10, Math.round((fuzzSeconds * 0.6) / targets.length));
/**
 * The two ways to fuzz a target: libFuzzer where clang has it, otherwise our
 * seeded loop under g++'s sanitizers. Each says how to build and how to run.
 */
const fuzzer = libFuzzer
  ? {
      label: 'clang, libFuzzer',
      compiler: 'clang++',
      flags: ['-std=c++17', '-g', '-O1', '-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=all'],
      extraSources: [],
      run(target, exe) {
        const corpus = join(out, 'corpus', target.name);
        mkdirSync(corpus, { recursive: true });
        step(
          `fuzz ${target.name} with libFuzzer (${perTarget} s)`,
          exe,
          [corpus, `-max_total_time=${perTarget}`, '-print_final_stats=1', `-artifact_prefix=${reportsDir}/`],
          { env: { ASAN_OPTIONS: 'detect_leaks=1' } },
        );
      },
    }
  : {
      label: 'g++, seeded loop',
      compiler: 'g++',
      flags: [...common, '-DSHM_SEEDED_FUZZ_LOOP'],
      extraSources: [join(fuzzDir, 'seeded_loop.cc')],
      run(target, exe) {
        step(`fuzz ${target.name} with a seeded loop (${perTarget} s)`, exe, [String(perTarget)], {
          env: {
            ASAN_OPTIONS: `log_path=${join(reportsDir, 'asan')}`,
            UBSAN_OPTIONS: `halt_on_error=1:log_path=${join(reportsDir, 'ubsan')}`,
          },
        });
      },
    };
for (const target of targets) {
  const exe = join(out, `${target.name}-${libFuzzer ? 'libfuzzer' : 'loop'}`);
  const sources = [join(fuzzDir, `${target.name}.cc`), ...target.sources.map((file) => join(nativeDir, file))];
  const upToDate = existsSync(exe) && statSync(exe).mtimeMs > Math.max(newestSource, ...sources.map((file) => statSync(file).mtimeMs));
  const buildArgs = [...fuzzer.flags, ...includeFlags, ...sources, ...fuzzer.extraSources, '-o', exe, '-lrt', '-pthread'];
  if (!upToDate && !step(`build ${target.name} (${fuzzer.label})`, fuzzer.compiler, buildArgs).ok) continue;
  fuzzer.run(target, exe);
}

// Any sanitizer report or crash artifact is a finding, whatever the exit codes said.
const findings = readdirSync(reportsDir);
steps.push({ title: 'no sanitizer findings', ok: findings.length === 0 });
if (findings.length) console.log(`findings: ${findings.map((file) => join(reportsDir, file)).join(', ')}`);

const failed = steps.filter((entry) => !entry.ok);
writeFileSync(
  join(testReports, 'sanitize.json'),
  JSON.stringify({ passed: steps.length - failed.length, failed: failed.length, steps }, null, 2),
);
console.log(
  `\nsanitize: ${steps.length - failed.length} of ${steps.length} steps ok${failed.length ? `; failed: ${failed.map((entry) => entry.title).join('; ')}` : ''}`,
);
process.exit(failed.length ? 1 : 0);
