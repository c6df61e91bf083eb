// Issue 19, item 1, in shm-reader: the object shrinks between the reader's
// mmap and its copy (a preloaded shim holds the reader after its mmap
// while uid 65534 truncates the block). It died of SIGBUS; now it prints the
// coded error on one line and exits 1.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { native, uniqueName } from '../native/helpers';
import { MiB, asOtherUser, cannotActAsOtherUser } from './helpers';

const shimSource = fileURLToPath(new URL('./fixtures/pause-after-mmap.c', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'shrink-reader-'));
const names: string[] = [];
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  for (const name of names) rmSync(`/dev/shm/${name}`, { force: true });
});

function buildShim(): string | null {
  const shim = join(workDir, 'pause-after-mmap.so');
  const built = spawnSync('cc', ['-shared', '-fPIC', '-O1', '-o', shim, shimSource, '-ldl'], { encoding: 'utf8' });
  return built.status === 0 ? shim : null;
}

/** Runs shm-reader with `args`; when it has mapped the block, shrinks it as uid 65534, then lets it go on. */
function readWhileShrinking(name: string, shim: string, args: string[]) {
  // The sanitizer run preloads libasan, which must come first.
  const preload = [process.env.LD_PRELOAD, shim].filter(Boolean).join(':');
  const child = spawn(native.readerPath, args, {
    env: { ...process.env, LD_PRELOAD: preload, PAUSE_AFTER_MMAP_BYTES: String(64 * MiB) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (!chunk.includes('mapped')) return;
    asOtherUser('shrink', name, 4096);
    child.stdin.end('\n');
  });
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

describe('shm-reader on a block that shrinks under it', () => {
  it.for([
    ['--hex', '--read-only'],
    ['--json', '--read-only'],
  ])('shm-reader %s %s prints ERR_SHM_TRUNCATED and exits 1', { timeout: 20_000 }, async (flags, ctx) => {
    const why = cannotActAsOtherUser();
    if (why) return ctx.skip(why);
    const shim = buildShim();
    if (!shim) return ctx.skip('cc cannot build the mmap shim here');
    const name = uniqueName('shrink-reader');
    names.push(name);
    asOtherUser('make', name, 64 * MiB);
    const result = await readWhileShrinking(name, shim, ['--name', name, ...flags]);
    expect(result.signal, result.stderr).toBeNull(); // was SIGBUS
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^mapped\nshm-reader: block ".*" shrank to 4096 bytes .*\[ERR_SHM_TRUNCATED\]\n$/);
  });
});
