// `shm-inspector diff NAME FILE` reads FILE as the inspector reads anything it
// did not make: /dev/zero never ends, a FIFO without a writer blocks an open
// for ever, and a huge (sparse) file must not be read whole. Each case gets an
// answer within seconds; a hang shows as the child killed at the deadline.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNative } from '../../src-main/core/native';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { collect, ensureCliBuilt, startCli, type CliResult } from '../cli/run-cli';

const scratch = mkdtempSync(join(tmpdir(), 'adv-diff-'));
const DEADLINE_MS = 10_000;

beforeAll(() => ensureCliBuilt(), 120_000);
afterAll(() => {
  unlinkUsedBlocks();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs the CLI; past the deadline it is killed and the result says so (code null). */
async function runWithDeadline(args: string[]): Promise<CliResult & { ms: number }> {
  const started = Date.now();
  const child = startCli(args);
  const timer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
  const result = await collect(child);
  clearTimeout(timer);
  return { ...result, ms: Date.now() - started };
}

function withBlock(): string {
  const name = uniqueBlockName('advdiff');
  loadNative().openBlock({ name, size: 4096 }).close();
  return name;
}

describe('diff NAME FILE against hostile files', () => {
  it('refuses /dev/zero with ERR_NOT_A_FILE at once', async () => {
    const run = await runWithDeadline(['diff', withBlock(), '/dev/zero']);
    expect(run.stderr).toContain('ERR_NOT_A_FILE');
    expect(run.code).toBe(64);
  }, 20_000);

  it('refuses a FIFO with no writer with ERR_NOT_A_FILE (the open does not wait)', async () => {
    const fifo = join(scratch, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const run = await runWithDeadline(['diff', withBlock(), fifo]);
    expect(run.stderr).toContain('ERR_NOT_A_FILE');
    expect(run.code).toBe(64);
  }, 20_000);

  it('refuses a directory with ERR_NOT_A_FILE', async () => {
    const run = await runWithDeadline(['diff', withBlock(), scratch]);
    expect(run.stderr).toContain('ERR_NOT_A_FILE');
    expect(run.code).toBe(64);
  }, 20_000);

  it('a file of 8 GiB (sparse) is read only as far as the block: the tail is one range of its exact length', async () => {
    const huge = join(scratch, 'huge.bin');
    writeFileSync(huge, '');
    truncateSync(huge, 8 * 1024 ** 3);
    const run = await runWithDeadline(['diff', withBlock(), huge, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.text)).toMatchObject({
      size: 4096,
      otherSize: 8 * 1024 ** 3,
      differences: [{ offset: 4096, length: 8 * 1024 ** 3 - 4096, block: '', other: '00'.repeat(64) }],
    });
  }, 20_000);
});
