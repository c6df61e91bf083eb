// Issue 19, item 1, in the terminal: `shm-inspector watch` of our own block,
// which another process of ours shrinks with `truncate -s 4096`. The watcher's
// thread died of SIGBUS (exit 135); now the watch ends with the coded error
// on stderr and a non-zero status.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { native, shmPath, uniqueName, unlinkCreated } from '../native/helpers';
import { collect, ensureCliBuilt, startCli, stderrLine } from '../cli/run-cli';

beforeAll(() => ensureCliBuilt(), 120_000);
afterAll(() => unlinkCreated());

describe('shm-inspector watch of a block that shrinks', () => {
  it('prints ERR_SHM_TRUNCATED with the new size and exits 70, no signal', { timeout: 30_000 }, async () => {
    const name = uniqueName('shrink-cli');
    native.openBlock({ name, size: 64 * 1024 }).close();
    const watcher = startCli(['watch', name, '--timeout', '20']);
    const signal = new Promise<NodeJS.Signals | null>((resolve) => watcher.on('close', (_code, sig) => resolve(sig)));
    const finished = collect(watcher);
    await stderrLine(watcher, /watching/);
    expect(spawnSync('truncate', ['-s', '4096', shmPath(name)]).status).toBe(0);
    const result = await finished;
    expect(await signal, result.stderr).toBeNull(); // was SIGBUS
    expect(result.code).toBe(70);
    expect(result.stderr).toMatch(/shm-inspector: ERR_SHM_TRUNCATED: block ".*" shrank to 4096 bytes while watched \(it had 65536\)/);
  });
});
