// BlockService.writeIfUnchanged (undo and redo) is one critical section across
// processes: two processes that each add 1 to a shared counter many times by
// compare-and-write never lose an increment. With the compare and the write
// under two holds of the lock (as before), both could read the same value,
// both find it unchanged and both write the same sum: increments were lost.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { native, uniqueName, unlinkCreated } from '../native/helpers';
import { spawnUntilLine } from '../support/spawn-until-line';

afterEach(unlinkCreated);

const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const counterChild = fileURLToPath(new URL('./fixtures/cas-counter.ts', import.meta.url));
const ROUNDS = 20_000;

/** The child's last line once it ends (spawnUntilLine keeps collecting its lines). */
function finished(child: ChildProcess, lines: string[]): Promise<{ retries: number }> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const last = lines.at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as { retries: number });
      else reject(new Error(`the counter child ended with code ${code}: ${lines.join(' ')}`));
    });
  });
}

describe('writeIfUnchanged across processes', () => {
  it('two processes adding 1 by compare-and-write lose no increment', async () => {
    const name = uniqueName('cas-hammer');
    const block = native.openBlock({ name, size: 4096 });
    const children = await Promise.all(
      [0, 1].map(() => spawnUntilLine(process.execPath, [tsx, counterChild, name, String(ROUNDS)], /^ready$/)),
    );
    try {
      const results = children.map(({ child, lines }) => finished(child, lines));
      block.write(64, Buffer.from([1])); // go: both start at once
      const [first, second] = await Promise.all(results);
      // They did meet: some compare found the other's write (else this proves nothing).
      expect(first!.retries + second!.retries).toBeGreaterThan(0);
      expect(block.read(0, 4).readUInt32LE(0)).toBe(2 * ROUNDS);
    } finally {
      for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
    }
    block.close();
  }, 120_000);
});
