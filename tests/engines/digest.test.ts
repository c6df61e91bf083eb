// Selection digests against independent implementations: Python's zlib and
// hashlib (a different codebase), and the table CRC against zlib's.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { adler32, crc32, digestBytes, digestRange, tableCrc32 } from '../../src-main/core/digest';
import { native, uniqueName, unlinkCreated } from '../native/helpers';

afterEach(unlinkCreated);

function pythonDigests(bytes: Uint8Array): { crc32: number; adler32: number; sha256: string } {
  const script =
    'import sys,zlib,hashlib,json;d=sys.stdin.buffer.read();' +
    'print(json.dumps({"crc32":zlib.crc32(d),"adler32":zlib.adler32(d),"sha256":hashlib.sha256(d).hexdigest()}))';
  const run = spawnSync('python3', ['-c', script], { input: bytes });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout.toString()) as { crc32: number; adler32: number; sha256: string };
}

describe('digests', () => {
  it('match the textbook values of "123456789" and of nothing', () => {
    const check = Buffer.from('123456789');
    expect(crc32(check)).toBe(0xcbf43926);
    expect(adler32(check)).toBe(0x091e01de);
    expect(digestBytes(check).sha256).toBe('15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225');
    expect(digestBytes(new Uint8Array(0))).toEqual({
      length: 0,
      crc32: 0,
      adler32: 1,
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    });
  });

  it("match Python's zlib and hashlib on random bytes, incrementally and at once", () => {
    for (const size of [1, 5551, 5552, 5553, 100_000]) {
      const bytes = randomBytes(size);
      const expected = pythonDigests(bytes);
      const { crc32: c, adler32: a, sha256 } = digestBytes(bytes);
      expect({ crc32: c, adler32: a, sha256 }).toEqual(expected);
      const half = Math.floor(size / 3);
      expect(crc32(bytes.subarray(half), crc32(bytes.subarray(0, half)))).toBe(expected.crc32);
      expect(tableCrc32(bytes.subarray(half), tableCrc32(bytes.subarray(0, half), 0))).toBe(expected.crc32);
      expect(adler32(bytes.subarray(half), adler32(bytes.subarray(0, half)))).toBe(expected.adler32);
    }
    // All 0xFF bytes push Adler's sums hardest between two modulo steps.
    const worst = new Uint8Array(300_000).fill(0xff);
    expect(adler32(worst)).toBe(pythonDigests(worst).adler32);
  });

  it('digest a range of a block chunk by chunk, letting the event loop run, with progress and cancel', async () => {
    const size = 4 * 1024 * 1024;
    const block = native.openBlock({ name: uniqueName('engines-digest'), size });
    const bytes = randomBytes(size);
    block.write(0, bytes);
    const range = bytes.subarray(1000, size - 7);
    let turns = 0;
    let spinning = true;
    const spin = (): void => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const progress: number[] = [];
    const got = await digestRange(block, 1000, range.length, { chunkSize: 65536, onProgress: (p) => progress.push(p.done) });
    spinning = false;
    expect(got).toEqual({ length: range.length, ...pythonDigests(range) });
    expect(progress.at(-1)).toBe(range.length);
    expect(turns).toBeGreaterThan(10);
    const controller = new AbortController();
    const cancelled = digestRange(block, 0, size, {
      chunkSize: 65536,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done > 200_000) controller.abort(new Error('enough'));
      },
    });
    await expect(cancelled).rejects.toThrow('enough');
    await expect(digestRange(block, 10, size)).rejects.toMatchObject({ code: 'ERR_DIGEST_RANGE' });
    block.close();
  });
});
