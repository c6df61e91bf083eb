// What any user can put in /dev/shm to hurt an inspector (issue 19): FIFOs,
// symlinks (a loop, or to /etc/shadow), directories. And the means to run the
// inspector against them where a hang shows as a timeout, never as a hung test
// run: every step that could block runs in a child process with a deadline.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CALL_PATH, CLIENT_HEADER, CONTROL_PATH, TOKEN_HEADER } from '../../src-shared/http-protocol';
import { makeRendererFixture, type RendererFixture } from '../support/renderer-fixture';
import { waitFor } from '../support/wait';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const nativeEntry = join(root, 'native', 'index.js');

const made: string[] = [];

/** A name no other test uses (short: the self-loop symlink and the FIFO live beside real blocks). */
export function hostileName(label: string): string {
  const name = `t19${label}-${process.pid}-${randomBytes(3).toString('hex')}`;
  made.push(name);
  return name;
}

/** Remembers a name made from a hostileName prefix, for removeHostileNames. */
export function rememberForRemoval(name: string): string {
  made.push(name);
  return name;
}

export const shmPath = (name: string) => `/dev/shm/${name}`;

/** A FIFO any user could make; mode 0666 as mkfifo(1) would under umask 0. */
export function makeFifo(name: string): void {
  execFileSync('mkfifo', ['-m', '0666', shmPath(name)]);
}

/** A symlink whose target is itself: stat follows it into ELOOP. */
export function makeSelfLink(name: string): void {
  symlinkSync(shmPath(name), shmPath(name));
}

export function makeLink(name: string, target: string): void {
  symlinkSync(target, shmPath(name));
}

export function makeDirectory(name: string): void {
  mkdirSync(shmPath(name));
}

/** Removes every name this file handed out, blocks and companions included. */
export function removeHostileNames(): void {
  for (const name of made.splice(0)) {
    for (const path of [shmPath(name), shmPath(`${name}.lock`)]) rmSync(path, { recursive: true, force: true });
  }
}

export interface Ended {
  /** true when the deadline passed and the child was killed: what a hang looks like. */
  timedOut: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a program to its end or kills it at the deadline. */
export function runWithDeadline(command: string, args: string[], deadlineMs: number, env: NodeJS.ProcessEnv = process.env): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, deadlineMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ timedOut, code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

export interface OpenOutcome {
  timedOut: boolean;
  code?: string;
  message?: string;
  opened?: boolean;
}

/** openBlock(options) with the real addon in a child process; what it threw, or that it hung. */
export async function openInChild(options: object, deadlineMs = 5000): Promise<OpenOutcome> {
  return (await openEachInChild([options], deadlineMs))[0]!;
}

/** openBlock with each of `optionSets` in turn, in one child process (one start-up); all timed out if it hung. */
export async function openEachInChild(optionSets: object[], deadlineMs = 5000): Promise<OpenOutcome[]> {
  const script = `
    const native = require(${JSON.stringify(nativeEntry)});
    const outcomes = ${JSON.stringify(optionSets)}.map((options) => {
      try {
        native.openBlock(options).close();
        return { opened: true };
      } catch (error) {
        return { code: error.code, message: error.message };
      }
    });
    console.log(JSON.stringify(outcomes));`;
  const ended = await runWithDeadline(process.execPath, ['-e', script], deadlineMs);
  if (ended.timedOut) return optionSets.map(() => ({ timedOut: true }));
  return (JSON.parse(ended.stdout.trim() || '[]') as object[]).map((outcome) => ({ timedOut: false, ...outcome }));
}

/** The browser host (`tsx src-main/web/cli.ts`, as `npm run web` starts it) in its own process. */
export interface HostProcess {
  port: number;
  /** The folder it serves, on its command line: a way to find it among the machine's processes. */
  hostDir: string;
  token: string;
  /** One contract call; null when no answer came within the deadline. */
  call(
    name: string,
    args: object,
    deadlineMs?: number,
  ): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } } | null>;
  /** Asks for an event on this client's stream: the host sends a client only what it subscribed to. */
  subscribe(event: string): Promise<void>;
  stop(): void;
}

const URL_LINE = /^shm-inspector browser host: http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+)$/m;

export async function startHostProcess(): Promise<HostProcess> {
  const fixture: RendererFixture = makeRendererFixture();
  // tsx as this process's loader, not tsx's command, which runs the host as a
  // child of its own: killing the command orphaned the host, which then ran on
  // after the tests (hundreds of MiB each) and slowed every suite after them.
  const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, join(root, 'src-main', 'web', 'cli.ts'), '--port', '0', '--host-dir', fixture.dir],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    fixture.remove();
  };
  try {
    await waitFor(() => URL_LINE.test(stdout), 'the host URL line', 60_000);
  } catch (error) {
    stop();
    throw error;
  }
  const [, port, token] = URL_LINE.exec(stdout)!;
  return {
    port: Number(port),
    hostDir: fixture.dir,
    token: token!,
    stop,
    async subscribe(event) {
      const response = await fetch(`http://127.0.0.1:${port}${CONTROL_PATH}subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token!, [CLIENT_HEADER]: 'adversary' },
        body: JSON.stringify({ event, subscribed: true }),
      });
      if (!response.ok) throw new Error(`subscribe ${event}: HTTP ${response.status}`);
    },
    async call(name, args, deadlineMs = 3000) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}${CALL_PATH}${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token!, [CLIENT_HEADER]: 'adversary' },
          body: JSON.stringify(args),
          signal: AbortSignal.timeout(deadlineMs),
        });
        return (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') return null;
        throw error;
      }
    },
  };
}
