// Runs `shm-inspector` (bin/shm-inspector.mjs, over the built out/cli) as a real process.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCliIfStale } from '../../scripts/build-cli.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliBin = join(root, 'bin', 'shm-inspector.mjs');

/** Builds out/cli once, up front, so no test's timing includes a build. */
export function ensureCliBuilt(): void {
  const failure = buildCliIfStale();
  if (failure !== null) throw new Error(`building the CLI failed: ${failure}`);
}

export interface CliResult {
  code: number | null;
  stdout: Buffer;
  text: string;
  stderr: string;
}

export interface CliOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return collect(startCli(args, options), options.input);
}

/** Starts the CLI and leaves it running (watch, diff --baseline); stdin stays open as a pipe. */
export function startCli(args: string[], options: CliOptions = {}): ChildProcess {
  const env = { ...process.env, ...options.env };
  delete env['FORCE_COLOR'];
  return spawn(process.execPath, [cliBin, ...args], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function collect(child: ChildProcess, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out);
      resolve({ code, stdout, text: stdout.toString('utf8'), stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** Resolves once the child's stderr shows `pattern` (the CLI's "watching ..." / "baseline taken" lines). */
export function stderrLine(child: ChildProcess, pattern: RegExp, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} on stderr within ${timeoutMs} ms: ${seen}`)), timeoutMs);
    child.stderr!.on('data', (chunk: Buffer | string) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
