// The built Electron main process (out/main/index.js, as electron-vite bundles
// it) started on Node with the Electron API double in place of the missing
// binary: main.ts's wiring of windows, menu, session policy and IPC handlers,
// which the unit tests of app-windows.ts and ipc.ts do not reach.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../src-shared/contract';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = join(root, 'out', 'main', 'index.js');
const loader = join(root, 'tests', 'support', 'electron-loader.mjs');

interface Outcome {
  ok: boolean;
  value?: Record<string, unknown>;
  error?: { code: string; message: string };
}

describe('the built Electron main process, on the Electron API double', () => {
  const name = uniqueBlockName('bundle');
  let report: Record<string, unknown>;

  beforeAll(() => {
    if (!existsSync(bundle)) {
      const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
        cwd: root,
        encoding: 'utf8',
      });
      if (build.status !== 0) throw new Error(`electron-vite build failed: ${build.stderr}`);
    }
    const run = spawnSync(process.execPath, ['--import', loader, bundle, '--windows', '2', '--block', name, '--size', '8192'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    report = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  }, 120_000);
  afterAll(() => unlinkUsedBlocks());

  it('registers one handler per contract call, the cancel and subscribe controls, and nothing else', () => {
    expect(report['channels']).toEqual([...CALL_NAMES.map((call) => `shm:${call}`), 'shm:control:cancel', 'shm:control:subscribe'].sort());
    expect(report['subscribe:blockChanged']).toMatchObject({ ok: true });
  });

  it('--windows 2 --block tiles two secure windows on that block, each loading the built renderer', () => {
    const windows = report['windows'] as {
      webPreferences: Record<string, unknown>;
      x: number;
      width: number;
      loaded: { file: string; query: unknown };
      shown: boolean;
    }[];
    expect(windows).toHaveLength(2);
    expect(windows.map((w) => [w.x, w.width])).toEqual([
      [0, 800],
      [800, 800],
    ]);
    for (const window of windows) {
      expect(window.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        disableBlinkFeatures: 'Auxclick',
      });
      expect(window.webPreferences['preload']).toBe(join(root, 'out', 'preload', 'index.cjs'));
      expect(window.loaded).toEqual({ file: join(root, 'out', 'renderer', 'index.html'), query: { block: name, size: '8192' } });
      expect(window.shown).toBe(true);
    }
    expect(report['menu']).toEqual(['File', 'Edit', 'Find', 'View', 'windowMenu']);
  });

  it('Find and Files menu items carry accelerators and send the focused window a menuCommand', () => {
    expect(report['accelerators']).toEqual(
      expect.arrayContaining(['Find… CmdOrCtrl+F', 'Find Next F3', 'Find Previous Shift+F3', 'Export… CmdOrCtrl+E', 'Import… CmdOrCtrl+I']),
    );
    expect(report['menuCommands']).toEqual([
      { command: 'find' },
      { command: 'findNext' },
      { command: 'findPrevious' },
      { command: 'export' },
      { command: 'import' },
    ]);
  });

  it('answers its windows through the core, refuses strangers and malformed messages', () => {
    const hello = report['hello'] as Outcome;
    expect(hello).toMatchObject({ ok: true, value: { host: 'electron' } });
    expect(report['open']).toMatchObject({ ok: true, value: { name, size: 8192, createdHere: true } });
    expect(report['setString']).toEqual({ ok: true, value: { units: 21, truncated: false, capacityUnits: 4095 } });
    expect(report['watch']).toMatchObject({ ok: true, value: { offset: 0 } });
    expect(report['malformed']).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
    expect(report['stranger']).toMatchObject({
      ok: false,
      error: { code: 'ERR_BAD_MESSAGE', message: expect.stringMatching(/not one of this app's windows/) },
    });
    expect(report['foreignFrame']).toMatchObject({ ok: false, error: { code: 'ERR_BAD_MESSAGE' } });
  });

  it("sends one window's write inside the other's watched range to it as a blockChanged event", () => {
    expect(report['eventsToFirst']).toContain('shm:event:blockChanged');
  });

  it('sets a strict CSP and refuses every permission', () => {
    const csp = (report['csp'] as string[]).join(' ');
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(report['permissionGranted']).toBe(false);
    expect(report['permissionCheck']).toBe(false);
  });

  it('opens new windows from the menu and from window.open of its own page only, and refuses navigation', () => {
    expect(report['ownWindowOpen']).toEqual({ action: 'deny' });
    expect(report['foreignWindowOpen']).toEqual({ action: 'deny' });
    expect(report['windowsAdded']).toBe(2); // File › New Window, then the New Window button's window.open
    expect(report['newWindowQueries']).toEqual([
      { block: name, size: '8192' },
      { block: name, size: '8192' },
    ]);
    expect(report['navigationPrevented']).toBe(true);
  });
});
