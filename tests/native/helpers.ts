// Shared helpers of the native tests: unique block names, child processes that
// use the real addon, and clean-up of the POSIX objects a test leaves behind.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { spawnUntilLine, type Started } from '../support/spawn-until-line';

const require = createRequire(import.meta.url);
export const native = require('../../native') as typeof import('../../native/index.js');

/** The addon's CommonJS entry, for child processes started with `node -e`. */
export const nativeEntry = fileURLToPath(new URL('../../native/index.js', import.meta.url));

/**
 * The compiled addon index.js loads: the ordinary build, or the one named by
 * SHM_INSPECTOR_TEST_NATIVE_BUILD (npm run test:sanitize's ASan build).
 */
export const addonPath = process.env.SHM_INSPECTOR_TEST_NATIVE_BUILD
  ? `${process.env.SHM_INSPECTOR_TEST_NATIVE_BUILD}/shm_native.node`
  : fileURLToPath(new URL('../../native/build/Release/shm_native.node', import.meta.url));

export const childScript = fileURLToPath(new URL('./fixtures/block-child.cjs', import.meta.url));

const created: string[] = [];

/** A block name no other test (of any helper) uses; remembered for cleanup. */
export function uniqueName(label: string): string {
  const name = `shmtest-${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
  created.push(name);
  return name;
}

/** Unlinks every block made with uniqueName (call from afterEach). */
export function unlinkCreated(): void {
  for (const name of created.splice(0)) native.unlinkBlock(name);
}

export function shmPath(name: string): string {
  return `/dev/shm/${name}`;
}

export function shmExists(name: string): boolean {
  return existsSync(shmPath(name));
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end and collects its output. */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs the fixture child with a command and its JSON arguments. */
export function runChild(command: string, args: object, env?: NodeJS.ProcessEnv): Promise<Finished> {
  return run(process.execPath, [childScript, command, JSON.stringify(args)], { env: env ?? process.env });
}

/** Starts the fixture child and resolves with it once it printed a line matching `ready`. */
export function startChild(command: string, args: object, ready: RegExp): Promise<Started> {
  return spawnUntilLine(process.execPath, [childScript, command, JSON.stringify(args)], ready);
}

/** Polls until `check` returns true; throws after `timeoutMs`. */
export async function pollUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Expects `action` to throw an Error whose code is `code`; returns it for more checks. */
export function expectCode(action: () => unknown, code: string): Error & { code: string } {
  try {
    action();
  } catch (error) {
    const shmError = error as Error & { code: string };
    if (shmError.code !== code) {
      throw new Error(`expected ${code}, got ${shmError.code}: ${shmError.message}`, { cause: error });
    }
    return shmError;
  }
  throw new Error(`expected ${code}, but nothing was thrown`);
}
