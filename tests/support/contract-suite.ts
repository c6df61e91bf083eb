// The contract suite: every call, every reachable error code and every event,
// run the same way against each transport, each time through the contract
// client that host ships (src-shared/contract-client.ts): the core in process,
// the Electron handlers over the double with the preload's transport copied
// as contextBridge copies it, and the browser host over HTTP + SSE with the
// renderer's browser transport. A transport passes when the UI could not tell
// it from the others.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type {
  BlockBusyEvent,
  BlockChangedEvent,
  BlockUnlinkedEvent,
  ChildInfo,
  ErrorCode,
  EventName,
  FindProgressEvent,
  HostKind,
  InspectorApi,
  MarksChangedEvent,
  ScanProgressEvent,
} from '../../src-shared/contract';
import type { InspectorCoreOptions } from '../../src-main/core/inspector-core';
import { loadNative, nativeEntryPath } from '../../src-main/core/native';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnUntilLine } from './spawn-until-line';
import { uniqueBlockName, unlinkUsedBlocks } from './blocks';
import { writeFromOtherProcess as writeFromOtherNodeProcess } from './processes';
import { collect, waitFor } from './wait';

export interface ContractHarness {
  host: HostKind;
  /** The first window or tab. */
  api: InspectorApi;
  /** Another window or tab of the same host, with its events connected. */
  newClient(): Promise<InspectorApi>;
  close(): Promise<void>;
  /** The events the transport delivered to a client of this harness, before its listeners filter them (where the harness records them). */
  deliveredTo?(api: InspectorApi): readonly EventName[];
  /** The host's heavy jobs (finds, scans, digests) running and waiting (where the test can see the host's core). */
  jobCounts?(): { running: number; waiting: number };
}

export type HarnessFactory = (coreOptions: Partial<InspectorCoreOptions>) => Promise<ContractHarness>;

/**
 * The machine the host runs on, as the suite needs it beside the host: its
 * platform, and other processes there that make and write blocks. For every
 * host but one that is this process's machine; the Windows host under wine
 * (tests/win/windows-contract.test.ts) runs on Windows, where another process
 * is a Windows program in the same wine prefix.
 */
export interface HostMachine {
  platform: NodeJS.Platform;
  /** Another process writes `bytes` at `offset` of the existing block `name` of `size` bytes. */
  writeFromOtherProcess(name: string, size: number, offset: number, bytes: Uint8Array): Promise<void>;
  /**
   * Another process makes the block `name` of `size` bytes with `bytes` at
   * `offset`, and keeps it until release() (a Windows section lives only as
   * long as some handle to it does).
   */
  makeBlock(name: string, size: number, offset: number, bytes: Uint8Array): Promise<{ release(): Promise<void> }>;
}

/** This machine: another Node process writes through our addon; a block it makes persists after it closes. */
export const THIS_MACHINE: HostMachine = {
  platform: process.platform,
  writeFromOtherProcess: writeFromOtherNodeProcess,
  makeBlock: async (name, size, offset, data) => {
    const other = loadNative().openBlock({ name, size });
    other.write(offset, data);
    other.close();
    return { release: async () => {} };
  },
};

/** The suite's core: a small cap so ERR_CHILD_LIMIT is reachable without hanging children. */
const CORE_OPTIONS: Partial<InspectorCoreOptions> = { launcher: { maxConcurrent: 4 } };

const ORIGINAL_TEXT = 'This is a test string';
const ORIGINAL_LINE = `Child process read from shared memory: ${ORIGINAL_TEXT}`;

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

export function contractSuite(label: string, factory: HarnessFactory, machine: HostMachine = THIS_MACHINE): void {
  const { platform, writeFromOtherProcess } = machine;
  describe(`contract over ${label}`, () => {
    let harness: ContractHarness;
    let api: InspectorApi;

    beforeAll(async () => {
      harness = await factory(CORE_OPTIONS);
      api = harness.api;
    });
    afterAll(async () => {
      await harness?.close();
      unlinkUsedBlocks();
    });

    async function openFresh(prefix: string, size = 4096) {
      const name = uniqueBlockName(prefix);
      const info = await api.call('openBlock', { name, size });
      return { name, info };
    }

    it('hello: names the host and its limits', async () => {
      const hello = await api.call('hello', {});
      expect(hello.host).toBe(harness.host);
      expect(hello.defaultBlock).toEqual({ name: 'dllmemfilemap', size: 4096 });
      expect(hello.limits.maxReadLength).toBe(1 << 20);
      expect(hello.limits.maxConcurrentChildren).toBe(4);
      expect(hello.limits.maxSize).toBeGreaterThanOrEqual(1 << 20);
    });

    it('openBlock creates, a second open reuses it, info describes it', async () => {
      const { name, info } = await openFresh('open');
      expect(info).toMatchObject({ name, size: 4096, createdHere: true, capacityUnits: 2047 });
      if (platform !== 'win32') {
        expect(info).toMatchObject({ backend: 'posix', persistsUntilUnlinked: true, systemName: `/dev/shm/${name}` });
        expect(existsSync(`/dev/shm/${name}`)).toBe(true);
      } else {
        // A section in the session's object directory, gone with its last handle.
        expect(info).toMatchObject({ backend: 'win32', persistsUntilUnlinked: false });
        expect(info.systemName).toMatch(new RegExp(`\\\\BaseNamedObjects\\\\${name}$`));
        expect(existsSync(`/dev/shm/${name}`)).toBe(false);
      }
      expect(await api.call('openBlock', { name, size: 4096 })).toEqual(info);
      expect(await api.call('info', { name })).toEqual(info);
    });

    it('openBlock refuses bad names, sizes and argument types with their codes', async () => {
      await expectCode(api.call('openBlock', { name: '', size: 4096 }), 'ERR_SHM_NAME');
      await expectCode(api.call('openBlock', { name: 'a/b', size: 4096 }), 'ERR_SHM_NAME');
      await expectCode(api.call('openBlock', { name: 'x'.repeat(300), size: 4096 }), 'ERR_SHM_NAME');
      await expectCode(api.call('openBlock', { name: uniqueBlockName('sz'), size: 0 }), 'ERR_SHM_SIZE');
      await expectCode(api.call('openBlock', { name: uniqueBlockName('sz'), size: -4 }), 'ERR_SHM_SIZE');
      await expectCode(api.call('openBlock', { name: uniqueBlockName('sz'), size: 1.5 }), 'ERR_SHM_SIZE');
      await expectCode(api.call('openBlock', { name: uniqueBlockName('sz'), size: 2 ** 40 }), 'ERR_SHM_SIZE');
      await expectCode(api.call('openBlock', { name: 42 as unknown as string, size: 4096 }), 'ERR_SHM_ARG');
      await expectCode(api.call('openBlock', { name: uniqueBlockName('sz'), size: '4096' as unknown as number }), 'ERR_SHM_SIZE');
    });

    it('openBlock with create:false opens only what exists: ERR_SHM_NOT_FOUND creates nothing', async () => {
      const missing = uniqueBlockName('absent');
      await expectCode(api.call('openBlock', { name: missing, create: false }), 'ERR_SHM_NOT_FOUND');
      await expectCode(api.call('openBlock', { name: missing, size: 4096, create: false }), 'ERR_SHM_NOT_FOUND');
      if (platform !== 'win32') expect(existsSync(`/dev/shm/${missing}`)).toBe(false);
      await expectCode(api.call('openBlock', { name: missing, create: 'yes' as unknown as boolean }), 'ERR_SHM_ARG');
      await expectCode(api.call('openBlock', { name: missing }), 'ERR_SHM_SIZE'); // to create, a size is needed

      // Made by someone else, with a size the opener does not know: it is adopted.
      const name = uniqueBlockName('adopt');
      const other = await machine.makeBlock(name, 8192, 8190, bytes(0xab, 0xcd));
      try {
        const info = await api.call('openBlock', { name, create: false });
        expect(info).toMatchObject({ name, size: 8192, createdHere: false });
        expect(Array.from((await api.call('read', { name, offset: 8190, length: 2 })).bytes)).toEqual([0xab, 0xcd]);
        await expectCode(api.call('openBlock', { name, size: 4096, create: false }), 'ERR_SHM_SIZE_MISMATCH');
      } finally {
        await other.release();
      }
    });

    it('openBlock of an open block with another size is ERR_SHM_SIZE_MISMATCH', async () => {
      const { name } = await openFresh('mismatch');
      await expectCode(api.call('openBlock', { name, size: 8192 }), 'ERR_SHM_SIZE_MISMATCH');
    });

    it('a call on a block that was never opened is ERR_BLOCK_NOT_OPEN', async () => {
      const name = uniqueBlockName('notopen');
      await expectCode(api.call('info', { name }), 'ERR_BLOCK_NOT_OPEN');
      await expectCode(api.call('read', { name, offset: 0, length: 4 }), 'ERR_BLOCK_NOT_OPEN');
      await expectCode(api.call('setString', { name, text: 'x' }), 'ERR_BLOCK_NOT_OPEN');
      await expectCode(api.call('unlink', { name }), 'ERR_BLOCK_NOT_OPEN');
      await expectCode(api.call('launchReaders', { name, kind: 'native' }), 'ERR_BLOCK_NOT_OPEN');
    });

    it('malformed messages are ERR_BAD_MESSAGE: unknown call, arguments not an object', async () => {
      await expectCode(api.call('format' as 'hello', {}), 'ERR_BAD_MESSAGE');
      await expectCode(api.call('info', 'dllmemfilemap' as unknown as { name: string }), 'ERR_BAD_MESSAGE');
      await expectCode(api.call('read', [1, 2] as unknown as { name: string; offset: number; length: number }), 'ERR_BAD_MESSAGE');
      await expectCode(api.call('listChildren', null as unknown as Record<string, never>), 'ERR_BAD_MESSAGE');
    });

    it('setString and getString keep the original layout, truncation and cch', async () => {
      const { name } = await openFresh('text');
      expect(await api.call('setString', { name, text: ORIGINAL_TEXT })).toEqual({ units: 21, truncated: false, capacityUnits: 2047 });
      expect(await api.call('getString', { name })).toEqual({ text: ORIGINAL_TEXT, units: 21 });
      expect(await api.call('getString', { name, cch: 5 })).toEqual({ text: 'This', units: 4 });
      expect(await api.call('getString', { name, cch: 1 })).toEqual({ text: '', units: 0 });
      const start = await api.call('read', { name, offset: 0, length: 6 });
      expect(Array.from(start.bytes)).toEqual([84, 0, 104, 0, 105, 0]); // "Thi" in UTF-16LE
      const long = await api.call('setString', { name, text: 'x'.repeat(10_000) });
      expect(long).toEqual({ units: 2047, truncated: true, capacityUnits: 2047 });
      await expectCode(api.call('setString', { name, text: 12 as unknown as string }), 'ERR_SHM_ARG');
      await expectCode(api.call('getString', { name, cch: 0 }), 'ERR_SHM_ARG');
    });

    it('write and read bytes, inside the block only', async () => {
      const { name } = await openFresh('bytes');
      expect(await api.call('write', { name, offset: 4090, bytes: bytes(1, 2, 3, 4, 5, 6) })).toEqual({ written: 6 });
      const back = await api.call('read', { name, offset: 4088, length: 8 });
      expect(back.offset).toBe(4088);
      expect(back.bytes).toBeInstanceOf(Uint8Array);
      expect(Array.from(back.bytes)).toEqual([0, 0, 1, 2, 3, 4, 5, 6]);
      expect((await api.call('write', { name, offset: 0, bytes: new Uint8Array(0) })).written).toBe(0);
      await expectCode(api.call('write', { name, offset: 4093, bytes: bytes(1, 2, 3, 4) }), 'ERR_SHM_RANGE');
      await expectCode(api.call('write', { name, offset: 5000, bytes: bytes(1) }), 'ERR_SHM_RANGE');
      await expectCode(api.call('read', { name, offset: 4000, length: 200 }), 'ERR_SHM_RANGE');
      await expectCode(api.call('read', { name, offset: 0, length: (1 << 20) + 1 }), 'ERR_SHM_RANGE');
      await expectCode(api.call('read', { name, offset: -1, length: 1 }), 'ERR_SHM_RANGE');
      await expectCode(api.call('read', { name, offset: 0.5, length: 1 }), 'ERR_SHM_ARG');
      await expectCode(api.call('write', { name, offset: 0, bytes: [1, 2] as unknown as Uint8Array }), 'ERR_SHM_ARG');
      await expectCode(api.call('write', { name, offset: 0, bytes: 'AQI=' as unknown as Uint8Array }), 'ERR_SHM_ARG');
      // Nothing of the refused writes landed.
      expect(Array.from((await api.call('read', { name, offset: 4088, length: 8 })).bytes)).toEqual([0, 0, 1, 2, 3, 4, 5, 6]);
    });

    it('writeIfUnchanged writes only where the block still holds what was expected', async () => {
      const { name } = await openFresh('cas');
      await api.call('write', { name, offset: 100, bytes: bytes(1, 2, 3) });
      const refused = await api.call('writeIfUnchanged', { name, offset: 100, expect: bytes(1, 2, 9), bytes: bytes(7, 7, 7) });
      expect(refused.written).toBe(false);
      expect(Array.from(refused.found)).toEqual([1, 2, 3]);
      expect(Array.from((await api.call('read', { name, offset: 100, length: 3 })).bytes)).toEqual([1, 2, 3]);
      const done = await api.call('writeIfUnchanged', { name, offset: 100, expect: bytes(1, 2, 3), bytes: bytes(7, 8, 9) });
      expect(done.written).toBe(true);
      expect(Array.from((await api.call('read', { name, offset: 100, length: 3 })).bytes)).toEqual([7, 8, 9]);
      await expectCode(api.call('writeIfUnchanged', { name, offset: 4095, expect: bytes(0, 0), bytes: bytes(1, 1) }), 'ERR_SHM_RANGE');
      await expectCode(api.call('writeIfUnchanged', { name, offset: 0, expect: bytes(0), bytes: bytes(1, 1) }), 'ERR_SHM_ARG');
      await expectCode(
        api.call('writeIfUnchanged', { name, offset: 0, expect: [0] as unknown as Uint8Array, bytes: bytes(1) }),
        'ERR_SHM_ARG',
      );
      await expectCode(
        api.call('writeIfUnchanged', { name: uniqueBlockName('cas-none'), offset: 0, expect: bytes(0), bytes: bytes(1) }),
        'ERR_BLOCK_NOT_OPEN',
      );
    });

    it('watch returns the range; blockChanged brings each window the changes inside its own range', async () => {
      const { name } = await openFresh('watch');
      const other = await harness.newClient();
      const first = collect<BlockChangedEvent>((l) => api.on('blockChanged', l));
      const second = collect<BlockChangedEvent>((l) => other.on('blockChanged', l));
      try {
        await api.call('write', { name, offset: 100, bytes: bytes(7, 7) });
        const initial = await api.call('watch', { name, offset: 0, length: 256 });
        expect(initial.offset).toBe(0);
        expect(initial.bytes.length).toBe(256);
        expect(initial.bytes[100]).toBe(7);
        await other.call('watch', { name, offset: 1024, length: 1024 });

        await api.call('write', { name, offset: 10, bytes: bytes(0xaa, 0xbb) });
        const seen = await waitFor(() => first.items.find((e) => e.name === name), 'the first window to see its change');
        expect(seen.ranges.map((r) => ({ offset: r.offset, bytes: Array.from(r.bytes) }))).toEqual([{ offset: 10, bytes: [0xaa, 0xbb] }]);
        expect(typeof seen.detectedAt).toBe('number');

        // A write by another process, inside the second window's range only.
        await writeFromOtherProcess(name, 4096, 1500, bytes(1, 2, 3));
        const seenByOther = await waitFor(
          () => second.items.find((e) => e.name === name),
          'the second window to see the other process write',
        );
        expect(seenByOther.ranges.map((r) => ({ offset: r.offset, bytes: Array.from(r.bytes) }))).toEqual([
          { offset: 1500, bytes: [1, 2, 3] },
        ]);
        // The first window watches 0..256: it never heard of bytes at 1500, nor the second of bytes at 10.
        expect(first.items.flatMap((e) => e.ranges).every((r) => r.offset + r.bytes.length <= 256)).toBe(true);
        expect(second.items.flatMap((e) => e.ranges).every((r) => r.offset >= 1024 && r.offset + r.bytes.length <= 2048)).toBe(true);

        await expectCode(api.call('watch', { name, offset: 0, length: (1 << 20) + 1 }), 'ERR_SHM_RANGE');
        await expectCode(api.call('watch', { name, offset: 4000, length: 200 }), 'ERR_SHM_RANGE');
      } finally {
        first.stop();
        second.stop();
      }
    });

    it('launchReaders: the original scenario through a native and a Node reader, with childUpdated events', async () => {
      const { name } = await openFresh('child');
      await api.call('setString', { name, text: ORIGINAL_TEXT });
      const updates = collect<ChildInfo>((l) => api.on('childUpdated', l));
      try {
        for (const kind of ['native', 'node'] as const) {
          const [started] = await api.call('launchReaders', { name, kind });
          expect(started).toMatchObject({ kind, blockName: name, timedOut: false });
          expect(['running', 'exited']).toContain(started!.state);
          const done = await waitFor(
            () => updates.items.find((c) => c.id === started!.id && c.state !== 'running'),
            `the ${kind} reader to finish`,
          );
          expect(done).toMatchObject({ state: 'exited', exitCode: 0, signal: null, stdout: `${ORIGINAL_LINE}\n`, outputTruncated: false });
          expect(done.pid).toBeGreaterThan(0);
          expect(done.durationMs).toBeGreaterThanOrEqual(0);
        }
        const listed = await api.call('listChildren', {});
        expect(listed.filter((c) => c.blockName === name).map((c) => c.state)).toEqual(['exited', 'exited']);
        // With a block name, only that block's finished children go; a name that is not a string is refused.
        await expectCode(api.call('clearChildren', { name: 42 as unknown as string }), 'ERR_SHM_ARG');
        expect(await api.call('clearChildren', { name: `${name}-other` })).toEqual({ cleared: 0 });
        expect((await api.call('listChildren', {})).filter((c) => c.blockName === name)).toHaveLength(2);
        expect(await api.call('clearChildren', { name })).toEqual({ cleared: 2 });
        expect((await api.call('listChildren', {})).filter((c) => c.blockName === name)).toEqual([]);
        expect((await api.call('clearChildren', {})).cleared).toBeGreaterThanOrEqual(0);
      } finally {
        updates.stop();
      }
    });

    it('launchReaders refuses a bad kind, a bad count, and a batch past the cap (nothing started)', async () => {
      const { name } = await openFresh('cap');
      await expectCode(api.call('launchReaders', { name, kind: 'python' as 'node' }), 'ERR_SHM_ARG');
      await expectCode(api.call('launchReaders', { name, kind: 'node', count: 0 }), 'ERR_SHM_ARG');
      await expectCode(api.call('launchReaders', { name, kind: 'node', count: 51 }), 'ERR_SHM_ARG');
      const before = (await api.call('listChildren', {})).length;
      await expectCode(api.call('launchReaders', { name, kind: 'node', count: 5 }), 'ERR_CHILD_LIMIT');
      expect((await api.call('listChildren', {})).length).toBe(before);
    });

    it('unlink removes the name; opening it again creates a new zero-filled object', async () => {
      const { name } = await openFresh('unlink');
      await api.call('setString', { name, text: 'gone soon' });
      const result = await api.call('unlink', { name });
      if (platform === 'win32') return void expect(result.unlinked).toBe(false);
      expect(result).toEqual({ unlinked: true });
      expect(existsSync(`/dev/shm/${name}`)).toBe(false);
      // The old mapping stays usable until the block is opened again.
      expect((await api.call('getString', { name })).text).toBe('gone soon');
      const reopened = await api.call('openBlock', { name, size: 4096 });
      expect(reopened.createdHere).toBe(true);
      expect((await api.call('getString', { name })).text).toBe('');
    });

    it('value scan: each window keeps its own session; first, next, candidates with live values, progress, errors', async () => {
      const { name } = await openFresh('scan', 65536);
      const u32 = (value: number) => bytes(value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24);
      const other = await harness.newClient();
      const progress = collect<ScanProgressEvent>((l) => api.on('scanProgress', l));
      const progressOfOther = collect<ScanProgressEvent>((l) => other.on('scanProgress', l));
      try {
        await expectCode(api.call('scanNext', { name, mode: 'increased' }), 'ERR_SCAN_ORDER');
        await api.call('write', { name, offset: 0x1f0, bytes: u32(5) });
        const first = await api.call('scanFirst', { name, type: 'u32', endianness: 'little', aligned: true, mode: 'exact', value: '5' });
        expect(first).toMatchObject({ name, type: 'u32', count: 1, steps: 1 });
        // The other window starts its own scan on the same block: the first window's candidates stay.
        const unknown = await other.call('scanFirst', { name, type: 'u32', endianness: 'little', aligned: true, mode: 'unknown' });
        expect(unknown.count).toBe(65536 / 4);

        await writeFromOtherProcess(name, 65536, 0x1f0, u32(7));
        await api.call('write', { name, offset: 0x200, bytes: u32(1) });
        const narrowed = await other.call('scanNext', { name, mode: 'increased' });
        expect(narrowed.count).toBe(2);
        const page = await other.call('scanCandidates', { name, from: 0, max: 10 });
        expect(page).toEqual({
          total: 2,
          from: 0,
          candidates: [
            { offset: 0x1f0, previous: '7', current: '7' },
            { offset: 0x200, previous: '1', current: '1' },
          ],
        });
        const byTwo = await api.call('scanNext', { name, mode: 'increasedBy', by: '2' });
        expect(byTwo.count).toBe(1);
        await api.call('write', { name, offset: 0x1f0, bytes: u32(9) });
        expect((await api.call('scanCandidates', { name, from: 0, max: 10 })).candidates).toEqual([
          { offset: 0x1f0, previous: '7', current: '9' },
        ]);

        expect(progress.items.some((e) => e.name === name && e.done === 65536 && e.total === 65536)).toBe(true);
        expect(progressOfOther.items.length).toBeGreaterThan(0);

        await expectCode(api.call('scanNext', { name, mode: 'exact', value: 'seven' }), 'ERR_SCAN_VALUE');
        await expectCode(api.call('scanNext', { name, mode: 'exact', value: '4294967296' }), 'ERR_SCAN_VALUE');
        await expectCode(api.call('scanNext', { name, mode: 'sideways' as never }), 'ERR_SHM_ARG');
        await expectCode(
          api.call('scanFirst', { name, type: 'u128' as never, endianness: 'little', aligned: true, mode: 'unknown' }),
          'ERR_SHM_ARG',
        );
        await expectCode(api.call('scanCandidates', { name, from: 0, max: 100_000 }), 'ERR_SHM_ARG');

        expect(await api.call('scanRelease', { name })).toEqual({ released: true });
        await expectCode(api.call('scanCandidates', { name, from: 0, max: 10 }), 'ERR_SCAN_ORDER');
        expect((await other.call('scanCandidates', { name, from: 0, max: 10 })).total).toBe(2);
        expect(await other.call('scanRelease', { name })).toEqual({ released: true });
      } finally {
        progress.stop();
        progressOfOther.stop();
      }
    });

    it.runIf(platform === 'linux')('listBlocks lists an open block with its size, mode and this process; filters by pattern', async () => {
      const { name } = await openFresh('listing', 8192);
      const listing = await api.call('listBlocks', { filter: `${name}*`, kinds: ['posix'] });
      expect(listing.entries).toHaveLength(1); // the .lock companion is folded in
      expect(listing.entries[0]).toMatchObject({ kind: 'posix', name, size: 8192, mode: 0o600, hasLockCompanion: true });
      expect(listing.entries[0]!.processes.map((p) => p.pid)).toContain(process.pid); // every harness serves from this process
      expect((await api.call('listBlocks', { filter: `${name}-nothing` })).entries).toEqual([]);
      await expectCode(api.call('listBlocks', { sort: 'colour' as never }), 'ERR_SHM_ARG');
    });

    it("history: records our and another process's writes in the watched range, rebuilds bytes at a time, pages and exports", async () => {
      const { name } = await openFresh('history');
      await expectCode(api.call('bytesAt', { name, offset: 0, length: 4, time: 0 }), 'ERR_HISTORY_INCOMPLETE');
      await api.call('watch', { name, offset: 0, length: 256 });
      await api.call('write', { name, offset: 10, bytes: bytes(1, 1) });
      const afterFirst = await waitFor(async () => {
        const info = await api.call('historyInfo', { name });
        return info.count >= 1 ? info : undefined;
      }, 'the first write to be recorded');
      await writeFromOtherProcess(name, 4096, 10, bytes(2, 2));
      await waitFor(
        async () => ((await api.call('historyInfo', { name })).count >= 2 ? true : undefined),
        "the other process's write to be recorded",
      );
      // Outside every watched range: recorded too (whole-block history, blocks up to 1 MiB), but outside this window.
      await api.call('write', { name, offset: 3000, bytes: bytes(9) });

      const page = await api.call('readHistory', { name, offset: 0, length: 256 });
      expect(page.total).toBe(2);
      expect(page.entries.map((e) => ({ offset: e.offset, before: Array.from(e.before), after: Array.from(e.after) }))).toEqual([
        { offset: 10, before: [0, 0], after: [1, 1] },
        { offset: 10, before: [1, 1], after: [2, 2] },
      ]);
      const [first, second] = page.entries;
      expect(second!.time).toBeGreaterThanOrEqual(first!.time);
      const paged = await api.call('readHistory', { name, max: 1 });
      expect(paged.entries).toHaveLength(1);
      expect(paged.next).toBe(1);
      expect((await api.call('readHistory', { name, offset: 100, length: 10 })).total).toBe(0);

      const { times } = await api.call('historyTimes', { name, offset: 0, length: 256 });
      expect(times).toEqual([...new Set([first!.time, second!.time])]);
      // Only the times after one the timeline knows; a time that is no number is refused.
      expect((await api.call('historyTimes', { name, offset: 0, length: 256, after: first!.time })).times).toEqual(
        second!.time > first!.time ? [second!.time] : [],
      );
      expect((await api.call('historyTimes', { name, offset: 0, length: 256, after: second!.time })).times).toEqual([]);
      await expectCode(api.call('historyTimes', { name, offset: 0, length: 256, after: 'then' as never }), 'ERR_SHM_ARG');
      const atFirst = await api.call('bytesAt', { name, offset: 8, length: 6, time: first!.time });
      expect(Array.from(atFirst.bytes)).toEqual([0, 0, 1, 1, 0, 0]);
      expect(Array.from((await api.call('bytesAt', { name, offset: 10, length: 2, time: Date.now() + 1000 })).bytes)).toEqual([2, 2]);
      await expectCode(api.call('bytesAt', { name, offset: 10, length: 2, time: afterFirst.completeSince - 1 }), 'ERR_HISTORY_INCOMPLETE');
      await expectCode(api.call('bytesAt', { name, offset: 4090, length: 10, time: first!.time }), 'ERR_SHM_RANGE');
      await expectCode(api.call('bytesAt', { name, offset: 0, length: 1, time: 'now' as never }), 'ERR_SHM_ARG');

      const exported = await api.call('exportHistory', { name });
      expect(exported.next).toBeNull();
      const lines = exported.text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.slice(0, 2)).toEqual([
        { time: first!.time, offset: 10, before: '0000', after: '0101' },
        { time: second!.time, offset: 10, before: '0101', after: '0202' },
      ]);
      expect(lines.slice(2)).toMatchObject([{ offset: 3000, before: '00', after: '09' }]);
      await api.call('watch', { name, offset: 0, length: 0 });
    });

    it('takeBaseline then differences lists every range that differs now, with counts, paged', async () => {
      const { name } = await openFresh('baseline', 256 * 1024);
      await expectCode(api.call('differences', { name }), 'ERR_NO_BASELINE');
      await api.call('write', { name, offset: 5, bytes: bytes(1) });
      const baseline = await api.call('takeBaseline', { name });
      expect(baseline).toMatchObject({ name, size: 256 * 1024 });
      expect((await api.call('differences', { name })).totalRanges).toBe(0);

      await api.call('write', { name, offset: 5, bytes: bytes(1) }); // the same value: no difference
      await api.call('write', { name, offset: 100, bytes: bytes(7, 7, 7) });
      await writeFromOtherProcess(name, 256 * 1024, 200_000, bytes(1, 2));
      const page = await api.call('differences', { name });
      expect(page).toMatchObject({ totalRanges: 2, totalBytes: 5, rangesCapped: false, next: null, baselineTakenAt: baseline.takenAt });
      expect(page.ranges).toEqual([
        { offset: 100, length: 3 },
        { offset: 200_000, length: 2 },
      ]);
      const firstPage = await api.call('differences', { name, max: 1 });
      expect(firstPage.ranges).toEqual([{ offset: 100, length: 3 }]);
      expect(firstPage.next).toBe(1);
      expect((await api.call('differences', { name, start: 1, max: 1 })).ranges).toEqual([{ offset: 200_000, length: 2 }]);
      await expectCode(api.call('differences', { name, max: 0 }), 'ERR_SHM_ARG');
    });

    it('changeMarks: a write anywhere in the block marks its region, watched or not', async () => {
      const size = 1 << 20;
      const { name } = await openFresh('marks', size);
      const first = await api.call('changeMarks', { name });
      expect(first.regionSize).toBe(64 * 1024);
      expect(first.regions).toEqual([]);
      await writeFromOtherProcess(name, size, size - 4, bytes(1, 2, 3, 4));
      const marks = await waitFor(async () => {
        const seen = await api.call('changeMarks', { name });
        return seen.regions.length > 0 ? seen : undefined;
      }, 'the write at the end to be marked');
      expect(marks.regions.map((r) => ({ offset: r.offset, length: r.length }))).toEqual([{ offset: size - 64 * 1024, length: 64 * 1024 }]);
      expect((await api.call('changeMarks', { name, since: marks.regions[0]!.changedAt })).regions).toEqual([]);
    });

    it('changeMarks with follow: the marks arrive as marksChanged events until follow: false', async () => {
      const size = 1 << 20;
      const { name } = await openFresh('follow', size);
      const events = collect<MarksChangedEvent>((l) => api.on('marksChanged', l));
      expect((await api.call('changeMarks', { name, follow: true })).regions).toEqual([]);
      await writeFromOtherProcess(name, size, size - 4, bytes(1, 2, 3, 4));
      const event = await waitFor(() => events.items.find((e) => e.name === name && e.regions.length > 0), 'a marksChanged event');
      expect(event.regions.map((r) => ({ offset: r.offset, length: r.length }))).toEqual([{ offset: size - 64 * 1024, length: 64 * 1024 }]);
      await api.call('changeMarks', { name, follow: false });
      events.stop();
      await expectCode(api.call('changeMarks', { name, follow: 1 as unknown as boolean }), 'ERR_SHM_ARG');
    });

    it.runIf(platform !== 'win32')('openBlock follows a name that another process unlinked and recreated', async () => {
      const { name } = await openFresh('relink');
      await api.call('setString', { name, text: 'old object' });
      const native = (await import('../../src-main/core/native')).loadNative();
      native.unlinkBlock(name);
      const replacement = native.openBlock({ name, size: 4096 });
      replacement.setString('new object');
      replacement.close();
      const reopened = await api.call('openBlock', { name, size: 4096 });
      expect(reopened.createdHere).toBe(false);
      expect((await api.call('getString', { name })).text).toBe('new object');
    });

    it('find: a wildcard hex pattern and a UTF-16LE string written by another process, counted and located, with progress', async () => {
      const size = 9 * 1024 * 1024; // three 4 MiB chunks: a match across a chunk boundary is found once
      const { name } = await openFresh('find', size);
      const boundary = 4 * 1024 * 1024 - 2;
      await writeFromOtherProcess(name, size, 1000, bytes(0xde, 0xad, 0x01, 0xef));
      await writeFromOtherProcess(name, size, boundary, bytes(0xde, 0xad, 0x77, 0xef));
      await writeFromOtherProcess(name, size, size - 4, bytes(0xde, 0xad, 0xff, 0xef));
      await writeFromOtherProcess(name, size, 5_000_001, Uint8Array.from(Buffer.from('Needle', 'utf16le')));
      const progress = collect<FindProgressEvent>((l) => api.on('findProgress', l));
      try {
        const hex = await api.call('find', { name, searchId: 'hex-1', pattern: { kind: 'hex', text: 'DE AD ?? EF' } });
        expect(hex).toEqual({ searchId: 'hex-1', count: 3, offsets: [1000, boundary, size - 4], truncated: false, patternLength: 4 });
        const last = await waitFor(
          () => progress.items.find((e) => e.searchId === 'hex-1' && e.done === e.total),
          'the last progress event',
        );
        expect(last).toMatchObject({ name, total: size - 3, matches: 3 });
        expect(progress.items.filter((e) => e.searchId === 'hex-1').length).toBeGreaterThanOrEqual(3);

        const text = await api.call('find', {
          name,
          searchId: 'text-1',
          pattern: { kind: 'text', text: 'needle', encoding: 'utf16le', caseInsensitive: true },
        });
        expect(text).toMatchObject({ count: 1, offsets: [5_000_001], patternLength: 12 });
        const exactCase = await api.call('find', {
          name,
          searchId: 'text-2',
          pattern: { kind: 'text', text: 'needle', encoding: 'utf16le' },
        });
        expect(exactCase.count).toBe(0);
        const few = await api.call('find', { name, searchId: 'hex-2', pattern: { kind: 'hex', text: 'DEAD??EF' }, maxResults: 1 });
        expect(few).toMatchObject({ count: 3, offsets: [1000], truncated: true });
      } finally {
        progress.stop();
      }
    });

    it('find: numbers of a width and endianness; bad patterns are ERR_SEARCH_PATTERN and bad arguments their codes', async () => {
      const { name } = await openFresh('findnum');
      await api.call('write', { name, offset: 64, bytes: bytes(0x00, 0x00, 0x04, 0xd2) }); // 1234 as a big-endian u32
      await api.call('write', { name, offset: 128, bytes: Uint8Array.from(Buffer.from(new Float64Array([2.5]).buffer)) });
      const u32 = await api.call('find', {
        name,
        searchId: 'n1',
        pattern: { kind: 'number', value: '1234', type: 'u32', endianness: 'big' },
      });
      expect(u32.offsets).toEqual([64]);
      const f64 = await api.call('find', {
        name,
        searchId: 'n2',
        pattern: { kind: 'number', value: '2.5', type: 'f64', endianness: 'little' },
      });
      expect(f64.offsets).toEqual([128]);
      await expectCode(api.call('find', { name, searchId: 'b1', pattern: { kind: 'hex', text: 'XY' } }), 'ERR_SEARCH_PATTERN');
      await expectCode(api.call('find', { name, searchId: 'b2', pattern: { kind: 'hex', text: '?? ??' } }), 'ERR_SEARCH_PATTERN');
      await expectCode(
        api.call('find', { name, searchId: 'b3', pattern: { kind: 'number', value: '256', type: 'u8', endianness: 'little' } }),
        'ERR_SEARCH_PATTERN',
      );
      await expectCode(
        api.call('find', { name, searchId: 'b4', pattern: { kind: 'text', text: 'é', encoding: 'ascii' } }),
        'ERR_SEARCH_PATTERN',
      );
      await expectCode(api.call('find', { name, searchId: 'b5', pattern: null as never }), 'ERR_SEARCH_PATTERN');
      await expectCode(api.call('find', { name, searchId: 'b6', pattern: { kind: 'regex' } as never }), 'ERR_SHM_ARG');
      await expectCode(api.call('find', { name, searchId: '', pattern: { kind: 'hex', text: 'DE' } }), 'ERR_SHM_ARG');
      await expectCode(
        api.call('find', { name: `${name}-none`, searchId: 'b7', pattern: { kind: 'hex', text: 'DE' } }),
        'ERR_BLOCK_NOT_OPEN',
      );
    });

    it("aborting a find's signal cancels it on the host: ERR_SEARCH_CANCELLED, its progress stops, its job slot is freed", async () => {
      const size = 128 * 1024 * 1024;
      const { name } = await openFresh('findcancel', size);
      const progress = collect<FindProgressEvent>((l) => api.on('findProgress', l));
      const controller = new AbortController();
      try {
        // Case-insensitive text runs the byte loop, the slowest path: 32 chunks.
        const running = api.call(
          'find',
          { name, searchId: 'slow', pattern: { kind: 'text', text: 'absent', encoding: 'ascii', caseInsensitive: true } },
          { signal: controller.signal },
        );
        running.catch(() => undefined);
        await waitFor(() => progress.items.find((e) => e.searchId === 'slow'), 'the first progress event');
        const abortedAt = Date.now();
        controller.abort();
        await expectCode(running, 'ERR_SEARCH_CANCELLED');
        console.log(`${harness.host}: the find answered ERR_SEARCH_CANCELLED ${Date.now() - abortedAt} ms after its signal aborted`);
        if (harness.jobCounts) expect(harness.jobCounts()).toEqual({ running: 0, waiting: 0 });
        const seen = progress.items.length;
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(progress.items.length).toBe(seen); // the host stopped searching: no progress after the answer
        expect(progress.items.filter((e) => e.searchId === 'slow').every((e) => e.done < e.total)).toBe(true);
        // A signal already aborted: the call is not sent, and fails with the same code.
        await expectCode(
          api.call('find', { name, searchId: 'never', pattern: { kind: 'hex', text: 'DE' } }, { signal: controller.signal }),
          'ERR_SEARCH_CANCELLED',
        );
        expect(progress.items.some((e) => e.searchId === 'never')).toBe(false);
      } finally {
        progress.stop();
        await api.call('unlink', { name });
      }
    });

    it('a client gets only the events it subscribed to: one not listening to findProgress receives none', async () => {
      const { name } = await openFresh('findsub', 4 * 1024 * 1024);
      const quiet = await harness.newClient();
      await quiet.call('openBlock', { name, size: 4 * 1024 * 1024 });
      const stopQuiet = quiet.on('childUpdated', () => undefined); // listening, but not to findProgress
      const mine = collect<FindProgressEvent>((l) => api.on('findProgress', l));
      try {
        expect(await quiet.call('find', { name, searchId: 'quiet', pattern: { kind: 'hex', text: 'DE AD' } })).toMatchObject({ count: 0 });
        expect(await api.call('find', { name, searchId: 'loud', pattern: { kind: 'hex', text: 'DE AD' } })).toMatchObject({ count: 0 });
        await waitFor(() => mine.items.find((e) => e.searchId === 'loud' && e.done === e.total), "the listening client's last progress");
        expect(mine.items.some((e) => e.searchId === 'quiet')).toBe(false);
        if (harness.deliveredTo) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          expect(harness.deliveredTo(quiet).filter((event) => event === 'findProgress')).toEqual([]);
          expect(harness.deliveredTo(api)).toContain('findProgress');
        }
        // Its last listener gone, the listening client is unsubscribed too.
        mine.stop();
        const before = harness.deliveredTo?.(api).length ?? 0;
        await api.call('find', { name, searchId: 'after', pattern: { kind: 'hex', text: 'DE AD' } });
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (harness.deliveredTo)
          expect(
            harness
              .deliveredTo(api)
              .slice(before)
              .filter((event) => event === 'findProgress'),
          ).toEqual([]);
      } finally {
        mine.stop();
        stopQuiet();
        await api.call('unlink', { name });
      }
    });

    it('digest: length, CRC-32, Adler-32 and SHA-256 of a range; a range past the end is ERR_SHM_RANGE', async () => {
      const { name } = await openFresh('digest');
      const data = Uint8Array.from(Buffer.from('Wikipedia'));
      await api.call('write', { name, offset: 100, bytes: data });
      const facts = await api.call('digest', { name, offset: 100, length: data.length });
      // Adler-32 of "Wikipedia" is 0x11E60398 (the algorithm's textbook example); CRC-32 is zlib's.
      expect(facts).toEqual({ length: 9, crc32: 0xadaac02e, adler32: 0x11e60398, sha256: createHash('sha256').update(data).digest('hex') });
      expect((await api.call('digest', { name, offset: 0, length: 0 })).length).toBe(0);
      await expectCode(api.call('digest', { name, offset: 4000, length: 200 }), 'ERR_SHM_RANGE');
      await expectCode(api.call('digest', { name, offset: -1, length: 1 }), 'ERR_SHM_RANGE');
    });

    // ---- issue 9: read-only opens, closeBlock, blockUnlinked, blockBusy ----

    it.runIf(platform === 'linux')('openBlock readOnly maps a foreign block without a trace and refuses every change', async () => {
      const name = uniqueBlockName('ro');
      const made = loadNative().openBlock({ name, size: 4096 });
      made.setString('theirs');
      made.close();
      const { unlinkSync } = await import('node:fs');
      unlinkSync(`/dev/shm/${name}.lock`); // as if another program had made it: no companion of ours
      const info = await api.call('openBlock', { name, readOnly: true });
      expect(info).toMatchObject({ name, size: 4096, readOnly: true, locked: false, createdHere: false });
      expect(existsSync(`/dev/shm/${name}.lock`)).toBe(false);
      expect((await api.call('getString', { name })).text).toBe('theirs');
      await expectCode(api.call('setString', { name, text: 'mine' }), 'ERR_SHM_READ_ONLY');
      await expectCode(api.call('write', { name, offset: 0, bytes: bytes(1) }), 'ERR_SHM_READ_ONLY');
      await expectCode(api.call('unlink', { name }), 'ERR_SHM_READ_ONLY');
      expect(existsSync(`/dev/shm/${name}`)).toBe(true);
      await expectCode(api.call('openBlock', { name: uniqueBlockName('ro-absent'), readOnly: true }), 'ERR_SHM_NOT_FOUND');
      await expectCode(api.call('openBlock', { name, readOnly: 'yes' as unknown as boolean }), 'ERR_SHM_ARG');
      // Switching to read-write reopens it (our own block: the checks allow it).
      expect(await api.call('openBlock', { name, create: false })).toMatchObject({ readOnly: false, locked: true });
    });

    it('closeBlock releases a block once no window uses it', async () => {
      const { name } = await openFresh('close');
      const other = await harness.newClient();
      await other.call('openBlock', { name, size: 4096 });
      expect(await api.call('closeBlock', { name })).toEqual({ closed: false });
      expect((await other.call('info', { name })).name).toBe(name);
      expect(await other.call('closeBlock', { name })).toEqual({ closed: true });
      await expectCode(api.call('info', { name }), 'ERR_BLOCK_NOT_OPEN');
      await expectCode(api.call('closeBlock', { name }), 'ERR_BLOCK_NOT_OPEN');
      await expectCode(api.call('closeBlock', {} as never), 'ERR_SHM_ARG');
    });

    it.runIf(platform !== 'win32')('blockUnlinked tells every window at once, whoever unlinks', async () => {
      const { name } = await openFresh('unlinked');
      const other = await harness.newClient();
      await other.call('openBlock', { name, size: 4096 });
      const first = collect<BlockUnlinkedEvent>((l) => api.on('blockUnlinked', l));
      const second = collect<BlockUnlinkedEvent>((l) => other.on('blockUnlinked', l));
      try {
        await api.call('unlink', { name });
        await waitFor(() => first.items.find((e) => e.name === name), 'the unlinking window to hear of it');
        await waitFor(() => second.items.find((e) => e.name === name), 'the other window to hear of it');
        // Another program unlinks a block a window watches: the monitor finds out within a second or so.
        const watched = await openFresh('unlinked-ext');
        await other.call('watch', { name: watched.name, offset: 0, length: 16 });
        loadNative().unlinkBlock(watched.name);
        await waitFor(() => second.items.find((e) => e.name === watched.name), 'the watching window to hear of the outside unlink', 5000);
      } finally {
        first.stop();
        second.stop();
      }
    });

    it.runIf(platform === 'linux')('blockBusy names the holder of a stuck lock and clears; other calls still answer', async () => {
      const { name } = await openFresh('busy');
      const free = await openFresh('busy-free');
      const seen = collect<BlockBusyEvent>((l) => api.on('blockBusy', l));
      const holderScript = join(dirname(fileURLToPath(import.meta.url)), 'lock-holder.cjs');
      const holder = await spawnUntilLine(process.execPath, [holderScript, nativeEntryPath(), name, '4096'], /^holding/, { stdin: 'pipe' });
      try {
        await api.call('watch', { name, offset: 0, length: 64 });
        const busy = await waitFor(
          () => seen.items.find((e) => e.name === name && e.holder !== null),
          'blockBusy naming the holder',
          10_000,
        );
        expect(busy.holder).toContain(`pid ${holder.child.pid}`);
        await expectCode(api.call('getString', { name }), 'ERR_SHM_BUSY');
        expect((await api.call('hello', {})).host).toBe(harness.host);
        expect((await api.call('getString', { name: free.name })).text).toBe('');
        holder.child.stdin!.write('release\n');
        await waitFor(() => seen.items.find((e) => e.name === name && e.holder === null), 'blockBusy clearing', 10_000);
      } finally {
        seen.stop();
        holder.child.stdin!.end();
        await api.call('watch', { name, offset: 0, length: 0 });
      }
    });
  });
}
