// The native engines' own faces (native.search, native.ScanSession): bad
// arguments get coded errors, never a crash; the worker-thread contract holds.
import { describe, expect, it } from 'vitest';
import { findAll, parseHexPattern } from '../../src-main/core/search';
import { native } from '../native/helpers';

const FF = (n: number): Buffer => Buffer.alloc(n, 0xff);

describe('native.search.findInChunk', () => {
  it('keeps the first or the last N matches and counts them all', async () => {
    const chunk = Buffer.from('abababababab');
    const first = await native.search.findInChunk(chunk, 100, Buffer.from('ab'), FF(2), false, 2, false);
    expect(first).toEqual({ count: 6, offsets: [0, 2] });
    const last = await native.search.findInChunk(chunk, 100, Buffer.from('ab'), FF(2), false, 2, true);
    expect(last).toEqual({ count: 6, offsets: [8, 10] });
    const limited = await native.search.findInChunk(chunk, 3, Buffer.from('ab'), FF(2), false, 10, false);
    expect(limited).toEqual({ count: 2, offsets: [0, 2] }); // only starts below 3
    const none = await native.search.findInChunk(chunk, 100, Buffer.from('ab'), FF(2), false, 0, false);
    expect(none).toEqual({ count: 6, offsets: [] });
  });

  it('refuses bad arguments with coded errors before any work starts', () => {
    const chunk = Buffer.alloc(16);
    const call =
      (...args: unknown[]) =>
      () =>
        (native.search.findInChunk as (...a: unknown[]) => unknown)(...args);
    expect(call('x', 1, Buffer.from('a'), FF(1), false, 1, false)).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    expect(call(chunk, -1, Buffer.from('a'), FF(1), false, 1, false)).toThrow(expect.objectContaining({ code: 'ERR_SHM_RANGE' }));
    expect(call(chunk, 0.5, Buffer.from('a'), FF(1), false, 1, false)).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    expect(call(chunk, 1, Buffer.alloc(0), FF(0), false, 1, false)).toThrow(/empty/);
    expect(call(chunk, 1, Buffer.from('ab'), FF(1), false, 1, false)).toThrow(/as many bytes/);
    expect(call(chunk, 1, Buffer.from('a'), FF(1), 'yes', 1, false)).toThrow(/booleans/);
    expect(call(chunk, 1, Buffer.from('a'), FF(1), false, 1.5, false)).toThrow(/whole number/);
  });

  it('a pattern longer than the chunk finds nothing', async () => {
    expect(await native.search.findInChunk(Buffer.from('ab'), 10, Buffer.from('abc'), FF(3), false, 5, false)).toEqual({
      count: 0,
      offsets: [],
    });
  });

  it('core findAll refuses a bad maxResults', async () => {
    const block = { size: 16, readInto: (_offset: number, target: Uint8Array) => target.fill(0) };
    await expect(findAll(block, parseHexPattern('00'), { maxResults: -1 })).rejects.toMatchObject({ code: 'ERR_SEARCH_RANGE' });
  });
});

describe('native.ScanSession', () => {
  const make = (blockSize = 16) => new native.ScanSession({ kind: 'unsigned', width: 1, bigEndian: false, step: 1, blockSize });

  it('refuses a bad type, mode or value with ERR_SHM_ARG', () => {
    const bad = (options: object) => () => new native.ScanSession(options as ConstructorParameters<typeof native.ScanSession>[0]);
    expect(bad({ kind: 'complex', width: 4, bigEndian: false, step: 4, blockSize: 16 })).toThrow(/kind must be/);
    expect(bad({ kind: 'float', width: 2, bigEndian: false, step: 2, blockSize: 16 })).toThrow(/width must be/);
    expect(bad({ kind: 'unsigned', width: 3, bigEndian: false, step: 1, blockSize: 16 })).toThrow(/width must be/);
    expect(bad({ kind: 'unsigned', width: 4, bigEndian: false, step: 9, blockSize: 16 })).toThrow(/step must be/);
    const session = make();
    expect(() => session.beginFirst('sideways' as 'exact')).toThrow(expect.objectContaining({ code: 'ERR_SHM_ARG' }));
    expect(() => session.beginFirst('changed')).toThrow(/first scan is exact, range or unknown/);
    expect(() => session.beginNext('changed')).toThrow(/needs a first scan/);
    expect(() => session.beginFirst('exact', 'five' as unknown as number)).toThrow(/number or a BigInt/);
  });

  it('refuses chunks out of order, gaps, and finishing early, and stays usable', async () => {
    const session = make(16);
    session.beginFirst('unknown');
    await expect(session.feed(Buffer.alloc(8), 8, 16)).rejects.toThrow(/in order/);
    await session.feed(Buffer.alloc(8), 0, 8);
    await expect(session.finish()).rejects.toThrow(/whole block/);
    await session.feed(Buffer.alloc(8), 8, 16);
    await session.finish();
    expect(session.stats()).toMatchObject({ count: 16, scanned: true, passOpen: false });
  });

  it('is busy while a worker runs, and disposed after dispose', async () => {
    const session = make(16);
    session.beginFirst('unknown');
    const feeding = session.feed(Buffer.alloc(16), 0, 16);
    expect(() => session.stats()).toThrow(expect.objectContaining({ code: 'ERR_SCAN_BUSY' }));
    await feeding;
    await session.finish();
    session.dispose();
    expect(() => session.stats()).toThrow(expect.objectContaining({ code: 'ERR_SCAN_DISPOSED' }));
  });
});
