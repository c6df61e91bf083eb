// Issue 19, item 7: cancel is prompt. Find `00`, 4,094 wildcards and `01` on
// a block of zeros: every start matches the first byte and fails only at the
// last, so the old matcher compared 4,096 bytes per start (a 4 MiB chunk took
// tens of seconds) and looked at nothing between chunks: the cancel answered,
// but the search held its pool thread on. Four such finds held all four of
// libuv's threads. Now the engine checks only the pattern's exact bytes and
// polls a cancel flag inside its loops: each cancelled find ends within
// milliseconds, and the pool is free at once.
import { afterEach, describe, expect, it } from 'vitest';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

const BIG = 64 * 1024 * 1024;
/** 4,096 bytes: `00`, 4,094 wildcards, `01`. */
const PATHOLOGICAL = ['00', ...Array<string>(4094).fill('??'), '01'].join(' ');
/** The 100 ms, plus scheduling slack on a loaded two-core machine. */
const CANCEL_DEADLINE_MS = 300;

const cores: InspectorCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.dispose();
  unlinkUsedBlocks();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a cancel (naming the find request) on a pathological pattern', () => {
  it('ends every cancelled find within the deadline and frees the pool at once', { timeout: 60_000 }, async () => {
    const core = new InspectorCore({ host: 'browser' });
    cores.push(core);
    const big = uniqueBlockName('cf');
    const small = uniqueBlockName('cfs');
    const clients = ['w1', 'w2', 'w3', 'w4'];
    for (const client of clients) {
      core.connect(client, () => undefined);
      expect((await core.handle('openBlock', { name: big, size: BIG }, client)).ok).toBe(true);
    }
    expect((await core.handle('openBlock', { name: small, size: 4096 }, 'w1')).ok).toBe(true);

    const ended: number[] = [];
    const finds = clients.map((client, i) =>
      core.handle('find', { name: big, searchId: `s${i}`, pattern: { kind: 'hex', text: PATHOLOGICAL } }, client, i).then((outcome) => {
        ended[i] = performance.now();
        return outcome;
      }),
    );
    await sleep(300); // every find is deep in its first chunk (or queued for a slot)
    const cancelledAt = performance.now();
    for (const [i, client] of clients.entries()) {
      expect(core.cancel(client, { id: i })).toMatchObject({ ok: true, value: { cancelled: true } });
    }
    const outcomes = await Promise.race([
      Promise.all(finds),
      sleep(5000).then(() => 'the cancelled finds were still running 5 s after the cancel' as const),
    ]);
    expect(outcomes).not.toBeTypeOf('string');
    for (const outcome of outcomes as Awaited<(typeof finds)[number]>[]) {
      expect(outcome).toMatchObject({ ok: false, error: { code: 'ERR_SEARCH_CANCELLED' } });
    }
    const lateness = ended.map((at) => Math.round(at - cancelledAt));
    console.log(`finds ended ${lateness.join(', ')} ms after the cancel`);
    for (const late of lateness) expect(late).toBeLessThan(CANCEL_DEADLINE_MS);

    // A find right after: a pool thread (and a heavy-job slot) is free for it at once.
    const started = performance.now();
    const quick = await core.handle('find', { name: small, searchId: 'quick', pattern: { kind: 'hex', text: '00 01' } }, 'w1');
    const quickMs = performance.now() - started;
    console.log(`a small find after the cancels answered in ${quickMs.toFixed(1)} ms`);
    expect(quick.ok).toBe(true);
    expect(quickMs).toBeLessThan(CANCEL_DEADLINE_MS);
  });
});
