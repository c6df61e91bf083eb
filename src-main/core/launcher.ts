// Starts child reader processes and keeps a ChildInfo for each, up to date.
//
// Two kinds: 'native' runs the built shm-reader (the original example's
// child); 'node' runs readers/node-reader.cjs, which loads the addon in a
// process of its own, with an injectable runtime (Node's execPath here,
// Electron's execPath with ELECTRON_RUN_AS_NODE=1 in the app). Every child has
// bounded output, a timeout that kills it, and counts against a cap on
// concurrent children; killAll (also run on the host's process exit) leaves no
// child behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ContractError, type ChildInfo, type ReaderKind } from '../../src-shared/contract';
import type { BlockService } from './block-service';
import { CHILD_OUTPUT_LIMIT, CHILD_TIMEOUT_MS, MAX_BATCH, MAX_CONCURRENT_CHILDREN, MAX_FINISHED_CHILDREN } from './limits';
import { findUp } from './native';
import { argsObject, launchFields } from './validate';

export const READER_KINDS: readonly ReaderKind[] = ['native', 'node'];
/** How long after a child's exit its output may still arrive before the record is closed. */
const OUTPUT_DRAIN_MS = 1000;

export interface ReaderCommand {
  command: string;
  args: string[];
  /** Added to the launcher's environment. */
  env?: Record<string, string>;
}

/** How to run a Node script: Node itself, or Electron as Node. */
export interface NodeRuntime {
  command: string;
  env?: Record<string, string>;
}

export interface LauncherOptions {
  /** native/build/Release/shm-reader. */
  nativeReaderPath: string;
  /** native/index.js, handed to the Node reader. */
  addonEntry: string;
  /** Default: this process's executable, as Node. */
  nodeRuntime?: NodeRuntime;
  timeoutMs?: number;
  maxBatch?: number;
  maxConcurrent?: number;
  outputLimit?: number;
  /** Test-only: replaces the command of a kind (a crashing or hanging child, say). */
  commandFor?: (kind: ReaderKind, block: { name: string; size: number }) => ReaderCommand | null;
}

interface ChildRecord {
  info: ChildInfo;
  process: ChildProcess | null;
  stdout: OutputBuffer;
  stderr: OutputBuffer;
  timer: NodeJS.Timeout | null;
  killedByLauncher: boolean;
}

export type ChildSink = (info: ChildInfo) => void;

export class Launcher {
  private readonly children = new Map<number, ChildRecord>();
  private nextId = 1;
  private readonly exitHook = () => this.killAll();
  readonly timeoutMs: number;
  readonly maxBatch: number;
  readonly maxConcurrent: number;
  private readonly outputLimit: number;

  constructor(
    private readonly blocks: BlockService,
    private readonly options: LauncherOptions,
    private readonly onUpdate: ChildSink,
  ) {
    this.timeoutMs = options.timeoutMs ?? CHILD_TIMEOUT_MS;
    this.maxBatch = options.maxBatch ?? MAX_BATCH;
    this.maxConcurrent = options.maxConcurrent ?? MAX_CONCURRENT_CHILDREN;
    this.outputLimit = options.outputLimit ?? CHILD_OUTPUT_LIMIT;
    // No child outlives the host, even when it exits without disposing us.
    process.on('exit', this.exitHook);
  }

  /** Validates, checks the cap, starts the batch and resolves once each child started or failed. */
  async launch(rawArgs: unknown): Promise<ChildInfo[]> {
    const args = argsObject(rawArgs, 'launchReaders');
    const block = this.blocks.lookup(args);
    const { kind, count } = launchFields(args, READER_KINDS, this.maxBatch);
    const running = this.runningCount();
    if (running + count > this.maxConcurrent) {
      throw new ContractError(
        'ERR_CHILD_LIMIT',
        `${running} children are running; starting ${count} more would pass the limit of ${this.maxConcurrent} at once. ` +
          'Wait for them to finish, or start fewer.',
      );
    }
    const command = this.commandFor(kind, { name: block.name, size: block.size });
    // Every child is spawned before the first await, so concurrent calls cannot both pass the cap.
    const started = Array.from({ length: count }, () => this.start(kind, block.name, command));
    return Promise.all(started);
  }

  list(): ChildInfo[] {
    return [...this.children.values()].map((r) => ({ ...r.info }));
  }

  /** Forgets finished children; running ones stay. */
  /** Forgets finished children: every block's, or only those of `blockName`. */
  clearFinished(blockName?: string): number {
    let cleared = 0;
    for (const [id, record] of this.children) {
      if (record.info.state !== 'running' && (blockName === undefined || record.info.blockName === blockName)) {
        this.children.delete(id);
        cleared++;
      }
    }
    return cleared;
  }

  runningCount(): number {
    let running = 0;
    for (const record of this.children.values()) if (record.info.state === 'running') running++;
    return running;
  }

  killAll(): void {
    for (const record of this.children.values()) this.kill(record);
  }

  dispose(): void {
    this.killAll();
    process.off('exit', this.exitHook);
  }

  private commandFor(kind: ReaderKind, block: { name: string; size: number }): ReaderCommand {
    const custom = this.options.commandFor?.(kind, block);
    if (custom) return custom;
    const blockArgs = ['--name', block.name, '--size', String(block.size)];
    if (kind === 'native') {
      const path = this.options.nativeReaderPath;
      if (!existsSync(path)) {
        throw new ContractError('ERR_CHILD_SPAWN', `the native reader is not built (${path} is missing); run \`npm run build:native\``);
      }
      return { command: path, args: blockArgs };
    }
    const runtime = this.options.nodeRuntime ?? { command: process.execPath };
    return {
      command: runtime.command,
      args: [nodeReaderScript(), '--addon', this.options.addonEntry, ...blockArgs],
      env: runtime.env ?? {},
    };
  }

  private start(kind: ReaderKind, blockName: string, command: ReaderCommand): Promise<ChildInfo> {
    const record: ChildRecord = {
      info: {
        id: this.nextId++,
        kind,
        blockName,
        pid: null,
        state: 'running',
        startedAt: Date.now(),
        durationMs: null,
        exitCode: null,
        signal: null,
        timedOut: false,
        stdout: '',
        stderr: '',
        outputTruncated: false,
      },
      process: null,
      stdout: new OutputBuffer(this.outputLimit),
      stderr: new OutputBuffer(this.outputLimit),
      timer: null,
      killedByLauncher: false,
    };
    this.children.set(record.info.id, record);
    this.forgetOldest();
    const startedAt = performance.now();
    return new Promise((resolve) => {
      let child: ChildProcess;
      try {
        child = spawn(command.command, command.args, {
          stdio: ['ignore', 'pipe', 'pipe'],
          // Our readers ask the kernel to kill them with this process (native/src/common/parent_death.h),
          // so none outlives a host that was killed outright.
          env: { ...process.env, SHM_INSPECTOR_PARENT_PID: String(process.pid), ...command.env },
          windowsHide: true,
        });
      } catch (error) {
        this.fail(record, error);
        return resolve({ ...record.info });
      }
      record.process = child;
      child.stdout?.on('data', (chunk: Buffer) => this.collect(record, record.stdout, chunk));
      child.stderr?.on('data', (chunk: Buffer) => this.collect(record, record.stderr, chunk));
      child.once('spawn', () => {
        record.info.pid = child.pid ?? null;
        record.timer = setTimeout(() => this.timeOut(record), this.timeoutMs);
        record.timer.unref();
        this.publish(record);
        resolve({ ...record.info });
      });
      child.once('error', (error) => {
        if (record.info.pid !== null) return; // an error after start (a failed kill): the exit tells the rest
        this.fail(record, error);
        resolve({ ...record.info });
      });
      // 'close' comes once the output is drained; if something else holds the pipes open, 'exit' still ends the record.
      child.once('exit', (exitCode, signal) => {
        const durationMs = performance.now() - startedAt;
        setTimeout(() => this.finish(record, exitCode, signal, durationMs), OUTPUT_DRAIN_MS).unref();
        child.once('close', () => this.finish(record, exitCode, signal, durationMs));
      });
    });
  }

  private collect(record: ChildRecord, buffer: OutputBuffer, chunk: Buffer): void {
    buffer.append(chunk);
    record.info.stdout = record.stdout.text();
    record.info.stderr = record.stderr.text();
    record.info.outputTruncated = record.stdout.truncated || record.stderr.truncated;
  }

  private finish(record: ChildRecord, exitCode: number | null, signal: NodeJS.Signals | null, durationMs: number): void {
    if (record.info.state !== 'running') return;
    if (record.timer) clearTimeout(record.timer);
    record.info.exitCode = exitCode;
    record.info.signal = signal;
    record.info.durationMs = Math.round(durationMs * 1000) / 1000;
    record.info.state = record.killedByLauncher ? 'killed' : 'exited';
    this.publish(record);
  }

  private fail(record: ChildRecord, error: unknown): void {
    if (record.timer) clearTimeout(record.timer);
    record.info.state = 'failed';
    record.info.durationMs = Date.now() - record.info.startedAt;
    record.info.stderr = `could not start the reader: ${error instanceof Error ? error.message : String(error)}`;
    this.publish(record);
  }

  private timeOut(record: ChildRecord): void {
    record.info.timedOut = true;
    this.kill(record);
  }

  private kill(record: ChildRecord): void {
    if (record.info.state !== 'running' || !record.process) return;
    record.killedByLauncher = true;
    record.process.kill('SIGKILL');
  }

  private publish(record: ChildRecord): void {
    this.onUpdate({ ...record.info });
  }

  private forgetOldest(): void {
    let finished = 0;
    for (const record of this.children.values()) if (record.info.state !== 'running') finished++;
    for (const [id, record] of this.children) {
      if (finished <= MAX_FINISHED_CHILDREN) break;
      if (record.info.state === 'running') continue;
      this.children.delete(id);
      finished--;
    }
  }
}

/** Keeps the first `limit` bytes of a stream and remembers whether more came. */
class OutputBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  append(chunk: Buffer): void {
    const room = this.limit - this.size;
    if (chunk.length > room) this.truncated = true;
    if (room <= 0) return;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(): string {
    return Buffer.concat(this.chunks, this.size).toString('utf8');
  }
}

/** src-main/core/readers/node-reader.cjs, found from source or from the bundle in out/main. */
export function nodeReaderScript(): string {
  const script = findUp(join('src-main', 'core', 'readers', 'node-reader.cjs'));
  if (!script) throw new ContractError('ERR_CHILD_SPAWN', 'the Node reader script (src-main/core/readers/node-reader.cjs) was not found');
  return script;
}
