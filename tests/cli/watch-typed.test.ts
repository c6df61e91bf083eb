// shm-inspector watch NAME --offset N --type T: one typed value streamed as a
// Python process (which knows nothing of this project) increments it through
// its own mmap of /dev/shm/<name>.
import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { pythonUnavailableReason, startPython, type PythonHolder } from '../support/python-shm';
import { collect, ensureCliBuilt, runCli, startCli, stderrLine } from './run-cli';

const linux = process.platform === 'linux';
const pythonMissing = pythonUnavailableReason();
const holders: PythonHolder[] = [];

beforeAll(() => ensureCliBuilt(), 120_000);
afterEach(async () => {
  for (const holder of holders.splice(0)) await holder.stop();
});
afterAll(() => unlinkUsedBlocks());

/** A 4096-byte block created and held by Python. */
async function pythonBlock(label: string): Promise<string> {
  const name = uniqueBlockName(`typed-watch-${label}`);
  holders.push(await startPython(['posix-create', name, '4096']));
  return name;
}

/** python3 maps /dev/shm/<name> itself and stores 1, 2, … `times` at `offset` as a u32 (`order`: '<' or '>'), 60 ms apart. */
function pythonIncrements(name: string, offset: number, times: number, order: '<' | '>'): Promise<void> {
  const script = [
    'import mmap, struct, sys, time',
    `f = open("/dev/shm/" + sys.argv[1], "r+b")`,
    'm = mmap.mmap(f.fileno(), 0)',
    `for i in range(1, ${times} + 1):`,
    `    struct.pack_into("${order}I", m, ${offset}, i)`,
    '    time.sleep(0.06)',
    'm.close()',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', script, name], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`python3 exited ${code}: ${stderr}`))));
  });
}

describe.skipIf(!linux || pythonMissing !== null)(`watch --type${pythonMissing ? ` (skipped: ${pythonMissing})` : ''}`, () => {
  it('streams a u32 that Python increments five times as JSON lines of its values, in order', async () => {
    const name = await pythonBlock('json');
    const watcher = startCli(['watch', name, '--offset', '0x1f0', '--type', 'u32', '--json', '--count', '5', '--timeout', '20']);
    const finished = collect(watcher);
    await stderrLine(watcher, /watching/);
    await pythonIncrements(name, 0x1f0, 5, '<');
    const result = await finished;
    expect(result.stderr).toMatch(/u32 at 0x1f0 \(now 0\)/);
    expect(result.code).toBe(0);
    const lines = result.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l['value'])).toEqual([1, 2, 3, 4, 5]);
    expect(lines[0]).toMatchObject({ name, offset: 0x1f0, type: 'u32', endian: 'little' });
    const times = lines.map((l) => l['detectedAt'] as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('reads big-endian bytes with --endian big and prints "time value" lines without --json', async () => {
    const name = await pythonBlock('plain');
    const watcher = startCli(['watch', name, '--offset', '16', '--type', 'u32', '--endian', 'big', '--count', '3', '--timeout', '20']);
    const finished = collect(watcher);
    await stderrLine(watcher, /watching/);
    await pythonIncrements(name, 16, 3, '>');
    const result = await finished;
    expect(result.code).toBe(0);
    const lines = result.text.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/))).toEqual([
      [expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/), '1'],
      [expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/), '2'],
      [expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3}$/), '3'],
    ]);
  });

  it('refuses a value that ends past the block, --length with --type, and --endian alone (usage, exit 64)', async () => {
    const name = await pythonBlock('bad');
    const past = await runCli(['watch', name, '--offset', '4093', '--type', 'u32']);
    expect(past.code).toBe(64);
    expect(past.stderr).toMatch(/ERR_SHM_RANGE/);
    expect(past.stderr).toMatch(/u32 at --offset 4093 ends past the block/);
    const withLength = await runCli(['watch', name, '--type', 'u32', '--length', '8']);
    expect(withLength.code).toBe(64);
    expect(withLength.stderr).toMatch(/--length is not taken/);
    const endianOnly = await runCli(['watch', name, '--endian', 'big']);
    expect(endianOnly.code).toBe(64);
    const badType = await runCli(['watch', name, '--type', 'u24']);
    expect(badType.code).toBe(64);
    expect(badType.stderr).toMatch(/--type must be one of i8, u8/);
  });
});
