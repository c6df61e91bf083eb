// Selection digests against independent implementations: Python's zlib and
// hashlib (a different codebase), node:crypto and zlib, and the table CRC
// against zlib's; and where they are computed (off the main thread when large).
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { threadId as mainThreadId } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { adler32, crc32, DIGEST_CHUNK, digestBytes, digestRange, tableCrc32 } from '../../src-main/core/digest';
import { hashingThread } from '../../src-main/core/digest-thread';
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

/** node:crypto's SHA-256, zlib's CRC-32 and Python's Adler-32 of `bytes`. */
function referenceDigests(bytes: Uint8Array, pythonAdler: number) {
  return {
    length: bytes.length,
    crc32: zlib.crc32(bytes),
    adler32: pythonAdler,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

function pythonAdlers(bytes: Uint8Array, ranges: [number, number][]): number[] {
  const script =
    'import sys,zlib,json;d=sys.stdin.buffer.read();' + `print(json.dumps([zlib.adler32(d[a:b]) for a,b in ${JSON.stringify(ranges)}]))`;
  const run = spawnSync('python3', ['-c', script], { input: bytes, maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout.toString()) as number[];
}

describe('digests of large selections, off the main thread', () => {
  it('equal node:crypto and zlib at lengths around the chunk boundaries, hashed in place up to one chunk and on the hashing thread past it', async () => {
    const chunk = 4096;
    const size = 4 * DIGEST_CHUNK + 64;
    const block = native.openBlock({ name: uniqueName('digest-edges'), size });
    const bytes = randomBytes(size);
    block.write(0, bytes);
    const cases: { chunkSize?: number; offset: number; length: number }[] = [];
    for (const length of [0, 1, chunk - 1, chunk, chunk + 1, 2 * chunk - 1, 2 * chunk, 2 * chunk + 1, 7 * chunk + 5]) {
      cases.push({ chunkSize: chunk, offset: 13, length });
    }
    for (const length of [DIGEST_CHUNK - 1, DIGEST_CHUNK, DIGEST_CHUNK + 1, 3 * DIGEST_CHUNK - 1, 3 * DIGEST_CHUNK, 3 * DIGEST_CHUNK + 1]) {
      cases.push({ offset: 3, length });
    }
    cases.push({ offset: 0, length: size });
    const adlers = pythonAdlers(
      bytes,
      cases.map(({ offset, length }) => [offset, offset + length]),
    );
    for (const [i, { chunkSize, offset, length }] of cases.entries()) {
      const threads = new Set<number>();
      const got = await digestRange(block, offset, length, { chunkSize, onProgress: (p) => threads.add(p.hashedOnThread) });
      expect(got, `offset ${offset} length ${length} chunk ${chunkSize ?? DIGEST_CHUNK}`).toEqual(
        referenceDigests(bytes.subarray(offset, offset + length), adlers[i]!),
      );
      const inPlace = length <= (chunkSize ?? DIGEST_CHUNK);
      expect([...threads], `where ${length} bytes were hashed`).toEqual([inPlace ? mainThreadId : hashingThread().threadId]);
      expect(inPlace || hashingThread().threadId !== mainThreadId).toBe(true);
    }
    block.close();
  });

  it('keep the main thread mostly idle while a 256 MiB selection is hashed, where hashing it here keeps it busy', async () => {
    const size = 256 * 1024 * 1024;
    const block = native.openBlock({ name: uniqueName('digest-elu'), size });
    block.write(0, randomBytes(1 << 20));
    block.write(size - (1 << 20), randomBytes(1 << 20));
    // The former way, as the baseline: each chunk read and hashed on this thread, yielding between chunks.
    const hashHere = async (): Promise<string> => {
      const sha = createHash('sha256');
      let crc = 0;
      let adler = 1;
      const chunk = new Uint8Array(DIGEST_CHUNK);
      for (let done = 0; done < size; done += chunk.length) {
        block.readInto(done, chunk);
        crc = crc32(chunk, crc);
        adler = adler32(chunk, adler);
        sha.update(chunk);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return sha.digest('hex');
    };
    const busyShare = async <T>(work: () => Promise<T>): Promise<{ share: number; result: T }> => {
      const before = performance.eventLoopUtilization();
      const result = await work();
      return { share: performance.eventLoopUtilization(before).utilization, result };
    };
    const here = await busyShare(hashHere);
    const offThread = await busyShare(() => digestRange(block, 0, size));
    expect(offThread.result.sha256).toBe(here.result);
    // Copying 256 MiB is a few tens of milliseconds; hashing it, most of a second.
    expect(here.share).toBeGreaterThan(0.8);
    expect(offThread.share).toBeLessThan(here.share / 2);
    block.close();
  }, 120_000);

  it('cancel between chunks, and a dead hashing thread fails its digest with a reason and is replaced', async () => {
    const size = 8 * DIGEST_CHUNK;
    const block = native.openBlock({ name: uniqueName('digest-dead'), size });
    const bytes = randomBytes(size);
    block.write(0, bytes);
    const controller = new AbortController();
    const seen: number[] = [];
    const cancelled = digestRange(block, 0, size, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done >= 2 * DIGEST_CHUNK) controller.abort(new Error('stop'));
      },
    });
    await expect(cancelled).rejects.toThrow('stop');
    expect(seen.at(-1)).toBeLessThan(size);
    const dying = digestRange(block, 0, size, { onProgress: () => void hashingThread().terminate() });
    await expect(dying).rejects.toThrow(/hashing thread exited/);
    expect(await digestRange(block, 0, size)).toEqual(referenceDigests(bytes, pythonAdlers(bytes, [[0, size]])[0]!));
    block.close();
  });
});
