// Builds the terminal host (src-main/cli) into out/cli/main.mjs when it is
// missing or older than its sources. The build goes to a directory of its
// own and its files are renamed into place, so two runs at once (a command
// and a shell completion, or two test files) never see half a bundle.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_SOURCES, isStale, under } from './freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cliBundle = join(root, 'out', 'cli', 'main.mjs');
const sources = under(root, CLI_SOURCES);

/** Returns null when the bundle is ready, or the build's error output. */
export function buildCliIfStale() {
  if (!isStale(cliBundle, sources)) return null;
  const staging = join(root, 'out', `.cli-build-${process.pid}`);
  try {
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const build = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'vite.cli.config.ts'), '--outDir', staging], {
      cwd: root,
      encoding: 'utf8',
    });
    if (build.status !== 0) return build.stderr || `vite build exited with ${build.status}`;
    mkdirSync(dirname(cliBundle), { recursive: true });
    // The source map first, the bundle last: whoever sees the new bundle sees its map too.
    const files = readdirSync(staging).sort((a) => (a === 'main.mjs' ? 1 : -1));
    for (const file of files) renameSync(join(staging, file), join(dirname(cliBundle), file));
    return null;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
