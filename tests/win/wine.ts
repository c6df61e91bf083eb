// Runs the mingw-w64 build of the library (native/build-win) under wine, in a
// private WINEPREFIX that lives as long as one test file. Named objects are
// shared between the wine processes of one prefix while its wineserver runs,
// so the prefix's server is started persistent (`wineserver -p`) and stopped
// (`wineserver -k`) at the end.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnUntilLine, type Started } from '../support/spawn-until-line';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const buildDir = join(root, 'native', 'build-win');
export const readerExe = join(buildDir, 'shm-reader.exe');
export const wintestExe = join(buildDir, 'shm-wintest.exe');
export const listExe = join(buildDir, 'shm-list.exe');

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Why the Windows tests cannot run here, or null when they can. Builds the
 * executables (npm run native:win) when mingw-w64 is there and they are missing.
 */
export function unavailableReason(): string | null {
  if (!onPath('wine') || !onPath('wineserver')) return 'wine is not installed (Debian: apt-get install wine)';
  if (!existsSync(readerExe) || !existsSync(wintestExe) || !existsSync(listExe)) {
    if (!onPath('x86_64-w64-mingw32-g++')) {
      return 'mingw-w64 is not installed (Debian: apt-get install g++-mingw-w64-x86-64) and native/build-win is empty';
    }
    const build = spawnSync('bash', [join(root, 'native', 'win', 'build.sh')], { encoding: 'utf8' });
    if (build.status !== 0) return `npm run native:win failed: ${build.stderr.trim().split('\n').at(-1)}`;
  }
  return null;
}

export interface WineResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout as printed (wine's console ends lines with CRLF). */
  raw: string;
  /** stdout with CRLF turned into LF. */
  stdout: string;
  stderr: string;
}

export class WinePrefix {
  readonly dir = mkdtempSync(join(tmpdir(), 'shm-wine-'));
  readonly env: NodeJS.ProcessEnv = {
    ...process.env,
    WINEPREFIX: this.dir,
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=', // no Mono/Gecko prompts on first start
    LANG: 'C.UTF-8',
  };

  /**
   * Starts the prefix's server and waits for the first (slow, ~10 s) boot. The
   * boot leaves wine's services running with whatever stdio they inherited, so
   * it runs with stdio ignored: pipes inherited by them would never close.
   */
  async start(): Promise<void> {
    spawnSync('wineserver', ['-p'], { env: this.env, stdio: 'ignore' });
    const boot = spawnSync('wine', ['wineboot', '--init'], { env: this.env, stdio: 'ignore', timeout: 170_000 });
    if (boot.status !== 0) throw new Error(`wineboot failed in ${this.dir} (status ${boot.status}, ${boot.error?.message ?? 'no error'})`);
  }

  stop(): void {
    spawnSync('wineserver', ['-k'], { env: this.env, stdio: 'ignore' });
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs a Windows program to its end. */
  run(exe: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<WineResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('wine', [exe, ...args], { env: { ...this.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      let raw = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      const finish = (code: number | null, signal: NodeJS.Signals | null) =>
        resolve({ code, signal, raw, stdout: raw.replace(/\r\n/g, '\n'), stderr });
      child.on('close', finish);
      // A process wine starts in the background could keep our pipes open;
      // once the program itself has exited, give its output a moment and go on.
      child.on('exit', (code, signal) => setTimeout(() => finish(code, signal), 2000).unref());
    });
  }

  /** Runs shm-wintest and parses its single JSON line. */
  async wintest(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Record<string, unknown>> {
    let result = await this.run(wintestExe, args, extraEnv);
    // Under heavy load wine now and then fails to start a program at all: exit 1, not a byte
    // on either stream (seen once in a CI run beside the sanitizer). shm-wintest always prints
    // a JSON line, even for its own errors, so only that silent case is tried once more.
    if (result.code !== 0 && result.raw.trim() === '' && result.stderr.trim() === '') result = await this.run(wintestExe, args, extraEnv);
    const line = result.stdout.trim().split('\n').at(-1) ?? '';
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`shm-wintest ${args[0]} printed no JSON (code ${result.code}): ${result.raw} ${result.stderr}`);
    }
  }

  /** Starts a Windows program and resolves once it printed a line matching `ready`. */
  startUntil(exe: string, args: string[], ready: RegExp, extraEnv: NodeJS.ProcessEnv = {}): Promise<Started> {
    return spawnUntilLine('wine', [exe, ...args], ready, { env: { ...this.env, ...extraEnv }, stdin: 'pipe' });
  }

  /** A holder: creates the block, sets the text and keeps it alive until release(). */
  async hold(args: string[]): Promise<{ result: Record<string, unknown>; release: () => Promise<void> }> {
    const started = await this.startUntil(wintestExe, ['create', ...args], /^\{/);
    const exited = new Promise<void>((resolve) => started.child.once('exit', () => resolve()));
    return {
      result: JSON.parse(started.lines[0]!) as Record<string, unknown>,
      release: async () => {
        started.child.stdin!.end('quit\n');
        await exited;
      },
    };
  }
}

let counter = 0;
/** A block name unique to this test run. */
export function uniqueName(label: string): string {
  counter += 1;
  return `shmwin-${label}-${process.pid}-${counter}`;
}
