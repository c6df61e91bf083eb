// `npm run windows`: the CLI on Windows Node under wine, in a fresh prefix
// that the launcher prepares itself, beside the original example's own
// programs. Its output goes to pipes, as in `npm run windows -- get X | cat`
// (where node.exe alone dies with EBADF: see native/win/stdio_relay.cc).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WINDOWS_NODE_VERSION } from '../../scripts/windows-node.mjs';
import { originalChildExe, originalParentExe, waiterExe } from './original';
import { npmRunWindows, windowsNodeUnavailable } from './windows-node';
import { waitFor } from '../support/wait';

const reason = windowsNodeUnavailable();
if (reason !== null) console.warn(`[tests/win] skipped: ${reason}`);
const suite = reason === null ? describe : describe.skip;

suite(`npm run windows: the CLI on Windows Node under wine${reason === null ? '' : ` (skipped: ${reason})`}`, () => {
  const prefix = mkdtempSync(join(tmpdir(), 'shm-winnode-'));
  // A fresh prefix: nothing in it yet, not even wine's own files; the launcher makes it and sets Windows 10.
  const env: NodeJS.ProcessEnv = { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all' };
  let parent: ChildProcess | null = null;

  afterAll(() => {
    parent?.stdin?.end();
    spawnSync('wineserver', ['-k'], { env, stdio: 'ignore' });
    rmSync(prefix, { recursive: true, force: true });
  });

  it('--version names Windows and the pinned Node, to a pipe', async () => {
    const result = await npmRunWindows(['--version'], env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(
      new RegExp(`^shm-inspector \\d+\\.\\d+\\.\\d+ \\(win32-x64, Node ${WINDOWS_NODE_VERSION.replace(/\./g, '\\.')}\\)\\n$`),
    );
    expect(result.code).toBe(0);
  }, 240_000);

  it("while the original parent holds dllmemfilemap: get prints its text, and set's text is what the original child reads", async () => {
    // The parent keeps the block for as long as the program it starts runs: the waiter, until we close stdin.
    parent = spawn('wine', [originalParentExe, waiterExe], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    let got = { code: null as number | null, stdout: '', stderr: '' };
    await waitFor(
      async () => {
        got = await npmRunWindows(['get', 'dllmemfilemap'], env);
        return got.code !== 2; // 2: not there yet (the parent is starting)
      },
      'the original parent to create dllmemfilemap',
      60_000,
    );
    expect(got).toEqual({ code: 0, stdout: 'This is a test string\n', stderr: '' });

    const text = `TEXT from Windows Node ${process.pid}`;
    const set = await npmRunWindows(['set', 'dllmemfilemap', text], env);
    expect(set.code).toBe(0);
    expect(set.stdout).toBe(`stored ${text.length} of ${text.length} units in dllmemfilemap\n`);

    const child = spawnSync('wine', [originalChildExe], { env, encoding: 'utf8', timeout: 60_000 });
    expect(child.stdout).toBe(`Child process read from shared memory: ${text}\r\n`);
    expect(child.status).toBe(0);

    const exited = new Promise<number | null>((resolve) => parent!.once('exit', resolve));
    parent.stdin!.end();
    expect(await exited).toBe(0);
    parent = null;

    // As in the original, the section went with the parent's handle: exit status 2 and one line on stderr come through too.
    const gone = await npmRunWindows(['get', 'dllmemfilemap'], env);
    expect(gone.code).toBe(2);
    expect(gone.stdout).toBe('');
    expect(gone.stderr).toMatch(/^shm-inspector: ERR_SHM_NOT_FOUND: no shared memory block named "dllmemfilemap".*\n$/);
  }, 120_000);
});
