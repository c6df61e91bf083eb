// Issue 19, item 7: a digest can be cancelled, and stops at once. The digest
// of a large selection hashes chunk after chunk on the hashing thread and,
// before, nothing could stop it. A cancel naming its request (and the window going away)
// aborts it: it answers ERR_DIGEST_CANCELLED within a chunk's work and frees
// its heavy-job slot.
import { afterEach, describe, expect, it } from 'vitest';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

const BIG = 256 * 1024 * 1024;
const CANCEL_DEADLINE_MS = 300; // the 100 ms, plus slack for a loaded two-core machine

const cores: InspectorCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.dispose();
  unlinkUsedBlocks();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a cancel naming a digest request', () => {
  it('ends a 256 MiB digest within the deadline', { timeout: 60_000 }, async () => {
    const core = new InspectorCore({ host: 'browser' });
    cores.push(core);
    const name = uniqueBlockName('cd');
    expect((await core.handle('openBlock', { name, size: BIG }, 'w')).ok).toBe(true);
    let endedAt = 0;
    const digest = core.handle('digest', { name, offset: 0, length: BIG }, 'w', 1).then((outcome) => {
      endedAt = performance.now();
      return outcome;
    });
    await sleep(150);
    const cancelledAt = performance.now();
    const cancel = core.cancel('w', { id: 1 });
    const outcome = await Promise.race([digest, sleep(10_000).then(() => 'still hashing 10 s later' as const)]);
    const lateness = Math.round(endedAt - cancelledAt);
    console.log(`cancel: ${JSON.stringify(cancel)}; the digest ended ${lateness} ms after it`);
    expect(cancel).toMatchObject({ ok: true, value: { cancelled: true } });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ERR_DIGEST_CANCELLED' } });
    expect(lateness).toBeLessThan(CANCEL_DEADLINE_MS);
    expect(core.finder.jobCounts()).toEqual({ running: 0, waiting: 0 });
  });
});
