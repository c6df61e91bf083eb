// Objects the app creates are readable and writable by their owner only, and
// another user's block gives ERR_SHM_PERMISSION.
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { native, nativeEntry, run, shmPath, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

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

    const child = await run(
      process.execPath,
      [
        '-e',
        `const n = require(${JSON.stringify(nativeEntry)});
         try { n.openBlock({ name: ${JSON.stringify(name)}, size: 4096 }); console.log('opened'); }
         catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`,
      ],
      { uid: 65534, gid: 65534 },
    );

    expect(child.stderr).toBe('');
    const outcome = JSON.parse(child.stdout);
    expect(outcome.code).toBe('ERR_SHM_PERMISSION');
    expect(outcome.message).toContain(name);
    expect(block.getString()).toBe('private');
    block.close();
  });
});
