// Issue 9, F1: never SIGBUS. tmpfs lets ftruncate promise more than it has
// and the first touch past the free space kills the process, reads included.
// A block we create has its pages reserved (ERR_SHM_NO_SPACE naming the free
// space); a sparse block someone else made is populated before each copy
// (ERR_SHM_FAULT). Run for real in a private mount namespace whose /dev/shm
// is a 16 MiB tmpfs; that needs root.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { native, run } from './helpers';

const fixture = fileURLToPath(new URL('./fixtures/no-space.cjs', import.meta.url));

describe('a /dev/shm too small for the block (F1)', () => {
  it('no process dies: coded errors instead of SIGBUS', async (ctx) => {
    if (process.getuid?.() !== 0) ctx.skip('needs root for a private mount namespace with a 16 MiB /dev/shm (unshare -m)');
    const result = await run('unshare', [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      'mount -t tmpfs -o size=16m tmpfs /dev/shm && exec "$0" "$1"',
      process.execPath,
      fixture,
    ]);
    expect(result.signal).toBeNull();
    expect(result.stderr).toBe('');
    const steps = Object.fromEntries(
      result.stdout
        .trim()
        .split('\n')
        .map((line) => {
          const step = JSON.parse(line);
          return [step.step, step];
        }),
    );
    expect(Object.keys(steps)).toContain('end'); // nothing killed the process

    expect(steps['create-64MiB']).toMatchObject({ ok: false, code: 'ERR_SHM_NO_SPACE' });
    expect(steps['create-64MiB'].message).toMatch(/67108864 bytes/);
    expect(steps['create-64MiB'].message).toMatch(/\d+\.\d MiB free/);
    expect(steps['left-behind'].value).toEqual([]);

    for (const step of ['read-all-rw', 'read-all-ro', 'write-all-rw', 'getString-rw']) {
      expect(steps[step]).toMatchObject({ ok: false, code: 'ERR_SHM_FAULT' });
      expect(steps[step].message).toMatch(/no memory behind them/);
    }
    expect(steps['write-all-rw'].message).toMatch(/nothing was written/);
    expect(steps['write-some-rw']).toMatchObject({ ok: true, value: true });
    expect(steps['getString-short']).toMatchObject({ ok: true, value: 'short text on a sparse block' });
    // The watcher's own copies: the hole is not touched; its poll skips the range.
    expect(steps['watch-hole']).toMatchObject({ ok: true, value: { answer: new Array(16).fill(0) } });
    expect(steps['watch-hole'].value.skipped).toBeGreaterThan(0);
    expect(steps['shm-reader-hex'].value).toMatchObject({ status: 1, signal: null });
    expect(steps['shm-reader-hex'].value.stderr).toMatch(/ERR_SHM_FAULT/);
    expect(native.backend).toBe('posix');
  });
});
