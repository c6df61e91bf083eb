// `npm start` where Electron cannot run: one line that says so, then the
// browser host serving the same UI. Started as a user starts it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const URL_LINE = /^shm-inspector browser host: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)$/m;

describe('npm start without Electron', () => {
  // An override that points at an empty folder makes Electron unavailable even
  // on a machine that has downloaded it.
  const noElectron = mkdtempSync(join(tmpdir(), 'no-electron-'));
  afterAll(() => rmSync(noElectron, { recursive: true, force: true }));

  it('says in one line why, and serves the UI from the browser host', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: noElectron };
    // No display either: then there are no app windows (tests/scripts/app-windows.test.ts), only the URL.
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), '--port', '0'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await waitFor(() => URL_LINE.exec(stdout)?.[1], `the URL line (stdout: ${stdout} stderr: ${stderr})`, 120_000);
      const notices = stdout.split('\n').filter((line) => line.includes('Electron is unavailable'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(
        /^\[shm-inspector\] Electron is unavailable: .*ELECTRON_OVERRIDE_DIST_PATH.*; serving the same UI in browser mode\.$/,
      );
      expect(stdout).toMatch(/^\[shm-inspector\] no app windows: there is no display; open the URL below in a browser\.$/m);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);

  it('a stop asked for while the host is still starting ends npm start cleanly', async () => {
    // The flake this pins down: SIGTERM reached the host before it had its own
    // handler, the host died of the signal, and npm start exited 1.
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: noElectron };
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), '--browser', '--port', '0'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const children = `/proc/${child.pid}/task/${child.pid}/children`;
    try {
      // The moment start.mjs has spawned the host, long before the host has loaded its modules.
      await waitFor(
        () => existsSync(children) && readFileSync(children, 'utf8').trim() !== '',
        'npm start to spawn the browser host',
        120_000,
      );
      child.kill('SIGTERM');
      expect(await exited, `npm start's exit on an early SIGTERM (stderr: ${stderr})`).toBe(0);
      expect(stderr).toBe('');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 180_000);
});
