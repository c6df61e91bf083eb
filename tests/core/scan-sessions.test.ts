// Value-scan sessions in the core: one per window and block, bounded per
// window, cancelled between chunks, freed when the window disconnects.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MAX_SCAN_SESSIONS_PER_CLIENT, type CallOutcome } from '../../src-shared/contract';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

let core: InspectorCore | null = null;

afterEach(() => core?.dispose());
afterAll(() => unlinkUsedBlocks());

async function call(name: string, args: unknown, clientId: string, requestId?: number): Promise<unknown> {
  const outcome = (await core!.handle(name, args, clientId, requestId)) as CallOutcome<unknown>;
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { code: outcome.error.code });
  return outcome.value;
}

async function openBlock(prefix: string, size: number): Promise<string> {
  const name = uniqueBlockName(`scan-struct-${prefix}`);
  await call('openBlock', { name, size }, 'setup');
  return name;
}

const unknownU8 = (name: string) => ({ name, type: 'u8', endianness: 'little', aligned: true, mode: 'unknown' });

describe('scan sessions per client', () => {
  it('a window holds at most MAX_SCAN_SESSIONS_PER_CLIENT sessions; releasing one makes room; another window is not limited by it', async () => {
    core = new InspectorCore({ host: 'browser' });
    const names: string[] = [];
    for (let i = 0; i <= MAX_SCAN_SESSIONS_PER_CLIENT; i++) names.push(await openBlock(`limit${i}`, 4096));
    for (const name of names.slice(0, MAX_SCAN_SESSIONS_PER_CLIENT)) await call('scanFirst', unknownU8(name), 'a');
    expect(core.scans.countOf('a')).toBe(MAX_SCAN_SESSIONS_PER_CLIENT);
    const extra = names[MAX_SCAN_SESSIONS_PER_CLIENT]!;
    await expect(call('scanFirst', unknownU8(extra), 'a')).rejects.toMatchObject({ code: 'ERR_SCAN_LIMIT' });
    // A new first scan on a block the window already scans replaces its session.
    await call('scanFirst', unknownU8(names[0]!), 'a');
    expect(core.scans.countOf('a')).toBe(MAX_SCAN_SESSIONS_PER_CLIENT);
    await call('scanFirst', unknownU8(extra), 'b');
    await call('scanRelease', { name: names[1] }, 'a');
    await call('scanFirst', unknownU8(extra), 'a');
    expect(core.scans.countOf('a')).toBe(MAX_SCAN_SESSIONS_PER_CLIENT);
  });

  it('a disconnecting window loses its sessions, the others keep theirs', async () => {
    core = new InspectorCore({ host: 'browser' });
    const name = await openBlock('gone', 4096);
    core.connect('a', () => undefined);
    await call('scanFirst', unknownU8(name), 'a');
    await call('scanFirst', unknownU8(name), 'b');
    core.disconnect('a');
    expect(core.scans.countOf('a')).toBe(0);
    await expect(call('scanNext', { name, mode: 'unchanged' }, 'a')).rejects.toMatchObject({ code: 'ERR_SCAN_ORDER' });
    expect(await call('scanNext', { name, mode: 'unchanged' }, 'b')).toMatchObject({ count: 4096, steps: 2 });
  });

  it('cancel stops a running step with ERR_SCAN_CANCELLED and keeps the previous candidates; a second step meanwhile is ERR_SCAN_BUSY', async () => {
    core = new InspectorCore({ host: 'browser' });
    const size = 64 * 1024 * 1024;
    const name = await openBlock('cancel', size);
    const first = await call('scanFirst', { ...unknownU8(name), type: 'u32' }, 'a');
    expect(first).toMatchObject({ count: size / 4, steps: 1 });
    const progress: number[] = [];
    core.connect('a', (event, payload) => {
      if (event === 'scanProgress') progress.push((payload as { done: number }).done);
    });
    core.subscribe('a', { event: 'scanProgress', subscribed: true });
    const running = call('scanNext', { name, mode: 'changed' }, 'a', 7);
    await expect(call('scanNext', { name, mode: 'unchanged' }, 'a')).rejects.toMatchObject({ code: 'ERR_SCAN_BUSY' });
    await expect(call('scanCandidates', { name, from: 0, max: 1 }, 'a')).rejects.toMatchObject({ code: 'ERR_SCAN_BUSY' });
    expect(core.cancel('a', { id: 7 })).toEqual({ ok: true, value: { cancelled: true } });
    await expect(running).rejects.toMatchObject({ code: 'ERR_SCAN_CANCELLED' });
    expect(progress.every((done) => done < size)).toBe(true);
    // The previous step's candidates are intact: every start is still a candidate.
    const page = (await call('scanCandidates', { name, from: 0, max: 2 }, 'a')) as { total: number; candidates: { offset: number }[] };
    expect(page.total).toBe(size / 4);
    expect(page.candidates.map((c) => c.offset)).toEqual([0, 4]);
    expect(await call('scanNext', { name, mode: 'unchanged' }, 'a')).toMatchObject({ count: size / 4, steps: 2 });
  });

  it('a malformed name is ERR_SHM_ARG on every scan call, also from a window that holds no session', async () => {
    core = new InspectorCore({ host: 'browser' });
    for (const call of ['scanFirst', 'scanNext', 'scanCandidates', 'scanRelease']) {
      const outcome = (await core.handle(call, { name: 42, from: 0, max: 1, mode: 'changed' }, 'fresh')) as CallOutcome<unknown>;
      expect(outcome, call).toMatchObject({ ok: false, error: { code: 'ERR_SHM_ARG' } });
    }
  });

  it('64-bit values travel as decimal text both ways', async () => {
    core = new InspectorCore({ host: 'browser' });
    const name = await openBlock('u64', 4096);
    const max = 0xffff_ffff_ffff_fff0n;
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, max, false);
    await call('write', { name, offset: 64, bytes }, 'a');
    const status = await call(
      'scanFirst',
      { name, type: 'u64', endianness: 'big', aligned: false, mode: 'range', min: String(max - 1n), max: String(max) },
      'a',
    );
    expect(status).toMatchObject({ count: 1 });
    const page = (await call('scanCandidates', { name, from: 0, max: 10 }, 'a')) as { candidates: unknown[] };
    expect(page.candidates).toEqual([{ offset: 64, previous: String(max), current: String(max) }]);
  });
});
