// The thread that hashes selection digests, so the main thread only copies.
//
//   hashingThread()                     -> the shared HashingThread (started on first use)
//   thread.begin()                      -> a HashJob
//   job.update(chunk)                   -> Promise<{ bytes, threadId }>  (chunk's buffer travels there and back)
//   job.finish()                        -> Promise<{ crc32, adler32, sha256, threadId }>
//   job.drop()                          -> forgets the job (after a cancel)
//
// One worker_threads Worker serves every digest of this process, in the order
// the requests come (a job's chunks are hashed in order). Its program is
// `runHashingThread` below, a real type-checked function that the Worker runs
// from its own source text (`eval: true`), handed its modules as arguments: it
// works unchanged in the Electron and browser bundles (electron-vite), the CLI
// bundle (vite) and the TypeScript sources (vitest, tsx), where a separate
// worker entry file would need each build to emit it. So it and the functions
// passed with it must not use anything of this module's scope.
//
// The worker is unref'd while idle (it never keeps a process alive) and ref'd
// while a request waits. If it dies, every waiting request rejects and the next
// digest starts a new one.
import type { Hash } from 'node:crypto';
import { Worker, type MessagePort } from 'node:worker_threads';
import { adler32, tableCrc32 } from './checksums';

type Crc32 = (bytes: Uint8Array, previous: number) => number;

export type HashRequest =
  | { op: 'update'; seq: number; job: number; bytes: Uint8Array<ArrayBuffer> }
  | { op: 'finish'; seq: number; job: number }
  | { op: 'drop'; job: number };

export interface Hashed {
  /** The chunk, back from the worker (its buffer was transferred there and back). */
  bytes: Uint8Array<ArrayBuffer>;
  /** worker_threads' threadId of the thread that hashed it (0 is the main thread). */
  threadId: number;
}

export interface HashTotals {
  crc32: number;
  adler32: number;
  sha256: string;
  threadId: number;
}

type HashReply = { seq: number } & (Hashed | HashTotals);

/**
 * The worker's whole program. Serialised with toString(): it may use only its
 * parameters (a type annotation is erased, so types are fine).
 */
export function runHashingThread(
  port: MessagePort,
  threadId: number,
  createHash: (algorithm: 'sha256') => Hash,
  crc32: Crc32,
  adler32: Crc32,
): void {
  const jobs = new Map<number, { sha: Hash; crc: number; adler: number }>();
  port.on('message', (request: HashRequest) => {
    if (request.op === 'drop') {
      jobs.delete(request.job);
      return;
    }
    let job = jobs.get(request.job);
    if (!job) {
      job = { sha: createHash('sha256'), crc: 0, adler: 1 };
      jobs.set(request.job, job);
    }
    if (request.op === 'update') {
      job.crc = crc32(request.bytes, job.crc);
      job.adler = adler32(request.bytes, job.adler);
      job.sha.update(request.bytes);
      port.postMessage({ seq: request.seq, bytes: request.bytes, threadId }, [request.bytes.buffer]);
    } else {
      jobs.delete(request.job);
      port.postMessage({ seq: request.seq, crc32: job.crc, adler32: job.adler, sha256: job.sha.digest('hex'), threadId });
    }
  });
}

interface Waiter {
  resolve: (reply: HashReply) => void;
  reject: (error: Error) => void;
}

export class HashingThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiter>();
  private nextSeq = 0;
  private nextJob = 0;
  private deadReason: Error | null = null;

  constructor() {
    // zlib.crc32 where the worker's Node has it, else the table CRC; both checksums from checksums.ts.
    const source =
      `(${runHashingThread.toString()})(require('node:worker_threads').parentPort, require('node:worker_threads').threadId, ` +
      `require('node:crypto').createHash, require('node:zlib').crc32 || (${tableCrc32.toString()}), (${adler32.toString()}))`;
    this.worker = new Worker(source, { eval: true, name: 'shm-inspector digests' });
    this.worker.unref();
    this.worker.on('message', (reply: HashReply) => this.settle(reply));
    this.worker.on('error', (error) => this.die(error));
    this.worker.on('exit', (code) => this.die(new Error(`the hashing thread exited (code ${code})`)));
  }

  /** The worker's worker_threads threadId. */
  get threadId(): number {
    return this.worker.threadId;
  }

  get alive(): boolean {
    return this.deadReason === null;
  }

  begin(): HashJob {
    return new HashJob(this, this.nextJob++);
  }

  /** Sends a request that has an answer; `transfer` moves buffers instead of copying them. */
  request(
    message: { op: 'update' | 'finish'; job: number; bytes?: Uint8Array<ArrayBuffer> },
    transfer: ArrayBuffer[] = [],
  ): Promise<HashReply> {
    if (this.deadReason) return Promise.reject(this.deadReason);
    const seq = this.nextSeq++;
    const reply = new Promise<HashReply>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    if (this.waiting.size === 1) this.worker.ref(); // a waiting digest keeps the process up until it is answered
    this.worker.postMessage({ ...message, seq }, transfer);
    return reply;
  }

  post(message: HashRequest): void {
    if (!this.deadReason) this.worker.postMessage(message);
  }

  /** Stops the worker (the waiting requests reject); a later digest starts another. */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private settle(reply: HashReply): void {
    const waiter = this.waiting.get(reply.seq);
    this.waiting.delete(reply.seq);
    if (this.waiting.size === 0) this.worker.unref();
    waiter?.resolve(reply);
  }

  private die(reason: Error): void {
    if (this.deadReason) return;
    this.deadReason = reason;
    for (const waiter of this.waiting.values()) waiter.reject(reason);
    this.waiting.clear();
    if (shared === this) shared = null;
  }
}

/** The incremental digests of one range, hashed on the thread. */
export class HashJob {
  constructor(
    private readonly thread: HashingThread,
    private readonly id: number,
  ) {}

  /** Hashes `chunk` next; its whole buffer moves to the worker (unusable here) until the promise gives it back. */
  async update(chunk: Uint8Array<ArrayBuffer>): Promise<Hashed> {
    const reply = await this.thread.request({ op: 'update', job: this.id, bytes: chunk }, [chunk.buffer]);
    return reply as Hashed;
  }

  async finish(): Promise<HashTotals> {
    return (await this.thread.request({ op: 'finish', job: this.id })) as HashTotals;
  }

  /** Forgets the job's state in the worker (its chunks still in flight come back and are ignored). */
  drop(): void {
    this.thread.post({ op: 'drop', job: this.id });
  }
}

let shared: HashingThread | null = null;

/** The process's hashing thread, started on first use (and again after it died). */
export function hashingThread(): HashingThread {
  if (!shared || !shared.alive) shared = new HashingThread();
  return shared;
}
