// The digest of a large selection from the BUILT browser host (`node
// out/main/web.js`, as `npm run web` runs it): its hashing thread runs from
// the bundle's own text (src-main/core/digest-thread.ts), so a bundler that
// broke the worker's program would fail this, where the vitest suites (run
// from TypeScript sources) would not. Plain HTTP, no page.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { CALL_PATH, CLIENT_HEADER, TOKEN_HEADER } from '../../src-shared/http-protocol';
import { fromWireJson, toWireJson } from '../../src-shared/wire';
import { openAsOtherProcess, uniqueBlockName, unlinkQuietly } from '../fixtures/addon';
import { stopProcess } from '../fixtures/browser-host';
import { repoRoot } from '../fixtures/paths';
import { expect, test } from '@playwright/test';

const MiB = 1024 * 1024;

/** Adler-32 from another codebase (Node's zlib does not export it). */
function pythonAdler32(bytes: Uint8Array): number {
  const run = spawnSync('python3', ['-c', 'import sys,zlib;print(zlib.adler32(sys.stdin.buffer.read()))'], { input: bytes });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return Number(run.stdout.toString());
}
const READY_LINE = /browser host: (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/;

test('the built browser host digests a 64 MiB selection on its hashing thread, equal to node:crypto and zlib', async () => {
  test.setTimeout(180_000);
  const host = spawn(process.execPath, [join(repoRoot, 'out', 'main', 'web.js'), '--port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  host.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const name = uniqueBlockName('digest-built');
  try {
    const [, origin, token] = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the built host printed no address: ${output}`)), 60_000);
      host.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = READY_LINE.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match);
        }
      });
      host.once('exit', (code) => reject(new Error(`the built host exited (${code}): ${output}`)));
    });
    const call = async (callName: string, args: object): Promise<unknown> => {
      const response = await fetch(`${origin}${CALL_PATH}${callName}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token!, [CLIENT_HEADER]: `digest-built-${process.pid}` },
        body: toWireJson(args),
      });
      const outcome = fromWireJson(await response.text()) as { ok: boolean; value?: unknown; error?: unknown };
      if (!outcome.ok) throw new Error(`${callName} failed: ${JSON.stringify(outcome.error)}`);
      return outcome.value;
    };

    const size = 64 * MiB;
    await call('openBlock', { name, size });
    const bytes = Buffer.alloc(size);
    const writer = openAsOtherProcess({ name, size, create: false });
    for (let at = 0; at < size; at += 4 * MiB) {
      const part = randomBytes(4 * MiB);
      part.copy(bytes, at);
      writer.write(at, part);
    }
    writer.close();

    const offset = 7;
    const length = size - 20;
    const range = bytes.subarray(offset, offset + length);
    const digests = (await call('digest', { name, offset, length })) as { length: number; crc32: number; adler32: number; sha256: string };
    expect(digests).toEqual({
      length,
      crc32: zlib.crc32(range),
      adler32: pythonAdler32(range),
      sha256: createHash('sha256').update(range).digest('hex'),
    });
    // Twice more at once: the one thread serves both, each with its own state.
    const [first, second] = (await Promise.all([
      call('digest', { name, offset: 0, length: 3 * MiB + 1 }),
      call('digest', { name, offset: MiB, length: 2 * MiB }),
    ])) as { sha256: string }[];
    expect(first!.sha256).toBe(
      createHash('sha256')
        .update(bytes.subarray(0, 3 * MiB + 1))
        .digest('hex'),
    );
    expect(second!.sha256).toBe(
      createHash('sha256')
        .update(bytes.subarray(MiB, 3 * MiB))
        .digest('hex'),
    );
    await call('closeBlock', { name });
  } finally {
    await stopProcess(host);
    unlinkQuietly(name);
  }
});
