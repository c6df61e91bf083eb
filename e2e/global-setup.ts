// Builds the app once before the suites, as `npm run build` would, unless the
// build is newer than every source (npm test has just built it) or
// SHM_E2E_SKIP_BUILD=1. The browser host serves out/renderer; the Electron
// suite runs out/main.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { APP_SOURCES, isStale, under } from '../scripts/freshness.mjs';
import { repoRoot } from './fixtures/paths';

function buildIsFresh(): boolean {
  return !isStale(join(repoRoot, 'out', 'renderer', 'index.html'), under(repoRoot, APP_SOURCES));
}

export default function globalSetup(): void {
  if (process.env.SHM_E2E_SKIP_BUILD === '1' || buildIsFresh()) return;
  const result = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
}
