// Find: patterns compiled in TypeScript, searched by the real native engine
// over real shared blocks, checked against a plain byte-by-byte reference.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  encodeNumber,
  findAll,
  findNext,
  findPrevious,
  numberPattern,
  parseHexPattern,
  PatternError,
  textPattern,
  type BytePattern,
} from '../../src-main/core/search';
import { native, uniqueName, unlinkCreated } from '../native/helpers';

afterEach(unlinkCreated);

/** The obvious search: every start where every byte matches under the mask (with ASCII folding). */
function reference(bytes: Uint8Array, pattern: BytePattern): number[] {
  const fold = (b: number): number => (pattern.caseInsensitive && b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
  const found: number[] = [];
  for (let start = 0; start + pattern.bytes.length <= bytes.length; start++) {
    let ok = true;
    for (let i = 0; i < pattern.bytes.length && ok; i++) {
      ok = (fold(bytes[start + i]!) & pattern.mask[i]!) === (fold(pattern.bytes[i]!) & pattern.mask[i]!);
    }
    if (ok) found.push(start);
  }
  return found;
}

function blockWith(bytes: Uint8Array, label = 'engines-find'): ReturnType<typeof native.openBlock> {
  const block = native.openBlock({ name: uniqueName(label), size: bytes.length });
  block.write(0, bytes);
  return block;
}

describe('parseHexPattern', () => {
  it('reads bytes, wildcards and single-nibble wildcards in every common spelling', () => {
    const p = parseHexPattern('DE ad ?? EF');
    expect([...p.bytes]).toEqual([0xde, 0xad, 0, 0xef]);
    expect([...p.mask]).toEqual([0xff, 0xff, 0, 0xff]);
    expect([...parseHexPattern('DEAD??EF').mask]).toEqual([0xff, 0xff, 0, 0xff]);
    expect([...parseHexPattern('0xDE, 0xAD').bytes]).toEqual([0xde, 0xad]);
    const nibble = parseHexPattern('D? ?5 ?');
    expect([...nibble.bytes]).toEqual([0xd0, 0x05, 0]);
    expect([...nibble.mask]).toEqual([0xf0, 0x0f, 0]);
  });

  it('refuses bad digits, odd digits, empty and all-wildcard patterns with a coded error', () => {
    for (const bad of ['XY', 'ABC', '', '   ', '?? ??']) {
      expect(() => parseHexPattern(bad)).toThrow(PatternError);
    }
    try {
      parseHexPattern('G1');
    } catch (error) {
      expect((error as PatternError).code).toBe('ERR_SEARCH_PATTERN');
      expect((error as Error).message).toContain('G1');
    }
  });
});

describe('textPattern and numberPattern', () => {
  it('encodes text as ASCII, UTF-8, UTF-16LE and UTF-16BE', () => {
    expect([...textPattern('Hé', 'utf8').bytes]).toEqual([0x48, 0xc3, 0xa9]);
    expect([...textPattern('Hé', 'utf16le').bytes]).toEqual([0x48, 0, 0xe9, 0]);
    expect([...textPattern('Hé', 'utf16be').bytes]).toEqual([0, 0x48, 0, 0xe9]);
    expect([...textPattern('Hi', 'ascii', { caseInsensitive: true }).bytes]).toEqual([0x48, 0x69]);
    expect(textPattern('Hi', 'ascii', { caseInsensitive: true }).caseInsensitive).toBe(true);
    expect(() => textPattern('é', 'ascii')).toThrow(/not ASCII/);
    expect(() => textPattern('', 'utf8')).toThrow(/empty/);
  });

  it('encodes integers and floats of every width in both byte orders, range-checked', () => {
    expect([...numberPattern(0x12345678, 'u32', 'little').bytes]).toEqual([0x78, 0x56, 0x34, 0x12]);
    expect([...numberPattern(0x12345678, 'u32', 'big').bytes]).toEqual([0x12, 0x34, 0x56, 0x78]);
    expect([...numberPattern(-2, 'i16', 'little').bytes]).toEqual([0xfe, 0xff]);
    expect([...numberPattern(-1n, 'i64', 'big').bytes]).toEqual(new Array(8).fill(0xff));
    expect([...numberPattern(2n ** 64n - 1n, 'u64', 'little').bytes]).toEqual(new Array(8).fill(0xff));
    expect(Buffer.from(encodeNumber(1.5, 'f64', 'little')).readDoubleLE(0)).toBe(1.5);
    expect(Buffer.from(encodeNumber(1.5, 'f32', 'big')).readFloatBE(0)).toBe(1.5);
    expect(() => numberPattern(256, 'u8', 'little')).toThrow(/does not fit/);
    expect(() => numberPattern(-129, 'i8', 'little')).toThrow(/does not fit/);
    expect(() => numberPattern(1.5, 'i32', 'little')).toThrow(/whole number/);
    expect(() => numberPattern(2n ** 64n, 'u64', 'little')).toThrow(/does not fit/);
  });
});

describe('findAll over a block', () => {
  it('agrees with the byte-by-byte reference for exact, wildcard and case-insensitive patterns, across chunk edges', async () => {
    // A small alphabet makes many matches, and tiny chunks put many on chunk boundaries.
    const bytes = Uint8Array.from(randomBytes(5000), (b) => [0x41, 0x61, 0x42, 0x62, 0x00][b % 5]!);
    const block = blockWith(bytes);
    const patterns: BytePattern[] = [
      parseHexPattern('41'),
      parseHexPattern('41 61 42'),
      parseHexPattern('41 ?? 42'),
      parseHexPattern('?? 4? 00 ??'),
      textPattern('aB', 'ascii', { caseInsensitive: true }),
      textPattern('abab', 'ascii', { caseInsensitive: true }),
      { bytes: Uint8Array.of(0x41, 0x00), mask: Uint8Array.of(0xff, 0x0f), caseInsensitive: true },
    ];
    for (const pattern of patterns) {
      for (const chunkSize of [1, 7, 64, 4096, 1 << 22]) {
        const expected = reference(bytes, pattern);
        const found = await findAll(block, pattern, { chunkSize, maxResults: 1e6 });
        expect(found.offsets, `pattern ${[...pattern.bytes]} chunk ${chunkSize}`).toEqual(expected);
        expect(found.count).toBe(expected.length);
        expect(found.truncated).toBe(false);
      }
    }
    block.close();
  });

  it('counts every match but returns only the first maxResults, and honours from/to', async () => {
    const bytes = new Uint8Array(10_000).fill(0xaa);
    const block = blockWith(bytes);
    const pattern = parseHexPattern('AA AA');
    const capped = await findAll(block, pattern, { maxResults: 5, chunkSize: 1000 });
    expect(capped.count).toBe(9999);
    expect(capped.offsets).toEqual([0, 1, 2, 3, 4]);
    expect(capped.truncated).toBe(true);
    const ranged = await findAll(block, pattern, { from: 100, to: 110 });
    expect(ranged.offsets).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108]);
    await expect(findAll(block, pattern, { from: 5, to: 20_000 })).rejects.toMatchObject({ code: 'ERR_SEARCH_RANGE' });
    await expect(findAll(block, pattern, { from: -1 })).rejects.toMatchObject({ code: 'ERR_SEARCH_RANGE' });
    block.close();
  });

  it('finds a UTF-16LE string and a wildcard pattern another process wrote at known offsets of a 64 MiB block', async () => {
    const size = 64 * 1024 * 1024;
    const name = uniqueName('engines-find-big');
    const block = native.openBlock({ name, size });
    const text = textPattern('Needle in Shm', 'utf16le');
    const writer =
      `const n=require(${JSON.stringify(require.resolve('../../native'))});` +
      `const b=n.openBlock({name:${JSON.stringify(name)},size:${size}});` +
      `b.write(${size - 26}, Buffer.from('Needle in Shm','utf16le'));` +
      `b.write(${4 * 1024 * 1024 - 2}, Buffer.from([0xde,0xad,0x42,0xef]));b.close();`;
    const { spawnSync } = await import('node:child_process');
    expect(spawnSync(process.execPath, ['-e', writer]).status).toBe(0);
    const progress: number[] = [];
    const found = await findAll(block, textPattern('needle IN shm', 'ascii', { caseInsensitive: false }), {});
    expect(found.count).toBe(0);
    const utf16 = await findAll(block, text, { onProgress: (p) => progress.push(p.done) });
    expect(utf16.offsets).toEqual([size - 26]);
    expect(progress.length).toBe(16);
    expect(progress.at(-1)).toBe(size - text.bytes.length + 1);
    const wild = await findAll(block, parseHexPattern('DE AD ?? EF'));
    expect(wild.offsets).toEqual([4 * 1024 * 1024 - 2]); // across the first chunk boundary
    block.close();
  });

  it('lets the event loop run between chunks', async () => {
    const block = blockWith(new Uint8Array(16 * 1024 * 1024));
    let turns = 0;
    let running = true;
    const spin = (): void => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    await findAll(block, parseHexPattern('01 02'), { chunkSize: 1024 * 1024 });
    running = false;
    expect(turns).toBeGreaterThanOrEqual(8);
    block.close();
  });

  it("stops with the signal's reason when cancelled, before or during the search", async () => {
    const block = blockWith(new Uint8Array(1 << 20));
    const before = new AbortController();
    before.abort(new Error('cancelled by the user'));
    await expect(findAll(block, parseHexPattern('01'), { signal: before.signal })).rejects.toThrow('cancelled by the user');
    const during = new AbortController();
    let chunks = 0;
    const run = findAll(block, parseHexPattern('01'), {
      chunkSize: 4096,
      signal: during.signal,
      onProgress: () => {
        if (++chunks === 3) during.abort(new Error('stop'));
      },
    });
    await expect(run).rejects.toThrow('stop');
    expect(chunks).toBeLessThan(10);
    block.close();
  });

  it('reports a closed block with its code', async () => {
    const block = blockWith(new Uint8Array(4096));
    block.close();
    await expect(findAll(block, parseHexPattern('01'))).rejects.toMatchObject({ code: 'ERR_SHM_CLOSED' });
  });
});

describe('findNext and findPrevious', () => {
  it('step from an offset to the next and previous match, across chunks, and say null at the ends', async () => {
    const bytes = new Uint8Array(50_000);
    const at = [10, 4095, 4100, 30_000, 49_998]; // 4095 spans the first chunk edge
    for (const offset of at) bytes.set([0xca, 0xfe], offset);
    const block = blockWith(bytes);
    const pattern = parseHexPattern('CA FE');
    const options = { chunkSize: 4096 };
    expect(await findNext(block, pattern, 0, options)).toBe(10);
    expect(await findNext(block, pattern, 11, options)).toBe(4095);
    expect(await findNext(block, pattern, 4096, options)).toBe(4100);
    expect(await findNext(block, pattern, 4101, options)).toBe(30_000);
    expect(await findNext(block, pattern, 49_999, options)).toBe(null);
    expect(await findPrevious(block, pattern, 50_000, options)).toBe(49_998);
    expect(await findPrevious(block, pattern, 49_998, options)).toBe(30_000);
    expect(await findPrevious(block, pattern, 30_000, options)).toBe(4100);
    expect(await findPrevious(block, pattern, 4100, options)).toBe(4095);
    expect(await findPrevious(block, pattern, 10, options)).toBe(null);
    block.close();
  });
});
