// Find, Files and Selection facts in the renderer (stores/find.ts,
// stores/files.ts, stores/selectionFacts.ts, lib/byteDiff.ts) against a real
// core: the session's find moves the cursor through the matches; an import is
// planned (bytes that will change counted), refused when it does not fit, and
// written in chunks past the read limit; compare lists the differing ranges.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_READ_LENGTH } from '../../src-shared/contract';
import { appendDiffRanges, inRanges, type DiffRange } from '../../src-renderer/src/lib/byteDiff';
import { findMarkRows, isInMatch, stepMatch } from '../../src-renderer/src/stores/find';
import { chosenFromBytes, describeStoppedImport, pipelineChunks } from '../../src-renderer/src/stores/files';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { useCoreSession } from './core-session';

const session = useCoreSession();

describe('find helpers', () => {
  it('stepMatch goes to the match after or before an offset, wrapping around', () => {
    const offsets = [10, 20, 30];
    expect(stepMatch(offsets, 10, 1)).toBe(20);
    expect(stepMatch(offsets, 15, 1)).toBe(20);
    expect(stepMatch(offsets, 30, 1)).toBe(10);
    expect(stepMatch(offsets, 20, -1)).toBe(10);
    expect(stepMatch(offsets, 10, -1)).toBe(30);
    expect(stepMatch([], 0, 1)).toBeNull();
  });

  it("isInMatch covers each match's bytes; findMarkRows buckets rows", () => {
    const matches = { blockName: 'b', count: 2, offsets: [10, 100], truncated: false, patternLength: 4 };
    expect([9, 10, 13, 14, 99, 100, 103, 104].map((o) => isInMatch(matches, o))).toEqual([
      false,
      true,
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
    expect(findMarkRows(matches, 16, 1000).sort((a, b) => a - b)).toEqual([0, 6]);
    expect(findMarkRows(null, 16, 1000)).toEqual([]);
    const many = { ...matches, offsets: Array.from({ length: 5000 }, (_, i) => i * 16), count: 5000 };
    expect(findMarkRows(many, 16, 5000).length).toBeLessThanOrEqual(400);
  });
});

describe('byteDiff', () => {
  it('merges runs across chunks and finds offsets in ranges', () => {
    const ranges: DiffRange[] = [];
    expect(appendDiffRanges(ranges, 0, Uint8Array.of(0, 1, 1, 0), Uint8Array.of(0, 2, 2, 0))).toBe(2);
    expect(appendDiffRanges(ranges, 4, Uint8Array.of(0, 0), Uint8Array.of(0, 5))).toBe(1);
    expect(appendDiffRanges(ranges, 6, Uint8Array.of(0, 0), Uint8Array.of(5, 0))).toBe(1);
    expect(ranges).toEqual([
      { offset: 1, length: 2 },
      { offset: 5, length: 2 },
    ]);
    expect([0, 1, 2, 3, 5, 6, 7].map((o) => inRanges(ranges, o))).toEqual([false, true, true, false, true, true, false]);
  });
});

describe('session find, files and selection facts', () => {
  it('find moves the cursor to the first match at or after it; findStep walks and wraps', async () => {
    const info = await session.openFreshBlock('sfind', 8192);
    await session.api.call('write', { name: info.name, offset: 300, bytes: Uint8Array.of(0xca, 0xfe) });
    await session.api.call('write', { name: info.name, offset: 7000, bytes: Uint8Array.of(0xca, 0xfe) });
    session.stores.find.getState().setOptions({ mode: 'hex', query: 'CA FE' });
    await session.renderer.find();
    expect(session.stores.find.getState().matches).toMatchObject({ count: 2, offsets: [300, 7000], patternLength: 2 });
    expect(session.stores.hexView.getState().cursor).toBe(300);
    expect(session.renderer.findStep(1)).toBe(true);
    expect(session.stores.hexView.getState().cursor).toBe(7000);
    session.renderer.findStep(1);
    expect(session.stores.hexView.getState().cursor).toBe(300);
    session.renderer.findStep(-1);
    expect(session.stores.hexView.getState().cursor).toBe(7000);
    session.stores.find.getState().setOptions({ query: 'CA FE ZZ' });
    await session.renderer.find();
    expect(session.stores.find.getState().error).toMatch(/not hex/);
    expect(session.stores.find.getState().matches).toBeNull();
  });

  it('an import past the read limit is planned with the bytes that change, then written in chunks', async () => {
    const size = 3 * MAX_READ_LENGTH;
    const info = await session.openFreshBlock('simport', size);
    const bytes = new Uint8Array(MAX_READ_LENGTH + 10).fill(7);
    bytes[5] = 0; // already 0 in the block: does not change
    const files = () => session.stores.files.getState();
    await files().planImport(info.name, size, chosenFromBytes('f.bin', bytes), 100);
    expect(files().importPlan).toMatchObject({ offset: 100, changed: bytes.length - 1 });
    await files().confirmImport();
    expect(files().note).toContain(`${(bytes.length - 1).toLocaleString('en')} bytes changed`);
    const back = await session.api.call('read', { name: info.name, offset: 100 + MAX_READ_LENGTH, length: 11 });
    expect(Array.from(back.bytes)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0]);

    await files().planImport(info.name, size, chosenFromBytes('g.bin', new Uint8Array(20)), size - 10);
    expect(files().importPlan).toBeNull();
    expect(files().error).toContain('only 10 bytes fit');

    await files().compare(info.name, size, chosenFromBytes('h.bin', new Uint8Array(200)));
    expect(files().comparison).toMatchObject({
      compared: 200,
      changed: 99,
      ranges: [
        { offset: 100, length: 5 },
        { offset: 106, length: 94 },
      ],
    });

    const blob = await files().exportRange(info.name, 100, MAX_READ_LENGTH + 10);
    expect(Buffer.from(await blob!.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true); // not toEqual: it walks a MiB element by element

    await session.stores.selectionFacts.getState().compute(info.name, 100, bytes.length);
    expect(session.stores.selectionFacts.getState().facts).toMatchObject({
      length: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });
});

describe('byteDiff on aligned and unaligned views', () => {
  /** The byte-by-byte answer appendDiffRanges must give. */
  function naiveRanges(base: number, a: Uint8Array, b: Uint8Array): DiffRange[] {
    const ranges: DiffRange[] = [];
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      const last = ranges[ranges.length - 1];
      if (last && last.offset + last.length === base + i) last.length++;
      else ranges.push({ offset: base + i, length: 1 });
    }
    return ranges;
  }

  it('agrees with a byte-by-byte walk whatever the views’ alignment, length and differences', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let round = 0; round < 300; round++) {
      const length = Math.floor(random() * 70);
      const a = new Uint8Array(length + 8);
      const b = new Uint8Array(length + 8);
      for (let d = Math.floor(random() * 6); d > 0; d--) b[Math.floor(random() * b.length)] = 1 + Math.floor(random() * 255);
      const [aStart, bStart] = [Math.floor(random() * 4), Math.floor(random() * 4)];
      const viewA = a.subarray(aStart, aStart + length);
      const viewB = b.subarray(bStart, bStart + length);
      const ranges: DiffRange[] = [];
      const changed = appendDiffRanges(ranges, 1000, viewA, viewB);
      const expected = naiveRanges(1000, viewA, viewB);
      expect(ranges, `round ${round}`).toEqual(expected);
      expect(changed).toBe(expected.reduce((sum, r) => sum + r.length, 0));
    }
  });
});

describe('files over several reads in flight', () => {
  it('exports chunks in order, and a read the host refuses fails the export with its message', async () => {
    const size = 4 * MAX_READ_LENGTH;
    const info = await session.openFreshBlock('sexport', size);
    for (let chunk = 0; chunk < 4; chunk++) {
      await session.api.call('write', { name: info.name, offset: chunk * MAX_READ_LENGTH + 3, bytes: Uint8Array.of(chunk + 1) });
    }
    const files = () => session.stores.files.getState();
    const blob = await files().exportRange(info.name, 3, size - 3);
    const exported = new Uint8Array(await blob!.arrayBuffer());
    expect(exported.length).toBe(size - 3);
    expect([0, 1, 2, 3].map((chunk) => exported[chunk * MAX_READ_LENGTH])).toEqual([1, 2, 3, 4]);

    // The fourth read runs past the block's end: the host refuses it after three were sent.
    expect(await files().exportRange(info.name, 1, size)).toBeNull();
    expect(files().error).toMatch(/range|past|end/i);
    expect(files().busy).toBeNull();
  });
});

describe('an import that stops on a failed write', () => {
  const MiB = MAX_READ_LENGTH;

  it('throws only once every chunk already sent has settled, and starts none after the failure', async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const chunkDone = (at: number, ms: number, fail: boolean) =>
      new Promise<number>((resolve, reject) =>
        setTimeout(() => {
          settled.push(at);
          if (fail) reject(new Error(`chunk at ${at} refused`));
          else resolve(at);
        }, ms),
      );
    // Five chunks, three in flight: the second fails at once, the third lands 50 ms later.
    const run = pipelineChunks(
      0,
      5 * MiB,
      (at) => {
        started.push(at);
        return chunkDone(at, at === MiB ? 0 : at === 2 * MiB ? 50 : 5, at === MiB);
      },
      () => {},
    );
    await expect(run).rejects.toThrow(`chunk at ${MiB} refused`);
    expect(started).toEqual([0, MiB, 2 * MiB, 3 * MiB]); // the fourth was sent as the first finished
    expect(settled.sort((a, b) => a - b)).toEqual(started);
  });

  it('says which bytes were written, merged, and that no other byte was', () => {
    const plan = { fileName: 'f.bin', offset: 0x100, bytes: new Uint8Array(4 * MiB) };
    const reason = 'The block is busy (ERR_SHM_BUSY)';
    expect(describeStoppedImport(plan, [], reason)).toBe(`Import of "f.bin" stopped: ${reason}. Nothing was written.`);
    const written = [
      { offset: 0x100 + 2 * MiB, length: MiB },
      { offset: 0x100, length: MiB },
    ];
    expect(describeStoppedImport(plan, written, reason)).toBe(
      `Import of "f.bin" stopped: ${reason}. 2,097,152 bytes of 4,194,304 bytes were written ` +
        '(0x100–0x1000FF, 0x200100–0x3000FF); no other byte was.',
    );
    expect(describeStoppedImport(plan, [...written, { offset: 0x100 + MiB, length: MiB }], reason)).toContain(
      '3,145,728 bytes of 4,194,304 bytes were written (0x100–0x3000FF)',
    );
  });

  it('after the host restarted between the plan and Import: nothing written, and the panel says so', async () => {
    const info = await session.openFreshBlock('simport-stop', 2 * MiB);
    const files = () => session.stores.files.getState();
    await files().planImport(info.name, 2 * MiB, chosenFromBytes('late.bin', new Uint8Array(MiB + 1).fill(9)), 0);
    expect(files().importPlan).not.toBeNull();
    const core = new InspectorCore({ host: 'browser' });
    const restarted = createInProcessApi(core);
    try {
      session.routeCalls(restarted);
      await files().confirmImport();
    } finally {
      session.routeCalls(null);
      restarted.close();
      core.dispose();
    }
    expect(files().error).toMatch(/^Import of "late.bin" stopped: .*\(ERR_BLOCK_NOT_OPEN\)\. Nothing was written\.$/);
    expect(files().note).toBeNull();
    expect(files().busy).toBeNull();
    const block = await session.api.call('read', { name: info.name, offset: 0, length: 16 });
    expect(Array.from(block.bytes)).toEqual(new Array(16).fill(0));
  });
});
