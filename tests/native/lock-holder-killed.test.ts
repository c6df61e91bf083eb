// A process killed with SIGKILL while it holds the lock must not wedge the
// others: the robust mutex hands the lock to the next locker (EOWNERDEAD).
import { afterEach, describe, expect, it } from 'vitest';
import { native, pollUntil, startChild, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

describe('a lock holder killed with SIGKILL', () => {
  it('the others carry on within a second', async () => {
    const name = uniqueName('killed');
    const block = native.openBlock({ name, size: 4096 });
    block.setString('before');

    const holder = await startChild('hold', { name, size: 4096 }, /^holding/);
    expect(native.testing.tryLock(block)).toBe(false); // another process really holds it
    const waiter = await startChild('waiter', { name, size: 4096, text: 'after the kill', lockTimeoutMs: 20_000 }, /waiting/);
    expect(JSON.parse(waiter.lines[0]!)).toEqual({ waiting: true, lockWasFree: false });

    const holderGone = new Promise((resolve) => holder.child.once('exit', (_code, signal) => resolve(signal)));
    holder.child.kill('SIGKILL');
    expect(await holderGone).toBe('SIGKILL');

    // This call blocks on the lock; if the dead holder wedged it, it would never return.
    const started = process.hrtime.bigint();
    const text = block.getString();
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(elapsedMs).toBeLessThan(1000);
    expect(['before', 'after the kill']).toContain(text);

    // The process that was already waiting when the holder died finished its write.
    await pollUntil(() => waiter.lines.some((line) => line.includes('"done"')), 10_000, 'the waiter');
    expect(JSON.parse(waiter.lines.find((line) => line.includes('"done"'))!)).toMatchObject({
      done: true,
      text: 'after the kill',
    });
    expect(block.getString()).toBe('after the kill');
    expect(native.testing.tryLock(block)).toBe(true);
    block.close();
  });

  it('a lock held by this process through the test hook is reported, not deadlocked', () => {
    const name = uniqueName('self');
    const block = native.openBlock({ name, size: 64 });
    native.testing.holdLock(block);
    expect(() => block.getString()).toThrow(/already held by this thread/);
    native.testing.releaseLock(block);
    expect(block.getString()).toBe('');
    block.close();
  });
});
