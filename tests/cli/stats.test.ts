// Issue 24: `shm-inspector stats NAME` against a block a Python process made
// and filled through mmap (it knows nothing of this project): the histogram,
// the entropy and the byte classes, as a table and as --json, and the range
// options; the same core byteStats call as the Statistics panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByteStats } from '../../src-shared/contract';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { spawnUntilLine, type Started } from '../support/spawn-until-line';
import { ensureCliBuilt, runCli } from './run-cli';

const linux = process.platform === 'linux';
const writers: Started[] = [];

beforeAll(() => ensureCliBuilt(), 120_000);
afterAll(() => {
  for (const writer of writers) writer.child.stdin?.end();
  unlinkUsedBlocks();
});

/**
 * A Python writer: /dev/shm/NAME of 8192 bytes holding 0..255 once at 0,
 * 'A' x 4096 at 0x1000, zeros elsewhere; it keeps the block mapped until its stdin ends.
 */
async function pythonWriter(): Promise<string> {
  const name = uniqueBlockName('stats-cli');
  const script = [
    'import mmap, os, sys',
    `fd = os.open('/dev/shm/${name}', os.O_CREAT | os.O_RDWR, 0o600)`,
    'os.ftruncate(fd, 8192)',
    'm = mmap.mmap(fd, 8192)',
    'm[0:256] = bytes(range(256))',
    "m[0x1000:0x2000] = b'A' * 4096",
    "print('ready', flush=True)",
    'sys.stdin.read()',
  ].join('\n');
  writers.push(await spawnUntilLine('python3', ['-c', script], /^ready$/, { stdin: 'pipe' }));
  return name;
}

describe.skipIf(!linux)('shm-inspector stats', () => {
  it('--json: exact histogram, entropy and classes of the whole block and of a range', async () => {
    const name = await pythonWriter();
    const whole = await runCli(['stats', name, '--json']);
    expect(whole.code, whole.stderr).toBe(0);
    const all = JSON.parse(whole.text) as ByteStats;
    expect(all).toMatchObject({ name, offset: 0, length: 8192 });
    expect(all.histogram[0x41]).toBe(4096 + 1);
    expect(all.histogram[0]).toBe(8192 - 4096 - 256 + 1);
    expect(all.histogram[0xff]).toBe(1);
    expect(all.histogram.reduce((a, b) => a + b, 0)).toBe(8192);
    expect(all).toMatchObject({ zero: 3841, printable: 4096 + 98, high: 128, ff: 1, control: 256 - 1 - 98 - 128 });

    const ramp = JSON.parse((await runCli(['stats', name, '--length', '256', '--json'])).text) as ByteStats;
    expect(ramp.histogram).toEqual(new Array(256).fill(1));
    expect(ramp.entropy).toBeCloseTo(8, 10);

    const letters = JSON.parse((await runCli(['stats', name, '--offset', '0x1000', '--length', '4096', '--json'])).text) as ByteStats;
    expect(letters.entropy).toBe(0);
    expect(letters.histogram.filter((count) => count > 0)).toEqual([4096]);
    expect(letters.histogram[0x41]).toBe(4096);
  });

  it('piped: entropy, the class table and the top bins as tab-separated lines', async () => {
    const name = await pythonWriter();
    const result = await runCli(['stats', name, '--offset', '4096']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.text.trim().split('\n');
    expect(lines[0]).toBe('entropy\t0.000000');
    expect(lines).toContain('zero\t0\t0.0%');
    expect(lines).toContain('printable\t4096\t100.0%');
    expect(lines).toContain('0x41\t4096\t100.0%');
  });

  it('a range past the block is a usage error (exit 64); a missing block exit 2', async () => {
    const name = await pythonWriter();
    const past = await runCli(['stats', name, '--offset', '8000', '--length', '500']);
    expect(past.code).toBe(64);
    expect(past.stderr).toMatch(/ERR_SHM_RANGE/);
    const missing = await runCli(['stats', uniqueBlockName('stats-cli-missing')]);
    expect(missing.code).toBe(2);
  });
});
