// `npm start` without Electron but with a display and Chromium: chromeless app
// windows instead of a URL to copy. Run under a real X server (Xvfb) with
// Debian's Chromium, as a user starts it; the windows are read back from the
// X server's window list (xwininfo): their titles name the block the page
// opened through the host, their geometry shows them side by side.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const startScript = join(root, 'scripts', 'start.mjs');
const SCREEN = { width: 1600, height: 900 };
const URL_LINE = /^shm-inspector browser host: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)$/m;
const OPENED_LINE = /^\[shm-inspector\] opened (\d+) app windows? in (\S+) \(profiles in (\S+)\)/m;

const missingTools = ['Xvfb', 'xwininfo', 'chromium'].filter((tool) => spawnSync('which', [tool]).status !== 0);
const skipReason = missingTools.length > 0 ? `needs ${missingTools.join(', ')} (apt: xvfb, x11-utils, chromium)` : null;

interface Window {
  title: string;
  width: number;
  height: number;
  x: number;
  y: number;
}

/** Top-level windows of the X server whose title ends with "— shm-inspector". */
function appWindows(display: string): Window[] {
  const tree = spawnSync('xwininfo', ['-root', '-tree'], { env: { ...process.env, DISPLAY: display }, encoding: 'utf8' }).stdout;
  const line = /^\s+0x[0-9a-f]+ "(.+ — shm-inspector)": \(.*\)\s+(\d+)x(\d+)\+(-?\d+)\+(-?\d+)/gm;
  return Array.from(tree.matchAll(line), (m) => ({ title: m[1]!, width: +m[2]!, height: +m[3]!, x: +m[4]!, y: +m[5]! }));
}

async function eventually<T>(probe: () => T | null | undefined | false, what: string, timeoutMs = 60_000): Promise<T> {
  return waitFor(
    async () => {
      const value = probe();
      if (!value) await new Promise((resolve) => setTimeout(resolve, 250));
      return value;
    },
    what,
    timeoutMs,
  );
}

/** `npm start` as a user runs it, with Electron made unavailable. */
function npmStart(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [startScript, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

/** The browser processes (not their helpers) of the app windows, by their private profile root. */
function browserPids(profileRoot: string): number[] {
  const found = spawnSync('pgrep', ['-f', '--', `--user-data-dir=${profileRoot}/`], { encoding: 'utf8' }).stdout;
  return found
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .filter((pid) => {
      const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
      return cmdline.includes('--app=') && !cmdline.includes('--type=');
    });
}

/** After a failure: nothing this test started keeps running. */
function stopAll(start: ChildProcess, profileRoot: string) {
  if (start.exitCode === null) start.kill('SIGTERM');
  if (profileRoot) for (const pid of browserPids(profileRoot)) process.kill(pid, 'SIGKILL');
}

describe.skipIf(skipReason !== null)(
  `npm start opens app windows where Electron is missing${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const noElectron = mkdtempSync(join(tmpdir(), 'no-electron-'));
    let xvfb: ChildProcess;
    let display = '';
    // Shared memory is machine-wide: names of our own, unlinked afterwards (never the default block).
    const blockName = `ui-access-${process.pid}`;
    const secondBlock = `ui-access-${process.pid}-b`;
    const baseEnv = (): NodeJS.ProcessEnv => {
      const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: display, ELECTRON_OVERRIDE_DIST_PATH: noElectron };
      delete env.WAYLAND_DISPLAY;
      delete env.SHM_INSPECTOR_TOKEN;
      return env;
    };

    beforeAll(async () => {
      // -displayfd: the server picks a free display and writes its number.
      xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', `${SCREEN.width}x${SCREEN.height}x24`, '-nolisten', 'tcp'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      xvfb.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      display = `:${await waitFor(() => /^(\d+)\n/.exec(out)?.[1], 'Xvfb to print its display number', 20_000)}`;
    });

    afterAll(() => {
      const native = createRequire(import.meta.url)(join(root, 'native')) as typeof import('../../native');
      for (const name of [blockName, secondBlock]) native.unlinkBlock(name);
      xvfb?.kill('SIGTERM');
      rmSync(noElectron, { recursive: true, force: true });
    });

    it('--windows 2 tiles two windows side by side on one block; closing the last stops the host', async () => {
      const run = npmStart(['--windows', '2', '--block', blockName, '--size', '4096', '--port', '0'], baseEnv());
      let profileRoot = '';
      try {
        const opened = await eventually(
          () => OPENED_LINE.exec(run.output.stdout),
          `the "opened" line (stdout: ${run.output.stdout} stderr: ${run.output.stderr})`,
          120_000,
        );
        expect(opened[1]).toBe('2');
        // The host's URL is printed too, for a browser of one's own.
        expect(run.output.stdout).toMatch(URL_LINE);
        // The token is not on any command line: the windows open a page in their private profile.
        profileRoot = opened[3]!;
        for (const pid of browserPids(profileRoot)) {
          const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
          expect(argv.join(' ')).not.toMatch(/token=/);
          // As root: no sandbox, and no warning bar about that flag over the window (issue 23).
          if (process.getuid?.() === 0) expect(argv).toEqual(expect.arrayContaining(['--no-sandbox', '--test-type']));
        }

        const windows = await eventually(() => {
          const found = appWindows(display);
          return found.length === 2 && found;
        }, `two windows titled "${blockName} — shm-inspector" (stdout: ${run.output.stdout})`);
        // The title comes from the page once it has opened the block through the host.
        for (const w of windows) expect(w.title).toBe(`${blockName} — shm-inspector`);
        const [left, right] = [...windows].sort((a, b) => a.x - b.x);
        expect(left).toMatchObject({ x: 0, y: 0, width: SCREEN.width / 2, height: SCREEN.height });
        expect(right).toMatchObject({ x: SCREEN.width / 2, y: 0, width: SCREEN.width / 2, height: SCREEN.height });

        // The user closes both windows: the host stops, and npm start ends cleanly.
        const pids = browserPids(profileRoot);
        expect(pids).toHaveLength(2);
        for (const pid of pids) process.kill(pid, 'SIGTERM');
        expect(await run.exited, `npm start's exit on SIGTERM (stderr: ${run.output.stderr})`).toBe(0);
        expect(run.output.stdout).toMatch(/the last app window closed; stopping the host\./);
        expect(existsSync(profileRoot)).toBe(false);
      } finally {
        stopAll(run.child, profileRoot);
      }
    }, 180_000);

    it('the host stopped: its windows close', async () => {
      const run = npmStart(['--block', secondBlock, '--port', '0'], baseEnv());
      let profileRoot = '';
      try {
        const opened = await eventually(
          () => OPENED_LINE.exec(run.output.stdout),
          `the "opened" line (stdout: ${run.output.stdout} stderr: ${run.output.stderr})`,
          120_000,
        );
        expect(opened[1]).toBe('1');
        await eventually(() => appWindows(display).some((w) => w.title === `${secondBlock} — shm-inspector`), 'the window on its block');
        profileRoot = opened[3]!;
        run.child.kill('SIGINT'); // Ctrl+C
        expect(await run.exited, `npm start's exit on SIGTERM (stderr: ${run.output.stderr})`).toBe(0);
        await eventually(() => browserPids(profileRoot).length === 0 && appWindows(display).length === 0, 'the windows to close', 20_000);
        // Nothing is left in the temp directory once the browsers are gone (issue 23: a profile was left behind).
        const root = profileRoot;
        await eventually(() => !existsSync(root), `${root} to be removed`, 20_000);
      } finally {
        stopAll(run.child, profileRoot);
      }
    }, 180_000);
  },
);

describe('npm start with a display but no browser', () => {
  it('says why there are no app windows and prints the URL', async () => {
    const noElectron = mkdtempSync(join(tmpdir(), 'no-electron-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DISPLAY: ':99',
      ELECTRON_OVERRIDE_DIST_PATH: noElectron,
      SHM_INSPECTOR_BROWSER: join(noElectron, 'no-such-browser'),
    };
    const run = npmStart(['--port', '0'], env);
    try {
      await waitFor(
        () => URL_LINE.exec(run.output.stdout),
        `the URL line (stdout: ${run.output.stdout} stderr: ${run.output.stderr})`,
        120_000,
      );
      expect(run.output.stdout).toMatch(
        /^\[shm-inspector\] no app windows: no Chromium or Chrome on PATH .*; open the URL below in a browser\.$/m,
      );
      expect(run.output.stdout).not.toMatch(OPENED_LINE);
      run.child.kill('SIGTERM');
      expect(await run.exited, `npm start's exit on SIGTERM (stderr: ${run.output.stderr})`).toBe(0);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
      rmSync(noElectron, { recursive: true, force: true });
    }
  }, 180_000);
});
