// Issue 9, the small defects: F3 (an option's value read as --help), F8 (more
// units than capacityUnits on a block with no NUL), and names that carry
// control or bidirectional-override characters (they would disguise a name
// in every list that shows it).
import { afterEach, describe, expect, it } from 'vitest';
import { expectCode, native, run, shmExists, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

describe('shm-reader treats an option value as a value (F3)', () => {
  it('--name --help reads the block named "--help" instead of printing usage', async () => {
    const result = await run(native.readerPath, ['--name', '--help', '--json']);
    // No block named "--help" exists: the reader must say so (exit 2), not print usage (exit 0).
    expect(result.stdout).not.toMatch(/usage/);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"--help"/);
  });

  it('--help alone still prints usage', async () => {
    const result = await run(native.readerPath, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: shm-reader/);
  });
});

describe('units never exceed capacityUnits (F8)', () => {
  it('a foreign block with no NUL gives size/2 - 1 units, in the addon and the reader', async () => {
    const name = uniqueName('nonul');
    const block = native.openBlock({ name, size: 4096 });
    block.write(0, Buffer.alloc(4096, 0x41)); // 2048 units of U+4141, no NUL anywhere
    expect(block.getString().length).toBe(2047);
    expect(block.getString(5000).length).toBe(2047);
    const result = await run(native.readerPath, ['--name', name, '--json']);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report.units).toBe(2047);
    expect(report.capacityUnits).toBe(2047);
    expect(report.terminated).toBe(false);
    block.close();
  });
});

describe('empty copies pass no null pointer to memcpy (F9)', () => {
  // Fails under npm run test:sanitize before the fix: UBSan's nonnull-attribute
  // check aborts on memcpy(NULL, src, 0) (an empty Buffer has no data pointer).
  it('reads, writes and strings of length 0', () => {
    const block = native.openBlock({ name: uniqueName('empty'), size: 64 });
    expect(block.read(0, 0).length).toBe(0);
    expect(block.read(64, 0).length).toBe(0);
    block.readInto(10, new Uint8Array(0));
    block.write(0, Buffer.alloc(0));
    expect(block.setString('')).toEqual({ units: 0, truncated: false });
    expect(block.getString(0)).toBe('');
    expect(block.getString()).toBe('');
    block.close();
  });
});

describe('names with control or bidirectional-override characters are refused', () => {
  const refused: Array<[string, string]> = [
    ['a newline', 'a\nb'],
    ['an escape (terminal control)', 'a\u001b[31mb'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['RIGHT-TO-LEFT OVERRIDE', 'evil\u202Etxt.exe'],
    ['LEFT-TO-RIGHT EMBEDDING', 'a\u202Ab'],
    ['RIGHT-TO-LEFT ISOLATE', 'a\u2067b'],
    ['POP DIRECTIONAL ISOLATE', 'a\u2069b'],
    ['LEFT-TO-RIGHT MARK', 'a\u200Eb'],
    ['RIGHT-TO-LEFT MARK', 'a\u200Fb'],
  ];
  it.each(refused)('%s', (_label, raw) => {
    const name = `${uniqueName('ctl')}${raw}`;
    const error = expectCode(() => native.openBlock({ name, size: 64 }), 'ERR_SHM_NAME');
    expect(error.message).toMatch(/U\+[0-9A-F]{4}/);
    expect(shmExists(name)).toBe(false);
    expectCode(() => native.unlinkBlock(name), 'ERR_SHM_NAME');
  });

  it('ordinary non-ASCII names still work', () => {
    const name = `${uniqueName('ok')}-é-日本-\u{1F600}`;
    const block = native.openBlock({ name, size: 64 });
    expect(shmExists(name)).toBe(true);
    block.close();
    native.unlinkBlock(name);
  });
});
