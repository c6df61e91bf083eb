// Issue 9, F2 and F5: nothing waits without a deadline. A process that holds
// a block's lock and stops (SIGSTOP, a breakpoint) makes calls on that block
// fail fast with ERR_SHM_BUSY naming the holder, not freeze the caller; a
// companion whose initialiser is stuck or dead is noticed as fast.
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { expectCode, native, shmExists, shmPath, startChild, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

function timed<T>(action: () => T): { value: T; ms: number } {
  const started = process.hrtime.bigint();
  const value = action();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

describe('a stopped lock holder (F2)', () => {
  it('every locked call fails with ERR_SHM_BUSY naming the holder, within its deadline', async () => {
    const name = uniqueName('stopped');
    const block = native.openBlock({ name, size: 4096 });
    const other = native.openBlock({ name: uniqueName('other'), size: 4096 });
    const holder = await startChild('hold', { name, size: 4096 }, /^holding/);
    holder.child.kill('SIGSTOP');
    try {
      for (const call of [
        () => block.getString(),
        () => block.setString('x'),
        () => block.read(0, 16),
        () => block.write(0, Buffer.from('y')),
      ]) {
        const { value: error, ms } = timed(() => expectCode(call, 'ERR_SHM_BUSY'));
        expect(error.message).toContain(`pid ${holder.child.pid}`);
        expect(error.message).toContain(name);
        expect(ms).toBeLessThan(1000);
      }
      // Another block answers at once.
      expect(other.setString('free')).toEqual({ units: 4, truncated: false });
      // A shorter deadline of the caller's choosing.
      const quick = native.openBlock({ name, size: 4096, lockTimeoutMs: 10 });
      expectCode(() => quick.getString(), 'ERR_SHM_BUSY');
      quick.close();
    } finally {
      holder.child.kill('SIGKILL');
    }
    await new Promise((resolve) => holder.child.once('exit', resolve));
    // The dead holder's lock is taken over: the block works again.
    expect(block.setString('again').units).toBe(5);
    block.close();
    other.close();
  });

  it('lockTimeoutMs must be a whole number of milliseconds from 0 to 60000', () => {
    for (const lockTimeoutMs of [-1, 1.5, 'x', 60_001, NaN]) {
      const error = expectCode(() => native.openBlock({ name: uniqueName('badtimeout'), size: 64, lockTimeoutMs } as never), 'ERR_SHM_ARG');
      expect(error.message).toMatch(/lockTimeoutMs must be a whole number of milliseconds from 0 to 60000/);
    }
  });
});

describe('a companion left half-initialised (F5)', () => {
  // state = 1: "being initialised by pid 1", a process that is alive and will never finish.
  function plantStuckCompanion(name: string, bytes: number): void {
    const fd = openSync(shmPath(`${name}.lock`), 'wx', 0o600);
    const image = Buffer.alloc(bytes);
    image.writeUInt32LE(1, 0);
    writeSync(fd, image);
    closeSync(fd);
  }

  for (const bytes of [64, 128]) {
    it(`fails fast with a coded error and leaves no block behind (${bytes}-byte companion)`, () => {
      const name = uniqueName('halfinit');
      plantStuckCompanion(name, bytes);
      const { value: error, ms } = timed(() => {
        try {
          native.openBlock({ name, size: 4096 });
        } catch (caught) {
          return caught as Error & { code: string };
        }
        throw new Error('openBlock succeeded over a stuck companion');
      });
      expect(['ERR_SHM_BUSY', 'ERR_SHM_UNSAFE']).toContain(error.code);
      expect(error.message).toContain(name);
      expect(ms).toBeLessThan(1000);
      expect(shmExists(name)).toBe(false); // the block this call created was removed again
      expect(existsSync(shmPath(`${name}.lock`))).toBe(true); // not ours to remove
    });
  }
});
