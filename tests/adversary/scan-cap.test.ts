// Issue 19, item 8: value scans have host-wide caps. The cap of 4 sessions
// per client id meant nothing, as callers choose their ids: six ids each
// scanning unknown u8 over 256 MiB took a host from 51 to 2,049 MiB, and the
// sessions of clients that never opened an event stream were never released.
// Now the host holds at most MAX_SCAN_SESSIONS sessions whose reserved memory
// adds up to at most MAX_SCAN_MEMORY_BYTES (ERR_SCAN_LIMIT past either), and
// a client without an event stream loses its sessions once idle.
import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutcome } from '../../src-shared/contract';
import { InspectorCore, type InspectorCoreOptions } from '../../src-main/core/inspector-core';
import { MAX_SCAN_SESSIONS } from '../../src-main/core/limits';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

const cores: InspectorCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.dispose();
  unlinkUsedBlocks();
});

function startCore(options: Partial<InspectorCoreOptions> = {}): InspectorCore {
  const core = new InspectorCore({ host: 'browser', ...options });
  cores.push(core);
  return core;
}

async function openBlock(core: InspectorCore, size: number): Promise<string> {
  const name = uniqueBlockName('sc');
  expect((await core.handle('openBlock', { name, size }, 'setup')).ok).toBe(true);
  return name;
}

const unknownU8 = (name: string) => ({ name, type: 'u8', endianness: 'little', aligned: false, mode: 'unknown' });
const codeOf = (outcome: CallOutcome<unknown>) => (outcome.ok ? 'ok' : outcome.error.code);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('value-scan caps across client ids', () => {
  it(`holds at most MAX_SCAN_SESSIONS (${MAX_SCAN_SESSIONS}) sessions host-wide, whatever ids the callers invent`, async () => {
    const core = startCore();
    const name = await openBlock(core, 4096);
    const outcomes: string[] = [];
    for (let i = 0; i <= MAX_SCAN_SESSIONS; i++) outcomes.push(codeOf(await core.handle('scanFirst', unknownU8(name), `invented-${i}`)));
    console.log(`first scans of ${MAX_SCAN_SESSIONS + 1} invented ids: ${outcomes.join(' ')}`);
    expect(outcomes.slice(0, MAX_SCAN_SESSIONS)).toEqual(Array<string>(MAX_SCAN_SESSIONS).fill('ok'));
    expect(outcomes[MAX_SCAN_SESSIONS]).toBe('ERR_SCAN_LIMIT');
    // Releasing one makes room again.
    expect(await core.handle('scanRelease', { name }, 'invented-0')).toMatchObject({ ok: true, value: { released: true } });
    expect(codeOf(await core.handle('scanFirst', unknownU8(name), 'invented-last'))).toBe('ok');
  });

  it('refuses the scan that would pass the host-wide memory cap (lowered here to keep the test small)', async () => {
    const size = 16 * 1024 * 1024; // every-byte u8 reserves 2 x (16 + 2) = 36 MiB
    const core = startCore({ scanLimits: { maxMemoryBytes: 100 * 1024 * 1024 } });
    const name = await openBlock(core, size);
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) outcomes.push(codeOf(await core.handle('scanFirst', unknownU8(name), `id-${i}`)));
    console.log(`six ids scanning unknown u8 over 16 MiB under a 100 MiB cap: ${outcomes.join(' ')}`);
    expect(outcomes).toEqual(['ok', 'ok', 'ERR_SCAN_LIMIT', 'ERR_SCAN_LIMIT', 'ERR_SCAN_LIMIT', 'ERR_SCAN_LIMIT']);
    expect(core.scans.totalCount()).toBe(2);
    expect(core.scans.reservedBytes()).toBeLessThanOrEqual(100 * 1024 * 1024);
  });

  it('releases the sessions of a client that never opened an event stream once it is idle', async () => {
    const core = startCore({ scanLimits: { idleReleaseMs: 200 } });
    const name = await openBlock(core, 4096);
    core.connect('tab', () => undefined);
    expect(codeOf(await core.handle('scanFirst', unknownU8(name), 'tab'))).toBe('ok');
    expect(codeOf(await core.handle('scanFirst', unknownU8(name), 'script'))).toBe('ok');
    await sleep(800);
    const left = { script: core.scans.countOf('script'), tab: core.scans.countOf('tab') };
    console.log(`sessions 800 ms later: ${JSON.stringify(left)}`);
    expect(left).toEqual({ script: 0, tab: 1 });
  });
});
