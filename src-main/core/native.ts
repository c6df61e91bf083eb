// Loads the native addon (native/index.js) for the main process.
//
// The same module runs from source (vitest, tsx) and from the electron-vite
// bundle in out/main, so the addon is found by walking up from this module's
// directory until a `native/index.js` appears, instead of by a relative path
// that only one of those layouts would satisfy.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type NativeModule = typeof import('../../native');
export type NativeBlock = import('../../native').Block;

const here = dirname(fileURLToPath(import.meta.url));

/** The first `<ancestor>/<relativePath>` that exists, walking up from `startDir`; null if none. */
export function findUp(relativePath: string, startDir: string = here): string | null {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, relativePath);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Absolute path of native/index.js, or an error that says what to build. */
export function nativeEntryPath(): string {
  const entry = findUp(join('native', 'index.js'));
  if (!entry) {
    throw new Error(`the native addon (native/index.js) was not found above ${here}; run \`npm run build:native\``);
  }
  return entry;
}

let cached: NativeModule | null = null;

/** The addon, loaded once per process. */
export function loadNative(): NativeModule {
  if (!cached) cached = createRequire(import.meta.url)(nativeEntryPath()) as NativeModule;
  return cached;
}
