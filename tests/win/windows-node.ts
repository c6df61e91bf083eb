// Windows Node under wine, as `npm run windows` runs it (scripts/windows.mjs):
// the pinned node.exe from the cache (never downloaded by a test), the
// Windows addon, and the reasons these tests cannot run here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { windowsNodeExe } from '../../scripts/windows-node.mjs';
import { buildOriginal } from './original';
import { buildDir, unavailableReason as wineUnavailable } from './wine';

const root = join(buildDir, '..', '..');
export const windowsScript = join(root, 'scripts', 'windows.mjs');

/** Why Windows Node cannot run here, or null: wine, mingw-w64, the cached node.exe, the addon, the original programs. */
export function windowsNodeUnavailable(): string | null {
  const wine = wineUnavailable();
  if (wine !== null) return wine;
  if (!existsSync(windowsNodeExe())) return `Windows Node is not cached (${windowsNodeExe()}); run node scripts/windows-node.mjs`;
  if (!existsSync(join(buildDir, 'shm_native.node')) || !existsSync(join(buildDir, 'shm-stdio-relay.exe'))) {
    const build = spawnSync('bash', [join(root, 'native', 'win', 'build.sh')], { encoding: 'utf8' });
    if (build.status !== 0) return `npm run native:win failed: ${build.stderr.trim().split('\n').at(-1)}`;
  }
  return buildOriginal();
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run windows -- ARGS` with the given environment (its WINEPREFIX), stdout and stderr to pipes. */
export function npmRunWindows(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'windows', '--', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
