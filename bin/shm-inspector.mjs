#!/usr/bin/env node
// `shm-inspector` (the package's bin; `npx shm-inspector` from the repository).
// Runs the built terminal host, out/cli/main.mjs, building it first when it is
// missing or older than its sources (as `npm start` does for the app).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isStale } from '../scripts/freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'cli', 'main.mjs');
const sources = ['src-main/cli', 'src-main/core', 'vite.cli.config.ts'].map((p) => join(root, p));

if (isStale(built, sources)) {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'vite.cli.config.ts')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) {
    process.stderr.write('shm-inspector: ERR_INTERNAL: building the CLI failed (npm run build:cli)\n');
    process.exit(70);
  }
}

const { main } = await import(pathToFileURL(built).href);
process.exitCode = await main(process.argv.slice(2));
