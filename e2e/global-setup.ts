// Builds the app once before the suites, as `npm run build` would, unless the
// build is newer than every source (npm test has just built it) or
// SHM_E2E_SKIP_BUILD=1. The browser host serves out/renderer; the Electron
// suite runs out/main.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './fixtures/paths';

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsFresh(): boolean {
  const built = join(repoRoot, 'out', 'renderer', 'index.html');
  if (!existsSync(built)) return false;
  const sources = ['src-main', 'src-renderer', 'resources', 'electron.vite.config.ts'].map((p) => join(repoRoot, p)).filter(existsSync);
  return Math.max(...sources.map(newestMtime)) < statSync(built).mtimeMs;
}

export default function globalSetup(): void {
  if (process.env.SHM_E2E_SKIP_BUILD === '1' || buildIsFresh()) return;
  const result = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
}
