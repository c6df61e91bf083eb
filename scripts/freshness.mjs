// Whether a build is older than its sources: `npm start`, the `shm-inspector`
// bin and the e2e suites rebuild on demand with it. The source lists live here
// once: when each consumer kept its own, two of them left out src-shared, and
// a Playwright run after a change there passed against yesterday's build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What electron-vite builds the app (main, preload, renderer, browser host) from. */
export const APP_SOURCES = ['src-main', 'src-shared', 'src-renderer', 'resources', 'electron.vite.config.ts'];

/** What vite.cli.config.ts builds the terminal host from. */
export const CLI_SOURCES = ['src-main/cli', 'src-main/core', 'src-shared', 'vite.cli.config.ts'];

/** What node-gyp builds the addon and shm-reader from (native/sources.gypi lists the files in src). */
export const NATIVE_SOURCES = ['native/src', 'native/sources.gypi', 'native/binding.gyp'];

/** The newest modification time under `path` (a file or a directory tree). */
export function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** true when `built` is missing or some source under `sources` changed after it. */
export function isStale(built, sources) {
  if (!existsSync(built)) return true;
  return Math.max(...sources.filter((p) => existsSync(p)).map(newestMtime)) >= statSync(built).mtimeMs;
}

/** `sources` (paths relative to `root`) made absolute. */
export function under(root, sources) {
  return sources.map((p) => join(root, p));
}
