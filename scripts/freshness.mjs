// Whether a build is older than its sources: `npm start` and the
// `shm-inspector` bin rebuild on demand with it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
