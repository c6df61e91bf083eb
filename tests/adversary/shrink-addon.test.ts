// Issue 19, item 1: another user shrinks a block we have mapped. Every touch
// past the new end raised SIGBUS and killed the process (exit 135): the
// addon's read, readInto and getString, and the watcher's thread 0.4 s later
// with no call made. Now each call throws ERR_SHM_TRUNCATED with the new size
// and the watcher reports the shrink once. The block: 64 MiB of 'A', mode
// 0644, made and truncated to 4096 bytes by uid 65534; we read at 32 MiB.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { run, uniqueName } from '../native/helpers';
import { cannotActAsOtherUser, stepsOf } from './helpers';

const fixture = fileURLToPath(new URL('./fixtures/shrink-addon.cjs', import.meta.url));
const names: string[] = [];

afterEach(() => {
  for (const name of names.splice(0)) for (const file of [name, `${name}.lock`]) rmSync(`/dev/shm/${file}`, { force: true });
});

async function shrinkThenTouch(touch: string) {
  const name = uniqueName('shrink');
  names.push(name);
  const result = await run(process.execPath, [fixture, name, touch]);
  expect(result.signal, result.stdout + result.stderr).toBeNull(); // was SIGBUS (exit 135)
  expect(result.code).toBe(0);
  const steps = stepsOf(result.stdout);
  expect(Object.keys(steps)).toContain('end'); // nothing killed the process
  expect(steps.before).toMatchObject({ ok: true, value: 'AAAA' });
  // What is left of the block still reads, and its size now is known.
  expect(steps.inside).toMatchObject({ ok: true, value: 'AAAA' });
  expect(steps.currentSize).toMatchObject({ ok: true, value: 4096 });
  return { name, touched: steps.touch! };
}

describe("another user's block shrinks under our mapping", () => {
  it.for(['read', 'readInto', 'getString'])(
    '%s past the new end throws ERR_SHM_TRUNCATED with the new size',
    { timeout: 20_000 },
    async (touch, ctx) => {
      const why = cannotActAsOtherUser();
      if (why) return ctx.skip(why);
      const { touched } = await shrinkThenTouch(touch);
      expect(touched).toMatchObject({ ok: false, code: 'ERR_SHM_TRUNCATED', newSize: 4096 });
      expect(touched.message).toMatch(/shrank to 4096 bytes .*bytes past its end are gone/);
    },
  );

  it.for(['write', 'writeIfUnchanged', 'setString'])(
    '%s past the new end of our own block throws ERR_SHM_TRUNCATED (truncate -s 4096 by another process of ours)',
    { timeout: 20_000 },
    async (touch, ctx) => {
      const why = cannotActAsOtherUser();
      if (why) return ctx.skip(why);
      const { touched } = await shrinkThenTouch(touch);
      expect(touched).toMatchObject({ ok: false, code: 'ERR_SHM_TRUNCATED', newSize: 4096 });
      expect(touched.message).toMatch(/shrank to 4096 bytes .*could not be written \(none past its new end was\)/);
    },
  );

  it("the watcher's thread survives with no call made, and reports the shrink once", async (ctx) => {
    const why = cannotActAsOtherUser();
    if (why) return ctx.skip(why);
    const { name, touched } = await shrinkThenTouch('watcher');
    expect(touched).toMatchObject({ ok: true, value: [{ batchName: name, shrunkTo: 4096, changes: 0 }] });
  }, 20_000);
});
