// The launcher with real child processes: the original scenario, batches of
// both kinds, a crash, a hang, the cap, a spawn failure, bounded output, and
// no child outliving its host.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ChildInfo } from '../../src-shared/contract';
import { InspectorCore, type InspectorCoreOptions } from '../../src-main/core/inspector-core';
import type { ReaderCommand } from '../../src-main/core/launcher';
import { loadNative } from '../../src-main/core/native';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { spawnUntilLine } from '../support/spawn-until-line';
import { waitFor } from '../support/wait';

const ORIGINAL_LINE = 'Child process read from shared memory: This is a test string\n';
const here = dirname(fileURLToPath(import.meta.url));
const HANG: ReaderCommand = { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed child its new parent has not reaped yet still answers kill(pid, 0).
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

describe('launcher', () => {
  const cores: InspectorCore[] = [];
  function makeCore(launcher: InspectorCoreOptions['launcher'] = {}) {
    const core = new InspectorCore({ host: 'browser', launcher });
    cores.push(core);
    const updates: ChildInfo[] = [];
    core.connect('test', (event, payload) => void (event === 'childUpdated' && updates.push(payload as ChildInfo)));
    core.subscribe('test', { event: 'childUpdated', subscribed: true });
    return { core, updates };
  }
  async function openWithText(core: InspectorCore, prefix: string) {
    const name = uniqueBlockName(prefix);
    core.blocks.openBlock({ name, size: 4096 });
    core.blocks.setString({ name, text: 'This is a test string' });
    return name;
  }
  function finished(updates: ChildInfo[], id: number) {
    return () => updates.find((c) => c.id === id && c.state !== 'running');
  }

  afterEach(() => {
    for (const core of cores.splice(0)) core.dispose();
  });
  afterAll(() => unlinkUsedBlocks());

  it('the original scenario: set the string, launch the native reader, it prints the original child line', async () => {
    const { core, updates } = makeCore();
    const name = await openWithText(core, 'l-orig');
    const [child] = await core.launcher.launch({ name, kind: 'native' });
    const done = await waitFor(finished(updates, child!.id), 'the native reader to exit');
    expect(done).toMatchObject({
      kind: 'native',
      state: 'exited',
      exitCode: 0,
      signal: null,
      timedOut: false,
      stdout: ORIGINAL_LINE,
      stderr: '',
    });
  });

  it('a batch of 20 of each kind: every child reads the string', async () => {
    // The Node runtime as Electron would pass it (Node itself ignores ELECTRON_RUN_AS_NODE).
    const { core, updates } = makeCore({
      nodeRuntime: { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } },
      timeoutMs: 60_000,
    });
    const name = await openWithText(core, 'l-batch');
    for (const kind of ['native', 'node'] as const) {
      const batch = await core.launcher.launch({ name, kind, count: 20 });
      expect(batch).toHaveLength(20);
      expect(new Set(batch.map((c) => c.pid)).size).toBe(20);
      const results = await Promise.all(batch.map((c) => waitFor(finished(updates, c.id), `${kind} child ${c.id}`, 60_000)));
      for (const result of results) expect(result).toMatchObject({ kind, state: 'exited', exitCode: 0, stdout: ORIGINAL_LINE });
    }
  }, 120_000);

  it('a child that crashes is reported with its signal', async () => {
    const { core, updates } = makeCore({ commandFor: () => ({ command: '/bin/sh', args: ['-c', 'echo about to crash; kill -SEGV $$'] }) });
    const name = await openWithText(core, 'l-crash');
    const [child] = await core.launcher.launch({ name, kind: 'native' });
    const done = await waitFor(finished(updates, child!.id), 'the crashing child to end');
    expect(done).toMatchObject({ state: 'exited', exitCode: null, signal: 'SIGSEGV', timedOut: false, stdout: 'about to crash\n' });
  });

  it('a hung child is killed at the timeout', async () => {
    const { core, updates } = makeCore({ commandFor: () => HANG, timeoutMs: 300 });
    const name = await openWithText(core, 'l-hang');
    const [child] = await core.launcher.launch({ name, kind: 'node' });
    const done = await waitFor(finished(updates, child!.id), 'the hung child to be killed');
    expect(done).toMatchObject({ state: 'killed', timedOut: true, signal: 'SIGKILL', exitCode: null });
    expect(done.durationMs).toBeGreaterThanOrEqual(250);
    expect(isAlive(child!.pid!)).toBe(false);
  });

  it('the cap on concurrent children: past it, ERR_CHILD_LIMIT and nothing started', async () => {
    const { core } = makeCore({ commandFor: () => HANG, maxConcurrent: 3, timeoutMs: 60_000 });
    const name = await openWithText(core, 'l-cap');
    const running = await core.launcher.launch({ name, kind: 'node', count: 3 });
    expect(running.every((c) => c.state === 'running')).toBe(true);
    const outcome = await core.handle('launchReaders', { name, kind: 'node', count: 1 }, 'test');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ERR_CHILD_LIMIT' } });
    expect(!outcome.ok && outcome.error.message).toMatch(/limit of 3/);
    expect(core.launcher.list()).toHaveLength(3);
    core.launcher.killAll();
    await waitFor(() => core.launcher.runningCount() === 0, 'the children to be killed');
    expect(core.launcher.list().every((c) => c.state === 'killed' && !c.timedOut)).toBe(true);
    expect(running.some((c) => isAlive(c.pid!))).toBe(false);
  });

  it('a command that cannot start is a failed child; a missing native reader is ERR_CHILD_SPAWN', async () => {
    const { core } = makeCore({ commandFor: () => ({ command: '/nonexistent/shm-reader', args: [] }) });
    const name = await openWithText(core, 'l-fail');
    const [child] = await core.launcher.launch({ name, kind: 'native' });
    expect(child).toMatchObject({ state: 'failed', pid: null });
    expect(child!.stderr).toMatch(/ENOENT/);
    const missing = makeCore({ nativeReaderPath: '/nonexistent/shm-reader' }).core;
    missing.blocks.openBlock({ name, size: 4096 });
    const outcome = await missing.handle('launchReaders', { name, kind: 'native' }, 'test');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ERR_CHILD_SPAWN' } });
    expect(missing.launcher.list()).toEqual([]);
  });

  it('output is bounded and says so', async () => {
    const { core, updates } = makeCore({
      commandFor: () => ({ command: process.execPath, args: ['-e', "process.stdout.write('x'.repeat(200000))"] }),
      outputLimit: 1024,
    });
    const name = await openWithText(core, 'l-out');
    const [child] = await core.launcher.launch({ name, kind: 'node' });
    const done = await waitFor(finished(updates, child!.id), 'the chatty child to exit');
    expect(done.stdout).toBe('x'.repeat(1024));
    expect(done.outputTruncated).toBe(true);
    expect(done.exitCode).toBe(0);
  });

  it('a child whose exit leaves its pipes open (a grandchild holds them) is still reported as exited', async () => {
    const { core, updates } = makeCore({ commandFor: () => ({ command: '/bin/sh', args: ['-c', 'sleep 5 & echo started'] }) });
    const name = await openWithText(core, 'l-pipes');
    const [child] = await core.launcher.launch({ name, kind: 'native' });
    const done = await waitFor(finished(updates, child!.id), 'the child to be reported as exited');
    expect(done).toMatchObject({ state: 'exited', exitCode: 0, stdout: 'started\n' });
    expect(done.durationMs).toBeLessThan(4000);
  });

  it('disposing the core kills running children', async () => {
    const { core } = makeCore({ commandFor: () => HANG, timeoutMs: 60_000 });
    const name = await openWithText(core, 'l-dispose');
    const [child] = await core.launcher.launch({ name, kind: 'node' });
    expect(isAlive(child!.pid!)).toBe(true);
    core.dispose();
    await waitFor(() => !isAlive(child!.pid!), 'the child to die with the core');
  });

  it('no child outlives a host process that exits', async () => {
    const name = uniqueBlockName('l-exit');
    const tsx = join(here, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const result = spawnSync(process.execPath, [tsx, join(here, '..', 'support', 'host-exit.ts'), name], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const pid = Number(result.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    await waitFor(() => !isAlive(pid), 'the orphaned child to be gone');
  });

  // A host killed outright runs no exit hook: the readers ask the kernel to
  // kill them with it (PR_SET_PDEATHSIG, Linux only; elsewhere the timeout remains).
  it.runIf(process.platform === 'linux')('no reader outlives a host killed with SIGKILL', async () => {
    const name = uniqueBlockName('l-kill');
    const native = loadNative();
    const block = native.openBlock({ name, size: 4096 });
    block.setString('This is a test string');
    native.testing.holdLock(block); // the readers wait for it as long as they live
    // `node --import tsx`, not tsx's CLI, which would run the host in a child of its own.
    const host = await spawnUntilLine(process.execPath, ['--import', 'tsx', join(here, '..', 'support', 'host-killed.ts'), name], /^\[/);
    try {
      const pids = JSON.parse(host.lines.at(-1)!) as number[];
      expect(pids).toHaveLength(2);
      expect(pids.every(isAlive)).toBe(true);
      host.child.kill('SIGKILL');
      await waitFor(() => pids.every((pid) => !isAlive(pid)), 'both readers to die with their host', 10_000);
    } finally {
      host.child.kill('SIGKILL');
      native.testing.releaseLock(block);
      block.close();
    }
  });
});
