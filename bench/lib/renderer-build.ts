// The browser host serves a built renderer. The benchmark builds its own copy
// (electron-vite build, as `npm start` does) into bench/tmp/app once per run
// and points the host at it with --host-dir: it measures the current sources,
// and a build someone else starts in out/ meanwhile cannot pull the files from
// under its pages.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Unavailable } from './types';

let built: string | null = null;

/** Absolute path of the benchmark's renderer build (its index.html's directory). */
export function rendererForBench(root: string, log: (message: string) => void): string {
  if (built) return built;
  if (!existsSync(join(root, 'src-renderer', 'src', 'main.tsx')))
    throw new Unavailable('the UI (src-renderer/src/main.tsx) does not exist yet');
  const outDir = join(root, 'bench', 'tmp', 'app'); // absolute: electron-vite resolves a relative one against each entry's root
  log('building the app into bench/tmp/app (electron-vite build)...');
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', outDir],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  if (result.status !== 0) {
    throw new Unavailable(`electron-vite build failed: ${(result.stderr || result.stdout || '').trim().split('\n').slice(-3).join(' / ')}`);
  }
  built = join(outDir, 'renderer');
  if (!existsSync(join(built, 'index.html'))) throw new Error(`electron-vite build wrote no ${join(built, 'index.html')}`);
  return built;
}
