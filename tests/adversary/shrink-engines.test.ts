// Issue 19, item 1, in the core every host serves: another user shrinks a
// block a window has open. The read, Find, the first value scan, the digest,
// the baseline, a watch made after the shrink, and a watch made before it
// (the watcher's thread, the history behind it) each died of SIGBUS; now each
// call answers ERR_SHM_TRUNCATED with the new size, and a watched block's
// shrink reaches the window as blockShrank.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run, uniqueName, type Finished } from '../native/helpers';
import { cannotActAsOtherUser, stepsOf } from './helpers';

// tsx as a loader of this very process (not its CLI, which relays a child's death as an exit code).
const tsxLoader = pathToFileURL(join(fileURLToPath(new URL('../..', import.meta.url)), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const fixture = fileURLToPath(new URL('./fixtures/shrink-core.ts', import.meta.url));
const names: string[] = [];
afterAll(() => {
  for (const name of names) rmSync(`/dev/shm/${name}`, { force: true });
});

const touches = ['read', 'find', 'scanFirst', 'digest', 'takeBaseline', 'watchAfter', 'watch'] as const;
let runs: Promise<Record<string, Finished & { name: string }>> | null = null;

/** Runs every touch in its own process, two at a time (started once, for all the tests). */
function runAll(): Promise<Record<string, Finished & { name: string }>> {
  runs ??= (async () => {
    const results: Record<string, Finished & { name: string }> = {};
    const queue = [...touches];
    const worker = async () => {
      for (let touch = queue.shift(); touch; touch = queue.shift()) {
        const name = uniqueName(`shrink-${touch}`);
        names.push(name);
        results[touch] = { name, ...(await run(process.execPath, ['--import', tsxLoader, fixture, name, touch], { env: process.env })) };
      }
    };
    await Promise.all([worker(), worker()]);
    return results;
  })();
  return runs;
}

describe("a window's calls on a block another user shrank", () => {
  it.for(['read', 'find', 'scanFirst', 'digest', 'takeBaseline', 'watchAfter'])(
    '%s answers ERR_SHM_TRUNCATED with the new size; the host lives on',
    // The first of these waits for all seven processes (two at a time): 26 s on a loaded
    // machine, over 60 s under ASan beside other suites.
    { timeout: 150_000 },
    async (touch, ctx) => {
      const why = cannotActAsOtherUser();
      if (why) return ctx.skip(why);
      const result = (await runAll())[touch]!;
      expect(result.signal, result.stdout + result.stderr).toBeNull(); // was SIGBUS
      const steps = stepsOf(result.stdout);
      expect(Object.keys(steps)).toContain('end');
      expect(steps.touch).toMatchObject({ ok: false, code: 'ERR_SHM_TRUNCATED' });
      expect(steps.touch!.message).toMatch(/shrank to 4096 bytes .*bytes past its end are gone/);
      expect(steps.inside).toMatchObject({ ok: true, value: 'AAAA' });
    },
  );

  it('a watch: the watcher thread survives and the window gets blockShrank with the new size', { timeout: 60_000 }, async (ctx) => {
    const why = cannotActAsOtherUser();
    if (why) return ctx.skip(why);
    const result = (await runAll()).watch!;
    expect(result.signal, result.stdout + result.stderr).toBeNull(); // was SIGBUS
    const steps = stepsOf(result.stdout);
    expect(Object.keys(steps)).toContain('end');
    expect(steps.before).toMatchObject({ ok: true });
    expect(steps.events).toMatchObject({ ok: true, value: [{ name: result.name, size: 4096 }] });
  });
});
