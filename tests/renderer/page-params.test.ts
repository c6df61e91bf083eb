// The page's parameters (src-shared/page-params.ts): every address opens
// something, what is written reads back the same, and parameters that are not
// ours (the browser host's token) survive a write.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_PARAMS, readPageParams, writePageParams, type PageParams } from '../../src-shared/page-params';

describe('readPageParams', () => {
  it("gives the original example's block for an empty address", () => {
    for (const search of ['', '?', '?token=abc', new URLSearchParams()]) {
      expect(readPageParams(search)).toEqual({ block: 'dllmemfilemap', size: 4096, access: 'read-write', create: true });
    }
    expect(DEFAULT_PAGE_PARAMS).toEqual({ block: 'dllmemfilemap', size: 4096, access: 'read-write', create: true });
  });

  it('reads every parameter, with or without the leading ?', () => {
    const expected: PageParams = { block: 'mine', size: 8192, access: 'read-only', create: false };
    expect(readPageParams('?block=mine&size=8192&access=read-only&create=0')).toEqual(expected);
    expect(readPageParams('block=mine&size=8192&access=read-only&create=0')).toEqual(expected);
    expect(readPageParams(new URLSearchParams('token=t&block=mine&size=8192&access=read-only&create=0'))).toEqual(expected);
  });

  it('takes a block name as it is, decoded', () => {
    expect(readPageParams('?block=a%20b%26c%3Dd%23e').block).toBe('a b&c=d#e');
    expect(readPageParams('?block=caf%C3%A9').block).toBe('café');
  });

  it('falls back to the default name for a missing or empty one', () => {
    expect(readPageParams('?block=').block).toBe('dllmemfilemap');
    expect(readPageParams('?size=64')).toEqual({ block: 'dllmemfilemap', size: 64, access: 'read-write', create: true });
  });

  it('takes a size only in decimal digits, 1 or more; anything else is the default size', () => {
    for (const size of ['abc', '0x10', '-4', '1.5', '0', '', '1e3', '+5', ' 64', '99999999999999999999']) {
      expect(readPageParams(`?block=b&size=${encodeURIComponent(size)}`).size).toBe(4096);
    }
    expect(readPageParams('?block=b&size=0010').size).toBe(10);
  });

  it("leaves the size out under create=0 when none (or a bad one) is given: the block's real size", () => {
    expect(readPageParams('?block=b&create=0')).toEqual({ block: 'b', access: 'read-write', create: false });
    expect('size' in readPageParams('?block=b&create=0&size=lots')).toBe(false);
    expect(readPageParams('?block=b&create=0&size=12345').size).toBe(12345);
  });

  it('reads create as yes or no in a few spellings, and anything else as the default (create)', () => {
    for (const no of ['0', 'false', 'no', 'FALSE', 'No']) expect(readPageParams(`?create=${no}`).create).toBe(false);
    for (const yes of ['1', 'true', 'yes', 'TRUE']) expect(readPageParams(`?create=${yes}`).create).toBe(true);
    for (const bad of ['', 'maybe', '2', 'off']) expect(readPageParams(`?create=${bad}`).create).toBe(true);
  });

  it('reads the access mode, and anything unknown as read-write', () => {
    expect(readPageParams('?access=read-only').access).toBe('read-only');
    expect(readPageParams('?access=READ-ONLY').access).toBe('read-only');
    expect(readPageParams('?access=read-write').access).toBe('read-write');
    for (const bad of ['', 'ro', 'readonly', 'write']) expect(readPageParams(`?access=${bad}`).access).toBe('read-write');
  });
});

describe('writePageParams', () => {
  const cases: PageParams[] = [
    { ...DEFAULT_PAGE_PARAMS },
    { block: 'other', size: 1, access: 'read-write', create: true },
    { block: 'a b&c=d#e?f+g%h', size: 2 ** 30, access: 'read-only', create: false },
    { block: 'no-size', access: 'read-only', create: false },
    { block: 'émoji 😀', size: 12_345, access: 'read-write', create: false },
  ];

  it('writes what readPageParams reads back unchanged', () => {
    for (const params of cases) expect(readPageParams(writePageParams(params))).toEqual(params);
  });

  it('writes a query without the leading ?, leaving defaults out', () => {
    expect(writePageParams(DEFAULT_PAGE_PARAMS)).toBe('block=dllmemfilemap&size=4096');
    expect(writePageParams({ block: 'x', size: 64, access: 'read-only', create: false })).toBe('block=x&size=64&access=read-only&create=0');
  });

  it('keeps the parameters that are not its own, in place, and replaces its own', () => {
    const keep = '?token=0123abc&block=old&size=8&create=0&access=read-only&client=c1';
    const written = writePageParams({ block: 'new', size: 64, access: 'read-write', create: true }, keep);
    expect(written).toBe('token=0123abc&client=c1&block=new&size=64');
    const query = new URLSearchParams(written);
    expect(query.getAll('block')).toEqual(['new']);
    expect(query.get('token')).toBe('0123abc');
    expect(writePageParams(DEFAULT_PAGE_PARAMS, new URLSearchParams('token=t'))).toBe('token=t&block=dllmemfilemap&size=4096');
  });

  it('does not change the query it was given to keep', () => {
    const keep = new URLSearchParams('token=t&block=old');
    writePageParams({ ...DEFAULT_PAGE_PARAMS, block: 'new' }, keep);
    expect(keep.toString()).toBe('token=t&block=old');
  });
});
