// Every bad input gets an Error with a stable code and a message naming the
// bad value, and changes nothing: no object appears, no byte moves, the write
// counter stays put.
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectCode, native, uniqueName, unlinkCreated } from './helpers';
import type { Block } from '../../native/index.js';

afterEach(unlinkCreated);

// The objects a failed call could have created by mistake (other helpers' tests
// create and remove their own objects meanwhile, so we look only for ours).
const suspects = (entry: string) =>
  entry.startsWith(`shmtest-bad-${process.pid}-`) ||
  ['a', 'a.lock', 'x', 'x.lock', 'x.lock.lock', '42', 'a\uFFFDb'].includes(entry) ||
  /^n{200,}/.test(entry) ||
  /^é{100,}/.test(entry);
const shmEntries = () => readdirSync('/dev/shm').filter(suspects).sort();

describe('bad names and sizes', () => {
  const valid = () => uniqueName('bad');
  const cases: Array<[string, () => object, string, RegExp]> = [
    ['empty name', () => ({ name: '' }), 'ERR_SHM_NAME', /empty/],
    ['name over the limit', () => ({ name: 'n'.repeat(native.MAX_NAME_LENGTH + 1) }), 'ERR_SHM_NAME', /251 bytes.*limit is 250/],
    ['multibyte name over the limit', () => ({ name: 'é'.repeat(126) }), 'ERR_SHM_NAME', /252 bytes/],
    ['name with /', () => ({ name: 'a/b' }), 'ERR_SHM_NAME', /contains '\/' at byte 1/],
    ['name with NUL', () => ({ name: 'a\0b' }), 'ERR_SHM_NAME', /NUL character \(U\+0000\) at byte 1/],
    ['name "."', () => ({ name: '.' }), 'ERR_SHM_NAME', /directory/],
    ['name "..”', () => ({ name: '..' }), 'ERR_SHM_NAME', /directory/],
    ['name ending in .lock', () => ({ name: 'x.lock' }), 'ERR_SHM_NAME', /reserved for the lock companion/],
    [
      'name ending in .lock.wake (the Windows wake event)',
      () => ({ name: 'x.lock.wake' }),
      'ERR_SHM_NAME',
      /ends with "\.lock\.wake", which is reserved/,
    ],
    [
      'name ending in .lock.slots (the Windows watcher table)',
      () => ({ name: 'x.lock.slots' }),
      'ERR_SHM_NAME',
      /ends with "\.lock\.slots", which is reserved/,
    ],
    ['name with an unpaired surrogate', () => ({ name: 'a\uD800b' }), 'ERR_SHM_NAME', /unpaired surrogate at index 1/],
    ['name not a string', () => ({ name: 42 }), 'ERR_SHM_ARG', /name must be a string, got number 42/],
    ['size 0', () => ({ name: valid(), size: 0 }), 'ERR_SHM_SIZE', /size 0 is too small/],
    ['negative size', () => ({ name: valid(), size: -4096 }), 'ERR_SHM_SIZE', /-4096/],
    ['fractional size', () => ({ name: valid(), size: 4096.5 }), 'ERR_SHM_SIZE', /4096.5 is not a whole number/],
    ['NaN size', () => ({ name: valid(), size: NaN }), 'ERR_SHM_SIZE', /NaN/],
    ['Infinity size', () => ({ name: valid(), size: Infinity }), 'ERR_SHM_SIZE', /limit of 1073741824/],
    ['size above MAX_SIZE', () => ({ name: valid(), size: native.MAX_SIZE + 1 }), 'ERR_SHM_SIZE', /above the limit of 1073741824 bytes/],
    ['size not a number', () => ({ name: valid(), size: '4096' }), 'ERR_SHM_ARG', /size must be a number/],
    ["size 'existing' with create", () => ({ name: valid(), size: 'existing' }), 'ERR_SHM_ARG', /create: false/],
    ['create not a boolean', () => ({ name: valid(), create: 'yes' }), 'ERR_SHM_ARG', /create must be true or false/],
    ['open-only on a missing block', () => ({ name: valid(), create: false }), 'ERR_SHM_NOT_FOUND', /no shared memory block named/],
  ];

  it.each(cases)('%s', (_label, options, code, message) => {
    const before = shmEntries();
    const error = expectCode(() => native.openBlock(options() as never), code);
    expect(error.message).toMatch(message);
    expect(shmEntries()).toEqual(before);
  });

  it('options that are not an object', () => {
    for (const options of [null, 5, 'dllmemfilemap', []]) {
      expectCode(() => native.openBlock(options as never), 'ERR_SHM_ARG');
    }
  });

  it('a name of exactly MAX_NAME_LENGTH bytes is accepted', () => {
    const name = uniqueName('max');
    const long = name + 'x'.repeat(native.MAX_NAME_LENGTH - name.length);
    const block = native.openBlock({ name: long, size: 16 });
    expect(block.name).toBe(long);
    block.close();
    expect(native.unlinkBlock(long)).toBe(true);
  });

  it('unlinkBlock checks the name too', () => {
    expectCode(() => native.unlinkBlock(''), 'ERR_SHM_NAME');
    expectCode(() => native.unlinkBlock('a/b'), 'ERR_SHM_NAME');
    expectCode(() => native.unlinkBlock(7 as never), 'ERR_SHM_ARG');
  });
});

describe('bad arguments on an open block', () => {
  let block: Block;
  let snapshot: Buffer;
  let count: number;

  beforeEach(() => {
    block = native.openBlock({ name: uniqueName('args'), size: 4096 });
    block.setString('unchanged');
    snapshot = block.read(0, 4096);
    count = block.writeCount();
  });

  afterEach(() => {
    expect(block.read(0, 4096).equals(snapshot)).toBe(true);
    expect(block.writeCount()).toBe(count);
    block.close();
  });

  it.each([
    ['offset past the end', () => block.read(4097, 0), 'ERR_SHM_RANGE', /outside the block of 4096 bytes/],
    ['length past the end', () => block.read(4000, 97), 'ERR_SHM_RANGE', /4000\.\.4097/],
    ['negative offset', () => block.read(-1, 4), 'ERR_SHM_RANGE', /offset -1/],
    ['negative length', () => block.read(0, -4), 'ERR_SHM_RANGE', /length -4/],
    ['fractional offset', () => block.read(1.5, 4), 'ERR_SHM_ARG', /offset must be a whole number, got number 1.5/],
    ['NaN length', () => block.read(0, NaN), 'ERR_SHM_ARG', /length must be a whole number/],
    ['string offset', () => block.read('0' as never, 4), 'ERR_SHM_ARG', /offset must be a number, got a string/],
    ['readInto past the end', () => block.readInto(4093, new Uint8Array(4)), 'ERR_SHM_RANGE', /4093\.\.4097/],
    ['readInto an array', () => block.readInto(0, [0, 0] as never), 'ERR_SHM_ARG', /target must be a Uint8Array or Buffer, got an array/],
    ['write past the end', () => block.write(4095, Uint8Array.from([1, 2])), 'ERR_SHM_RANGE', /4095\.\.4097/],
    ['write at a huge offset', () => block.write(2 ** 52, Uint8Array.from([1])), 'ERR_SHM_RANGE', /outside the block/],
    ['write a negative offset', () => block.write(-1, Uint8Array.from([1])), 'ERR_SHM_RANGE', /offset -1/],
    ['write a fractional offset', () => block.write(0.5, Uint8Array.from([1])), 'ERR_SHM_ARG', /whole number/],
    ['write a string', () => block.write(0, 'abc' as never), 'ERR_SHM_ARG', /Uint8Array or Buffer, got a string/],
    ['write an array', () => block.write(0, [1, 2] as never), 'ERR_SHM_ARG', /got an array/],
    ['write a Uint16Array', () => block.write(0, new Uint16Array(2) as never), 'ERR_SHM_ARG', /typed array other than Uint8Array/],
    ['setString a number', () => block.setString(42 as never), 'ERR_SHM_ARG', /text must be a string, got number 42/],
    ['setString undefined', () => block.setString(undefined as never), 'ERR_SHM_ARG', /got undefined/],
    ['setString with a NUL', () => block.setString('ab\0cd'), 'ERR_SHM_ARG', /NUL character \(U\+0000\) at index 2/],
    ['getString negative', () => block.getString(-1), 'ERR_SHM_ARG', /maxUnits/],
    ['getString fractional', () => block.getString(2.5), 'ERR_SHM_ARG', /maxUnits must be a whole number/],
    ['getString a string', () => block.getString('3' as never), 'ERR_SHM_ARG', /maxUnits/],
  ])('%s', (_label, action, code, message) => {
    const error = expectCode(action, code);
    expect(error.message).toMatch(message);
  });

  it('getSharedMem refuses cch 0 and non-integers', () => {
    expectCode(() => native.getSharedMem(0), 'ERR_SHM_ARG');
    expectCode(() => native.getSharedMem(1.5), 'ERR_SHM_ARG');
    expectCode(() => native.setSharedMem(5 as never), 'ERR_SHM_ARG');
  });
});
