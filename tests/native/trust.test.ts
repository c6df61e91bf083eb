// Issue 9, F4a/F4b: never fooled. A read-write open of an object that another
// user owns, or that group or others may write, or whose lock companion is
// such, is refused with ERR_SHM_UNSAFE saying why and offering read-only.
// The other user is uid 65534, played by /usr/bin/python3 under setpriv
// (it cannot read our repository, so it only touches absolute /dev/shm paths).
import { chmodSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { expectCode, native, run, shmPath, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

const isRoot = process.getuid?.() === 0;

/** Creates /dev/shm/<entry> as uid 65534 with `mode`, sized `size`. */
async function createAsNobody(entry: string, mode: number, size: number): Promise<void> {
  const script = `import os
fd = os.open('/dev/shm/${entry}', os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
os.fchmod(fd, 0o${mode.toString(8)})
os.ftruncate(fd, ${size})
os.close(fd)`;
  const result = await run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '/usr/bin/python3', '-c', script]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

describe('objects we do not own or that others may write (F4a)', () => {
  it("another user's world-writable block: read-write refused, read-only allowed", async (ctx) => {
    if (!isRoot) ctx.skip('needs root to create an object as another user (setpriv --reuid=65534)');
    const name = uniqueName('trust');
    await createAsNobody(name, 0o666, 4096);

    const error = expectCode(() => native.openBlock({ name, size: 4096 }), 'ERR_SHM_UNSAFE');
    expect(error.message).toMatch(/belongs to uid 65534/);
    expect(error.message).toMatch(/read-only/);
    expect(existsSync(shmPath(`${name}.lock`))).toBe(false); // nothing of ours was made next to it
    expectCode(() => native.openBlock({ name, create: false, size: 'existing' }), 'ERR_SHM_UNSAFE');

    const look = native.openBlock({ name, readOnly: true });
    expect(look.getString()).toBe('');
    look.close();
  });

  it('our own block made group- or world-writable: refused, naming the mode', () => {
    const name = uniqueName('trust');
    native.openBlock({ name, size: 64 }).close();
    for (const [mode, who] of [
      [0o666, 'every user'],
      [0o620, 'its group'],
    ] as const) {
      chmodSync(shmPath(name), mode);
      const error = expectCode(() => native.openBlock({ name, size: 64 }), 'ERR_SHM_UNSAFE');
      expect(error.message).toContain(`mode 0${mode.toString(8)}`);
      expect(error.message).toContain(who);
      // Words a person acts on, not an API field (issue 23: "open it read-only (readOnly: true)").
      expect(error.message).toMatch(/open it read-only to look at it$/);
    }
  });
});

describe('a planted lock companion (F4b)', () => {
  it("another user's companion, world-writable: refused before any lock is taken", async (ctx) => {
    if (!isRoot) ctx.skip('needs root to create an object as another user (setpriv --reuid=65534)');
    const name = uniqueName('trust');
    native.openBlock({ name, size: 4096 }).close();
    native.unlinkBlock(name);
    native.openBlock({ name, size: 4096 }).close(); // our block ...
    rmSync(shmPath(`${name}.lock`)); // ... whose companion a hostile user replaces
    await createAsNobody(`${name}.lock`, 0o666, 128);

    const started = Date.now();
    const error = expectCode(() => native.openBlock({ name, size: 4096 }), 'ERR_SHM_UNSAFE');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.message).toMatch(/lock companion/);
    expect(error.message).toMatch(/uid 65534/);
    expect(existsSync(shmPath(name))).toBe(true); // not ours to remove: it existed before
  });

  it('a companion name that is a symbolic link is not followed', () => {
    const name = uniqueName('trust');
    const target = `/tmp/${name}-target`;
    writeFileSync(target, 'untouched');
    symlinkSync(target, shmPath(`${name}.lock`));
    try {
      const error = expectCode(() => native.openBlock({ name, size: 64 }), 'ERR_SHM_NOT_A_BLOCK');
      expect(error.message).toContain(`${name}.lock is a symbolic link, not a lock companion`);
      expect(readFileSync(target, 'utf8')).toBe('untouched');
      expect(existsSync(shmPath(name))).toBe(false); // the block this call created was removed
    } finally {
      rmSync(shmPath(`${name}.lock`));
      rmSync(target);
    }
  });

  it('a companion we create is 0600 and exactly the companion size', () => {
    const name = uniqueName('trust');
    const block = native.openBlock({ name, size: 64 });
    const info = readFileSync(shmPath(`${name}.lock`));
    expect(info.length).toBe(128);
    block.close();
  });
});
