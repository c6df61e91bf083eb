// The external writer (bench/fixtures/external-writer.cjs): a process that is
// not the app, writing through the addon on the benchmark's command.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Cleanup } from './cleanup';
import { stopChild } from './host';
import { epochMs } from './timing';

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
