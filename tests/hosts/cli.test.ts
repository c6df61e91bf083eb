// `tsx src-main/web/cli.ts`, started the way `npm run web` starts it.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRendererFixture } from '../support/renderer-fixture';
import { waitFor } from '../support/wait';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const cli = join(root, 'src-main', 'web', 'cli.ts');
const URL_LINE = /^shm-inspector browser host: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+))$/;

describe('browser host CLI', () => {
  const fixture = makeRendererFixture();
  afterAll(() => fixture.remove());

  it('prints exactly one line with the URL, serves it, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [tsx, cli, '--port', '0', '--host-dir', fixture.dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      await waitFor(() => stdout.includes('\n'), 'the URL line', 60_000);
      const match = URL_LINE.exec(stdout.trim());
      expect(match, stdout + stderr).not.toBeNull();
      const page = await fetch(match![1]!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('fixture');
      child.kill('SIGTERM');
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(stdout.trim().split('\n')).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('says in one line that the renderer is not built, and exits 1', () => {
    const result = spawnSync(process.execPath, [tsx, cli, '--port', '0', '--host-dir', join(fixture.dir, 'nope')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/the renderer is not built \(.*index\.html is missing\); run `npm run build` first/);
  }, 90_000);

  it('uses SHM_INSPECTOR_TOKEN instead of a random token', async () => {
    const token = 'c0ffee'.repeat(8); // 48 hex characters
    const child = spawn(process.execPath, [tsx, cli, '--port', '0', '--host-dir', fixture.dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SHM_INSPECTOR_TOKEN: token },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => stdout.includes('\n'), 'the URL line', 60_000);
      const match = URL_LINE.exec(stdout.trim());
      expect(match?.[3]).toBe(token);
      expect((await fetch(match![1]!)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it.each([
    ['too short', 'abcdef0123'],
    ['31 characters', 'a'.repeat(31)],
    ['not hex', 'z'.repeat(40)],
    ['empty', ''],
  ])(
    'refuses a SHM_INSPECTOR_TOKEN that is %s, in one line, with exit code 64',
    (_why, token) => {
      const result = spawnSync(process.execPath, [tsx, cli, '--port', '0', '--host-dir', fixture.dir], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, SHM_INSPECTOR_TOKEN: token },
      });
      expect(result.status).toBe(64);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('SHM_INSPECTOR_TOKEN');
      expect(result.stderr).toContain('at least 32 hex characters');
      if (token !== '') expect(result.stderr).not.toContain(token); // a secret: never echoed
    },
    90_000,
  );

  it('documents SHM_INSPECTOR_TOKEN in its usage text, and why', () => {
    const result = spawnSync(process.execPath, [tsx, cli, '--help'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/usage: /);
    expect(result.stdout).toContain('SHM_INSPECTOR_TOKEN');
    expect(result.stdout).toMatch(/at least 32 hex/);
    expect(result.stdout).toMatch(/restart/i);
    expect(result.stdout).toMatch(/open tabs/);
  }, 90_000);

  it('refuses a malformed port', () => {
    const result = spawnSync(process.execPath, [tsx, cli, '--port', 'eighty'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(64);
    expect(result.stderr).toMatch(/usage/);
  }, 90_000);
});
