// 9. The original's calls on Windows: set, get, and a 4 KiB read and write
// on a block, under Windows Node in wine with the mingw-w64 addon, beside the
// same calls under this machine's Node with the Linux addon, in one run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { preparePrefix, relayExe, windowsAddon, wineEnv } from '../../scripts/windows.mjs';
import { windowsNodeExe } from '../../scripts/windows-node.mjs';
import { uniqueBlockName } from '../lib/blocks';
import { ratio, summarize, type Summary } from '../lib/stats';
import { Unavailable, type BenchContext, type Measurement, type Row } from '../lib/types';

const OPS = ['setString', 'getString', 'read', 'write'] as const;
type Op = (typeof OPS)[number];

interface Report {
  platform: string;
  node: string;
  samples: Record<Op, number[]>;
}

function plan(smoke: boolean): string[] {
  // ops per batch, batches, warm-up batches. Under wine a call takes ~0.1 ms, so
  // 200 ops a batch keeps the Windows side to seconds; each batch is still ~20 ms.
  return smoke ? ['20', '5', '1'] : ['200', '100', '10'];
}

function parse(stdout: string, who: string): Report {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as Report;
  } catch {
    throw new Error(`${who} printed no report: ${stdout.slice(0, 500)}`);
  }
}

function runHere(ctx: BenchContext, fixture: string): Report {
  const result = spawnSync(
    process.execPath,
    [fixture, join(ctx.root, 'native', 'index.js'), uniqueBlockName('wincalls'), ...plan(ctx.smoke)],
    {
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  if (result.status !== 0) throw new Error(`the Linux run failed (${result.status}): ${result.stderr}`);
  return parse(result.stdout, 'the Linux run');
}

function runUnderWine(ctx: BenchContext, fixture: string): Promise<Report> {
  const env = wineEnv();
  preparePrefix(env);
  const args = [relayExe, windowsNodeExe(), fixture, join(ctx.root, 'native', 'index.js'), uniqueBlockName('wincalls'), ...plan(ctx.smoke)];
  return new Promise((resolve, reject) => {
    const child = spawn('wine', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`the run under wine failed (${code}): ${stderr}`));
      try {
        resolve(parse(stdout, 'the run under wine'));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

function unavailableReason(): string | null {
  if (spawnSync('sh', ['-c', 'command -v wine'], { stdio: 'ignore' }).status !== 0) return 'wine is not installed';
  if (!existsSync(windowsNodeExe())) return `Windows Node is not cached (${windowsNodeExe()}); run node scripts/windows-node.mjs`;
  if (!existsSync(windowsAddon) || !existsSync(relayExe)) return 'the Windows addon is not built (npm run native:win)';
  return null;
}

export const windowsCalls: Measurement = {
  id: 'windows',
  title: '9. The original calls on Windows Node under wine, beside Linux',
  method:
    'bench/fixtures/block-calls.cjs, the same file on both sides, opens a 4096-byte block with the addon native/index.js loads there and times ' +
    'setString("This is a test string"), getString(), read(0, 4096) and write(0, <4096 bytes>) in interleaved batches (process.hrtime.bigint() per ' +
    "batch, divided by its size, after warm-up batches). Linux: this machine's Node and the Linux addon (POSIX object, robust mutex). Windows: " +
    'the pinned Windows Node (scripts/windows-node.mjs) under wine, started through shm-stdio-relay.exe, with the mingw-w64 addon ' +
    '(CreateFileMappingW section, named mutex) in the prefix npm run windows uses. Wine is not Windows: its system calls go through ' +
    'wineserver, so the Windows figures say what the inspector costs here, not on a Windows machine.',
  async run(ctx) {
    const reason = unavailableReason();
    if (reason !== null) throw new Unavailable(reason);
    const fixture = join(ctx.root, 'bench', 'fixtures', 'block-calls.cjs');
    const linux = runHere(ctx, fixture);
    const windows = await runUnderWine(ctx, fixture);
    const summary = (report: Report, op: Op): Summary => summarize(report.samples[op]);
    const rows: Row[] = OPS.flatMap((op) => {
      const here = summary(linux, op);
      const there = summary(windows, op);
      return [
        { label: `${linux.platform}, Node ${linux.node}: ${op}`, stats: here, extra: { 'x Linux (median)': 1 } },
        {
          label: `${windows.platform} under wine, Node ${windows.node}: ${op}`,
          stats: there,
          extra: { 'x Linux (median)': ratio(there.median, here.median) },
        },
      ];
    });
    const batches = linux.samples.read.length;
    return {
      tables: [{ title: `Per operation on a 4 KiB block (${batches} batches each side)`, unit: 'ns/op', rows }],
      goals: [],
      notes: [
        "Every call takes the block's cross-process lock: on Linux a robust mutex in shared memory (no system call when free), on Windows a named " +
          'mutex (WaitForSingleObject, ReleaseMutex), which wine implements in wineserver: each is a round trip to another process, and that, ' +
          'not the copy, is most of a call under wine.',
        `Medians: ${OPS.map((op) => `${op} ${summary(linux, op).median.toFixed(0)} ns on Linux, ${summary(windows, op).median.toFixed(0)} ns under wine`).join('; ')}.`,
      ],
    };
  },
};
