// Servers the benchmark talks to over HTTP, each in a child process of its
// own: the browser host, started the way `npm run web` starts it (the built
// entry, node <build>/main/web.js, on a free port), and a bare node:http
// server as the floor.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Cleanup } from './cleanup';
import { Unavailable } from './types';

export interface RunningHost {
  /** The page URL with its token, as the host printed it. */
  url: string;
  origin: string;
  token: string;
  pid: number;
}

const HOST_LINE = /browser host: (http:\/\/127\.0\.0\.1:\d+\/\S*)/;
const BARE_LINE = /bare http server: (http:\/\/127\.0\.0\.1:\d+)/;
const START_TIMEOUT_MS = 60_000;

/** The built browser host beside a built renderer (`<build>/renderer` -> `<build>/main/web.js`). */
export function builtHostPath(hostDir: string): string {
  const cli = join(dirname(hostDir), 'main', 'web.js');
  if (!existsSync(cli)) throw new Unavailable(`the built browser host (${cli}) is missing: electron-vite build made no web entry`);
  return cli;
}

/** `hostDir`: the built renderer it serves (see renderer-build.ts); the host is the same build's. */
export async function startBrowserHost(root: string, cleanup: Cleanup, hostDir: string): Promise<RunningHost & { startedAt: number }> {
  const args = [builtHostPath(hostDir), '--port', '0', '--host-dir', hostDir];
  const startedAt = performance.timeOrigin + performance.now();
  const { url, pid } = await spawnUntilLine(root, args, HOST_LINE, cleanup, 'browser host');
  const parsed = new URL(url);
  return { url, origin: parsed.origin, token: parsed.searchParams.get('token') ?? '', pid, startedAt };
}

export async function startBareHttpServer(root: string, cleanup: Cleanup): Promise<string> {
  const script = join(root, 'bench', 'fixtures', 'bare-http-server.cjs');
  return (await spawnUntilLine(root, [script], BARE_LINE, cleanup, 'bare http server')).url;
}

/** Starts `node <args>` and resolves with the first capture of `line` in its output. */
async function spawnUntilLine(
  root: string,
  args: string[],
  line: RegExp,
  cleanup: Cleanup,
  what: string,
): Promise<{ url: string; pid: number }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.add(`stop ${what} ${child.pid}`, () => stopChild(child));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the ${what} printed no URL within ${START_TIMEOUT_MS} ms; it said: ${output.slice(-500)}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = line.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the ${what} exited (${code ?? signal}) before printing its URL: ${output.slice(-500)}`));
    });
  });
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.resume();
  return { url, pid: child.pid! };
}

/** SIGTERM, then SIGKILL if it is still there after a grace period. */
export function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
