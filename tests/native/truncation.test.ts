// The original SetSharedMem writes past a 4096-byte view for 2048 or more
// characters. Ours stores at most size/2 - 1 units plus the NUL, says it cut,
// never splits a surrogate pair, and never touches a byte outside the block.
import { readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { native, run, shmPath, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

// Bytes 8..15 of the companion hold the write counter; the rest (the lock's
// state word, layout version, recovery count and the mutex) must not change.
function companionWithoutCounter(name: string): { rest: Buffer; count: bigint } {
  const bytes = readFileSync(shmPath(`${name}${native.LOCK_SUFFIX}`));
  return { rest: Buffer.concat([bytes.subarray(0, 8), bytes.subarray(16)]), count: bytes.readBigUInt64LE(8) };
}

describe('truncation at the block size', () => {
  it.each([
    { units: 2047, stored: 2047, truncated: false },
    { units: 2048, stored: 2047, truncated: true },
    { units: 10_000, stored: 2047, truncated: true },
  ])('$units units into 4096 bytes: stores $stored, truncated $truncated', async ({ units, stored, truncated }) => {
    const name = uniqueName(`trunc${units}`);
    const block = native.openBlock({ name, size: 4096 });
    block.write(0, new Uint8Array(4096).fill(0xee)); // no NUL anywhere before the set
    const companionBefore = companionWithoutCounter(name);
    const text = 'abcdefghij'.repeat(1000).slice(0, units);

    const result = block.setString(text);

    expect(result).toEqual({ units: stored, truncated });
    expect(block.getString()).toBe(text.slice(0, stored));
    const bytes = block.read(0, 4096);
    expect(bytes.subarray(0, stored * 2).equals(Buffer.from(text.slice(0, stored), 'utf16le'))).toBe(true);
    expect([...bytes.subarray(stored * 2, stored * 2 + 2)]).toEqual([0, 0]); // the NUL
    if (stored === 2047) expect([...bytes.subarray(4094, 4096)]).toEqual([0, 0]);
    // Nothing outside the block: the object keeps its size, the companion its bytes.
    expect(statSync(shmPath(name)).size).toBe(4096);
    const companionAfter = companionWithoutCounter(name);
    expect(companionAfter.rest.equals(companionBefore.rest)).toBe(true);
    expect(companionAfter.count).toBe(companionBefore.count + 1n);
    // Another process reads the same text.
    const child = await run(native.readerPath, ['--name', name, '--json']);
    expect(JSON.parse(child.stdout)).toMatchObject({ units: stored, text: text.slice(0, stored) });
    block.close();
  });

  it('an odd-sized block keeps its last byte, which lies past the text area', () => {
    // 4095 bytes hold 2047 units (4094 bytes); byte 4094 is in the block but
    // outside the text area: a guard that an off-by-one write would overwrite.
    const name = uniqueName('odd');
    const block = native.openBlock({ name, size: 4095 });
    block.write(4094, Uint8Array.from([0xab]));

    expect(block.setString('x'.repeat(10_000))).toEqual({ units: 2046, truncated: true });

    expect(block.read(4090, 5)).toEqual(Buffer.from([0x78, 0x00, 0x00, 0x00, 0xab]));
    block.close();
  });

  it('tiny blocks: 2 bytes hold only the NUL, 1 byte holds nothing', () => {
    const two = native.openBlock({ name: uniqueName('two'), size: 2 });
    two.write(0, Uint8Array.from([0x41, 0x41]));
    expect(two.setString('abc')).toEqual({ units: 0, truncated: true });
    expect([...two.read(0, 2)]).toEqual([0, 0]);
    expect(two.getString()).toBe('');
    const one = native.openBlock({ name: uniqueName('one'), size: 1 });
    one.write(0, Uint8Array.from([0x41]));
    expect(one.setString('abc')).toEqual({ units: 0, truncated: true });
    expect([...one.read(0, 1)]).toEqual([0x41]);
    expect(one.getString()).toBe('');
    two.close();
    one.close();
  });

  it('a surrogate pair straddling the limit is dropped whole', () => {
    const name = uniqueName('pair');
    const block = native.openBlock({ name, size: 4096 });
    const text = 'a'.repeat(2046) + '😀' + 'tail'; // the pair occupies units 2046 and 2047

    const result = block.setString(text);

    expect(result).toEqual({ units: 2046, truncated: true });
    expect(block.getString()).toBe('a'.repeat(2046));
    expect([...block.read(4092, 4)]).toEqual([0, 0, 0, 0]); // NUL at unit 2046, old zeros after
    // A pair that ends exactly at the limit is kept.
    expect(block.setString('a'.repeat(2045) + '😀' + 'tail')).toEqual({ units: 2047, truncated: true });
    expect(block.getString()).toBe('a'.repeat(2045) + '😀');
    block.close();
  });

  it('getString(maxUnits) copies at most maxUnits units and does not split a pair either', () => {
    const name = uniqueName('get');
    const block = native.openBlock({ name, size: 64 });
    block.setString('ab😀cd');

    expect(block.getString(0)).toBe('');
    expect(block.getString(2)).toBe('ab');
    expect(block.getString(3)).toBe('ab');
    expect(block.getString(4)).toBe('ab😀');
    expect(block.getString(1000)).toBe('ab😀cd');
    block.close();
  });

  it('a block without any NUL yields size/2 - 1 units, as many as setString can store (F8)', () => {
    const name = uniqueName('nonul');
    const block = native.openBlock({ name, size: 10 });
    block.write(0, Buffer.from('abcde', 'utf16le'));
    expect(block.getString()).toBe('abcd');
    block.close();
  });
});
