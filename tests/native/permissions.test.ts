// Objects the app creates are readable and writable by their owner only, and
// another user's block gives ERR_SHM_PERMISSION.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addonPath, native, nativeEntry, run, shmPath, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

/**
 * The addon and `script` in a fresh world-readable directory: the repository
 * may sit in a private (0700) directory that another user cannot enter. The
 * addon copied is the build this process loaded (addonPath: the ordinary one,
 * or under npm run test:sanitize the ASan build), and the child's environment
 * names the copy, not the build inside the repository.
 * Returns the script's path, the child's environment and a function that
 * removes the copy.
 */
function readableCopyFor(script: string): { scriptPath: string; env: NodeJS.ProcessEnv; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'shm-perm-'));
  const addonDir = join(dir, 'native');
  const buildDir = join(addonDir, 'build', 'Release');
  mkdirSync(buildDir, { recursive: true });
  copyFileSync(nativeEntry, join(addonDir, 'index.js'));
  copyFileSync(addonPath, join(buildDir, 'shm_native.node'));
  const scriptPath = join(dir, 'child.cjs');
  writeFileSync(scriptPath, script);
  for (const path of [dir, addonDir, join(addonDir, 'build'), buildDir]) chmodSync(path, 0o755);
  const env = { ...process.env };
  if (env['SHM_INSPECTOR_TEST_NATIVE_BUILD'] !== undefined) env['SHM_INSPECTOR_TEST_NATIVE_BUILD'] = buildDir;
  return { scriptPath, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('permissions', () => {
  it('a created block and its lock companion have mode 0600 even with umask 0', () => {
    const name = uniqueName('mode');
    const previous = process.umask(0);
    try {
      const block = native.openBlock({ name, size: 4096 });
      expect(statSync(shmPath(name)).mode & 0o777).toBe(0o600);
      expect(statSync(shmPath(`${name}.lock`)).mode & 0o777).toBe(0o600);
      block.close();
    } finally {
      process.umask(previous);
    }
  });

  it('another user opening the block gets ERR_SHM_PERMISSION', async (ctx) => {
    if (process.getuid?.() !== 0) ctx.skip('needs root to start a child as another user (uid 65534)');
    const name = uniqueName('perm');
    const block = native.openBlock({ name, size: 4096 });
    block.setString('private');

    const copy = readableCopyFor(
      `const n = require('./native/index.js');
       try { n.openBlock({ name: ${JSON.stringify(name)}, size: 4096 }); console.log('opened'); }
       catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`,
    );
    let child;
    try {
      child = await run(process.execPath, [copy.scriptPath], { uid: 65534, gid: 65534, env: copy.env });
    } finally {
      copy.remove();
    }

    expect(child.stderr).toBe('');
    const outcome = JSON.parse(child.stdout);
    expect(outcome.code).toBe('ERR_SHM_PERMISSION');
    expect(outcome.message).toContain(name);
    expect(block.getString()).toBe('private');
    block.close();
  });
});
