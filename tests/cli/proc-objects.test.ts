// The CLI and shared memory with no name (issue 25): `list --json` shows a
// memfd a Python process shares with its forked child once, with both pids;
// `dump` prints its bytes; `set` and `unlink` are refused read-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SharedMemoryListing } from '../../src-shared/listing';
import { pythonUnavailableReason } from '../support/python-shm';
import { startProcHolder, type ProcHolder } from '../core/fixtures/proc-holder';
import { ensureCliBuilt, runCli } from './run-cli';

const linux = process.platform === 'linux';

describe.skipIf(!linux || pythonUnavailableReason() !== null)('shm-inspector and a memfd shared by two processes', () => {
  let holder: ProcHolder;
  let name = '';
  beforeAll(async () => {
    ensureCliBuilt();
    holder = await startProcHolder('memfd', 8192, 'cli-memfd');
  }, 120_000);
  afterAll(() => holder?.stop());

  it('list --json shows it once, kind memfd, with both pids and command lines', async () => {
    const run = await runCli(['list', '--kind', 'memfd', '--json']);
    expect(run.code).toBe(0);
    const listing = JSON.parse(run.text) as SharedMemoryListing;
    const mine = listing.entries.filter((e) => e.processes.some((p) => p.pid === holder.pid));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'memfd', systemName: '/memfd:cli-memfd (deleted)', size: 8192 });
    expect(mine[0]!.processes.map((p) => p.pid)).toEqual([holder.pid, holder.child].sort((a, b) => a - b));
    expect(mine[0]!.processes[0]!.commandLine).toContain('proc-holder.py memfd 8192 cli-memfd');
    name = mine[0]!.name;
    expect(name).toBe(`proc:${holder.pid}:fd:${holder.fd}`);
  });

  it('list prints its kind in the KIND column', async () => {
    const run = await runCli(['list', '--kind', 'memfd']);
    const line = run.text.split('\n').find((l) => l.includes(name));
    expect(line?.split('\t')[0]).toBe('memfd');
  });

  it('list --process keeps the objects a process holds, by pid or by its command line', async () => {
    const byPid = JSON.parse((await runCli(['list', '--process', String(holder.child), '--json'])).text) as SharedMemoryListing;
    expect(byPid.entries.map((e) => e.name)).toContain(name);
    expect(byPid.entries.every((e) => e.processes.some((p) => p.pid === holder.child))).toBe(true);
    const byCommand = JSON.parse((await runCli(['list', '--process', 'PROC-HOLDER.PY memfd', '--json'])).text) as SharedMemoryListing;
    expect(byCommand.entries.map((e) => e.name)).toContain(name);
    const nobody = await runCli(['list', '--process', 'no-such-command-anywhere', '--names']);
    expect(nobody.code).toBe(0);
    expect(nobody.text.trim()).toBe('');
  });

  it('dump prints its bytes', async () => {
    const run = await runCli(['dump', name, '--length', '32']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.text).toMatch(/^00000000: 7072 6f63 2d68 6f6c 6465 723a 6d65 6d66 {2}proc-holder:memf$/m);
  });

  it('get and watch open it read-only too', async () => {
    const get = await runCli(['get', name, '--json']);
    expect(get.code).toBe(0);
    expect(JSON.parse(get.text)).toMatchObject({ name });
    const watch = await runCli(['watch', name, '--timeout', '1']);
    expect(watch.code).toBe(0);
    expect(watch.stderr).toContain('watching');
  });

  it.each([
    ['set', 'x'],
    ['unlink', undefined],
  ])('%s is refused read-only with ERR_SHM_READ_ONLY, and changes nothing', async (command, text) => {
    const run = await runCli(text === undefined ? [command, name] : [command, name, text]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('ERR_SHM_READ_ONLY');
    expect((await runCli(['dump', name, '--length', '17', '--format', 'raw'])).text).toBe('proc-holder:memfd');
  });
});
