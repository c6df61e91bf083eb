// Runs a helper script in a separate Node process and waits for it.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeEntryPath } from '../../src-main/core/native';

const here = dirname(fileURLToPath(import.meta.url));

export function runNode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Writes `bytes` at `offset` of a block from another process, through our addon. */
export async function writeFromOtherProcess(name: string, size: number, offset: number, bytes: Uint8Array): Promise<void> {
  const result = await runNode([
    join(here, 'external-writer.cjs'),
    'addon',
    nativeEntryPath(),
    name,
    String(size),
    String(offset),
    Buffer.from(bytes).toString('hex'),
  ]);
  if (result.code !== 0) throw new Error(`external writer failed (${result.code}): ${result.stderr}`);
}

/** Writes the object's file directly from another process: no library, no lock, no write counter. */
export async function writeFileFromOtherProcess(path: string, offset: number, bytes: Uint8Array): Promise<void> {
  const result = await runNode([join(here, 'external-writer.cjs'), 'file', path, String(offset), Buffer.from(bytes).toString('hex')]);
  if (result.code !== 0) throw new Error(`external file writer failed (${result.code}): ${result.stderr}`);
}

/** Writes a u32 counter 1..count at `offset` from another process through our addon, evenly over `durationMs`; resolves when it has. */
export async function writeCounterFromOtherProcess(
  name: string,
  size: number,
  offset: number,
  count: number,
  durationMs: number,
): Promise<{ last: number; writes: number; elapsedMs: number }> {
  const args = [join(here, 'rate-writer.cjs'), nativeEntryPath(), name, String(size), String(offset), String(count), String(durationMs)];
  const result = await runNode(args);
  if (result.code !== 0) throw new Error(`rate writer failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as { last: number; writes: number; elapsedMs: number };
}
