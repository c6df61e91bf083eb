// Handle lifetime: close is idempotent, a closed block throws ERR_SHM_CLOSED,
// unlink removes both names, and a block JavaScript forgets is unmapped by its
// finalizer.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { expectCode, native, nativeEntry, run, shmExists, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

function mapped(name: string): boolean {
  return readFileSync('/proc/self/maps', 'utf8').includes(`/dev/shm/${name}`);
}

describe('block lifetime', () => {
  it('close twice is harmless and unmaps', () => {
    const name = uniqueName('close');
    const block = native.openBlock({ name, size: 4096 });
    expect(mapped(name)).toBe(true);
    block.close();
    block.close();
    expect(block.closed).toBe(true);
    expect(mapped(name)).toBe(false);
    expect(block.name).toBe(name);
    expect(block.size).toBe(4096);
  });

  it('every call on a closed block throws ERR_SHM_CLOSED', () => {
    const block = native.openBlock({ name: uniqueName('closed'), size: 4096 });
    block.close();
    const calls: Array<() => unknown> = [
      () => block.read(0, 1),
      () => block.read(-5, 'x' as never), // closed wins over bad arguments
      () => block.readInto(0, new Uint8Array(1)),
      () => block.write(0, Uint8Array.from([1])),
      () => block.writeIfUnchanged(0, Uint8Array.from([0]), Uint8Array.from([1])),
      () => block.setString('x'),
      () => block.getString(),
      () => block.writeCount(),
      () => block.linked(),
      () => block.unlink(),
    ];
    for (const call of calls) expect(expectCode(call, 'ERR_SHM_CLOSED').message).toMatch(/is closed/);
  });

  it('unlink removes the block and its lock companion; the mapping stays valid', () => {
    const name = uniqueName('unlink');
    const block = native.openBlock({ name, size: 4096 });
    block.setString('still here');
    expect(shmExists(name) && shmExists(`${name}.lock`)).toBe(true);
    expect(block.linked()).toBe(true);

    expect(block.unlink()).toBe(true);

    expect(shmExists(name)).toBe(false);
    expect(shmExists(`${name}.lock`)).toBe(false);
    expect(block.linked()).toBe(false);
    expect(block.getString()).toBe('still here');
    expect(block.unlink()).toBe(false);
    const fresh = native.openBlock({ name, size: 4096 });
    expect(fresh.createdHere).toBe(true);
    expect(fresh.getString()).toBe('');
    expect(block.linked()).toBe(false); // the name now names another object
    fresh.close();
    block.close();
  });

  it('unlinkBlock removes a name without opening; false when there was none', () => {
    const name = uniqueName('unlinkname');
    native.openBlock({ name, size: 16 }).close();
    expect(native.unlinkBlock(name)).toBe(true);
    expect(native.unlinkBlock(name)).toBe(false);
    expect(shmExists(`${name}.lock`)).toBe(false);
  });

  it('a block JavaScript forgot is unmapped by its finalizer', async () => {
    const name = uniqueName('finalizer');
    const script = `
      const native = require(${JSON.stringify(nativeEntry)});
      const maps = () => require('fs').readFileSync('/proc/self/maps', 'utf8').includes('/dev/shm/${name}');
      (() => { native.openBlock({ name: '${name}', size: 4096 }).setString('x'); })();
      const before = maps();
      setTimeout(() => { global.gc(); setTimeout(() => { global.gc(); console.log(JSON.stringify({ before, after: maps() })); }, 50); }, 50);`;

    const child = await run(process.execPath, ['--expose-gc', '-e', script]);

    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ before: true, after: false });
  });

  it('read() returns a copy, never a view of the mapping', () => {
    const block = native.openBlock({ name: uniqueName('copy'), size: 64 });
    block.write(0, Uint8Array.from([1, 2, 3, 4]));
    const small = block.read(0, 4);
    const target = new Uint8Array(4);
    block.readInto(0, target);

    block.write(0, Uint8Array.from([9, 9, 9, 9]));
    small[1] = 77;
    target[2] = 88;

    expect([...small]).toEqual([1, 77, 3, 4]);
    expect([...target]).toEqual([1, 2, 88, 4]);
    expect([...block.read(0, 4)]).toEqual([9, 9, 9, 9]);
    expect(block.read(0, 64).length).toBe(64);
    block.close();
  });

  it('reports what a user looks for in system tools', () => {
    const name = uniqueName('names');
    const block = native.openBlock({ name, size: 4096 });
    expect(block.backend).toBe('posix');
    expect(block.systemName).toBe(`/dev/shm/${name}`);
    expect(native.readerPath).toMatch(/native\/build(-sanitize)?\/Release\/shm-reader$/);
    block.close();
  });
});
