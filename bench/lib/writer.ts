// The external writer (bench/fixtures/external-writer.cjs): a process that is
// not the app, writing through the addon on the benchmark's command; and the
// rate writer (bench/fixtures/rate-writer.cjs), which writes on its own at a
// fixed rate for a fixed time.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Cleanup } from './cleanup';
import { stopChild } from './host';
import { epochMs, pollUntil } from './timing';

interface WriterReply {
  ready?: true;
  seq?: number;
  writtenAt?: number;
  pong?: number;
  now?: number;
}

export class ExternalWriter {
  private waiting = new Map<string, (reply: WriterReply) => void>();
  private ready: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.ready = new Promise((resolve, reject) => {
      this.waiting.set('ready', () => resolve());
      child.once('exit', (code, signal) => reject(new Error(`the external writer exited (${code ?? signal})`)));
    });
    child.on('message', (reply: WriterReply) => {
      const key = reply.ready ? 'ready' : reply.seq !== undefined ? `w${reply.seq}` : `p${reply.pong}`;
      const resolve = this.waiting.get(key);
      this.waiting.delete(key);
      resolve?.(reply);
    });
  }

  /** `via`: `addon` writes through our addon; `file` straight into /dev/shm (no lock, no counter, no wake). */
  static async start(
    root: string,
    blockName: string,
    size: number,
    cleanup: Cleanup,
    via: 'addon' | 'file' = 'addon',
  ): Promise<ExternalWriter> {
    const script = join(root, 'bench', 'fixtures', 'external-writer.cjs');
    const child = fork(script, [join(root, 'native'), blockName, String(size), via], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    cleanup.add(`stop external writer ${child.pid}`, () => stopChild(child));
    const writer = new ExternalWriter(child);
    await writer.ready;
    return writer;
  }

  private request(key: string, message: object): Promise<WriterReply> {
    return new Promise((resolve) => {
      this.waiting.set(key, resolve);
      this.child.send(message);
    });
  }

  /** Writes `bytes` at `offset`; resolves with the writer's own timestamp taken just before the write. */
  async write(seq: number, offset: number, bytes: Uint8Array): Promise<number> {
    const reply = await this.request(`w${seq}`, { seq, offset, hex: Buffer.from(bytes).toString('hex') });
    return reply.writtenAt!;
  }

  /** The writer's clock minus ours (ms), from the round trip with the smallest delay. */
  async clockOffset(rounds = 20): Promise<{ offsetMs: number; rttMs: number }> {
    let best = { offsetMs: 0, rttMs: Infinity };
    for (let i = 0; i < rounds; i++) {
      const sent = epochMs();
      const reply = await this.request(`p${i}`, { ping: i });
      const received = epochMs();
      if (received - sent < best.rttMs) best = { offsetMs: reply.now! - (sent + received) / 2, rttMs: received - sent };
    }
    return best;
  }
}

export interface RateWriterCount {
  writes: number;
  elapsedMs: number;
}

/**
 * Another process writes `size` bytes of a block through the addon
 * `perSecond` times a second for `durationMs`. Resolves once it writes, with
 * `done`, its count when it ends. (Wrapped: an async function's promise of a
 * promise is flattened, so returning `done` bare would make the caller wait
 * for the writer to finish before measuring anything while it writes.)
 */
export async function startRateWriter(
  root: string,
  cleanup: Cleanup,
  { blockName, size, perSecond, durationMs }: { blockName: string; size: number; perSecond: number; durationMs: number },
): Promise<{ done: Promise<RateWriterCount> }> {
  const script = join(root, 'bench', 'fixtures', 'rate-writer.cjs');
  const args = [script, join(root, 'native'), blockName, String(size), String(perSecond), String(durationMs)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanup.add(`stop the rate writer ${child.pid}`, () => stopChild(child));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await pollUntil(() => (output.includes('started') ? true : undefined), 30_000, 'the rate writer to start');
  const done = new Promise<RateWriterCount>((resolve, reject) =>
    child.once('exit', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`the rate writer failed (${code}): ${output.slice(-300)}`));
      else resolve(JSON.parse(last) as RateWriterCount);
    }),
  );
  // Judged where it is awaited; until then a failure must not be an unhandled rejection.
  done.catch(() => undefined);
  return { done };
}
