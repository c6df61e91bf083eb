// Issue 9, F7 and F10: opening leaves nothing behind that was not there.
// F10: a block another program made gets a companion from us while we use it;
// the last of our processes to close it removes that companion again.
// F7: an open that fails after creating the block removes the block.
import { afterEach, describe, expect, it } from 'vitest';
import { native, nativeEntry, run, shmExists, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

async function foreignBlock(name: string): Promise<void> {
  const script = `import os
fd = os.open('/dev/shm/${name}', os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
os.ftruncate(fd, 4096)
os.close(fd)`;
  const result = await run('/usr/bin/python3', ['-c', script]);
  expect(result.stderr).toBe('');
}

describe('a foreign block keeps no companion of ours (F10)', () => {
  it('the last of our closers removes the companion we created', async () => {
    const name = uniqueName('foreign');
    await foreignBlock(name);
    const first = native.openBlock({ name, size: 4096 });
    expect(first.createdHere).toBe(false);
    expect(shmExists(`${name}.lock`)).toBe(true);

    // Another of our processes opens and closes it meanwhile: the companion stays for us.
    const other = await run(process.execPath, [
      '-e',
      `const n = require(${JSON.stringify(nativeEntry)});
       const b = n.openBlock({ name: ${JSON.stringify(name)}, size: 4096 }); b.setString('from the other'); b.close();`,
    ]);
    expect(other.stderr).toBe('');
    expect(shmExists(`${name}.lock`)).toBe(true);
    expect(first.getString()).toBe('from the other');

    first.close();
    expect(shmExists(`${name}.lock`)).toBe(false);
    expect(shmExists(name)).toBe(true); // the block itself is not ours to remove
  });

  it('a process that exits without closing leaves nothing either (the addon closes at exit)', async () => {
    const name = uniqueName('foreign');
    await foreignBlock(name);
    const child = await run(process.execPath, [
      '-e',
      `const n = require(${JSON.stringify(nativeEntry)});
       n.openBlock({ name: ${JSON.stringify(name)}, size: 4096 }).getString();`,
    ]);
    expect(child.stderr).toBe('');
    expect(shmExists(`${name}.lock`)).toBe(false);
  });

  it('a block we created keeps its companion until it is unlinked', () => {
    const name = uniqueName('ours');
    native.openBlock({ name, size: 4096 }).close();
    expect(shmExists(`${name}.lock`)).toBe(true);
    native.unlinkBlock(name);
    expect(shmExists(`${name}.lock`)).toBe(false);
  });
});

describe('a failed open leaves nothing behind (F7)', () => {
  it('companion creation failing with EMFILE removes the block just created', async () => {
    const name = uniqueName('emfile');
    // Use up the descriptors but one: the block's shm_open gets it, the companion's fails.
    const child = await run('sh', [
      '-c',
      `ulimit -n 64 && exec "$0" -e "$1"`,
      process.execPath,
      `const fs = require('node:fs');
       const n = require(${JSON.stringify(nativeEntry)});
       const held = [];
       try { for (;;) held.push(fs.openSync('/dev/null', 'r')); } catch {}
       fs.closeSync(held.pop());
       try { n.openBlock({ name: ${JSON.stringify(name)}, size: 4096 }); console.log('opened'); }
       catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`,
    ]);
    expect(child.stderr).toBe('');
    const outcome = JSON.parse(child.stdout);
    expect(outcome.code).toBe('ERR_SHM_SYSTEM');
    expect(outcome.message).toMatch(/open files/i);
    expect(outcome.message).toContain(`${name}.lock`); // the block was made, its companion failed
    expect(shmExists(name)).toBe(false);
    expect(shmExists(`${name}.lock`)).toBe(false);
  });
});
