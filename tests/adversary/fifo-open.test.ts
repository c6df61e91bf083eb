// Issue 19, item 2: a FIFO in /dev/shm (any user can make one) opened
// O_RDONLY without O_NONBLOCK blocks for ever. Every way of opening a name
// (the addon's three modes, shm-reader, the CLI's dump and get) must refuse it
// with ERR_SHM_NOT_A_BLOCK at once. Each runs in a child process with a
// deadline, so the old hang shows as a timeout, not as a hung test run.
import { existsSync, lstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliBin, ensureCliBuilt } from '../cli/run-cli';
import { hostileName, makeFifo, nativeEntry, openInChild, removeHostileNames, runWithDeadline } from './hostile-names';

/** The shm-reader of the addon's build (the ASan build's under npm run test:sanitize). */
const { readerPath } = createRequire(import.meta.url)(nativeEntry) as { readerPath: string };

const linux = process.platform === 'linux';
/** Far above a refusal (milliseconds) and the lock deadline (100 ms), far below the test's timeout. */
const DEADLINE_MS = 5000;

describe.skipIf(!linux)('a FIFO at a block name', () => {
  beforeAll(() => ensureCliBuilt(), 120_000);
  afterEach(() => removeHostileNames());

  it.each([
    ['read-only', { readOnly: true }],
    ['open existing', { create: false, size: 'existing' }],
    ['create-or-open', { size: 4096 }],
  ])('openBlock %s refuses it with ERR_SHM_NOT_A_BLOCK, without waiting', async (_mode, options) => {
    const name = hostileName('fifo-open');
    makeFifo(name);
    const outcome = await openInChild({ name, ...options }, DEADLINE_MS);
    expect(outcome).toMatchObject({ timedOut: false, code: 'ERR_SHM_NOT_A_BLOCK' });
    expect(outcome.message).toContain(`/dev/shm/${name} is a FIFO, not a shared memory block`);
  });

  it('openBlock refuses a FIFO at the lock companion name too', async () => {
    const name = hostileName('fifo-lock');
    makeFifo(`${name}.lock`);
    const outcome = await openInChild({ name, size: 4096 }, DEADLINE_MS);
    expect(outcome).toMatchObject({ timedOut: false, code: 'ERR_SHM_NOT_A_BLOCK' });
    expect(outcome.message).toContain('is a FIFO, not a lock companion');
  });

  it('shm-reader --read-only exits with the coded error, without waiting', async () => {
    const name = hostileName('fifo-reader');
    makeFifo(name);
    const ended = await runWithDeadline(readerPath, ['--read-only', '--name', name], DEADLINE_MS);
    expect(ended).toMatchObject({ timedOut: false, code: 1 });
    expect(ended.stderr).toMatch(/is a FIFO, not a shared memory block \[ERR_SHM_NOT_A_BLOCK\]/);
  });

  it.each([['dump'], ['get']])('shm-inspector %s exits with the coded error, without waiting', async (command) => {
    const name = hostileName(`fifo-${command}`);
    makeFifo(name);
    const ended = await runWithDeadline(process.execPath, [cliBin, command, name], DEADLINE_MS);
    expect(ended.timedOut, `${command} hung on the FIFO`).toBe(false);
    expect(ended.code).not.toBe(0);
    expect(ended.stderr).toMatch(/ERR_SHM_NOT_A_BLOCK: .*is a FIFO, not a shared memory block/);
  });

  it('the FIFO is left as it was: refusing it opens no writer and creates no companion', async () => {
    const name = hostileName('fifo-untouched');
    makeFifo(name);
    await openInChild({ name, size: 4096 }, DEADLINE_MS);
    expect(lstatSync(`/dev/shm/${name}`).isFIFO()).toBe(true);
    expect(existsSync(`/dev/shm/${name}.lock`)).toBe(false);
  });
});
