// The original example's own programs (tests/win/original: the DLL, the
// parent and the child, as Microsoft published them), built with mingw-w64
// into native/build-win/original when missing or older than their sources.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isStale } from '../../scripts/freshness.mjs';
import { buildDir } from './wine';

const sources = join(buildDir, '..', '..', 'tests', 'win', 'original');
const out = join(buildDir, 'original');
export const originalParentExe = join(out, 'parent.exe');
export const originalChildExe = join(out, 'child.exe');
/** Started by the parent in the tests: it waits for the parent's stdin to close. */
export const waiterExe = join(out, 'waiter.exe');

const CC = 'x86_64-w64-mingw32-gcc';

/** Builds the programs if needed; returns why they cannot be built, or null. */
export function buildOriginal(): string | null {
  const built = [originalParentExe, originalChildExe, waiterExe, join(out, 'shmem.dll')];
  if (!built.some((file) => isStale(file, [sources]))) return null;
  mkdirSync(out, { recursive: true });
  const wide = ['-O2', '-Wall', '-DUNICODE', '-D_UNICODE'];
  const steps: string[][] = [
    [...wide, '-shared', '-o', join(out, 'shmem.dll'), join(sources, 'shmem_dll.c'), `-Wl,--out-implib,${join(out, 'libshmem.a')}`],
    [...wide, '-municode', '-o', originalParentExe, join(sources, 'parent.c'), `-L${out}`, '-lshmem'],
    [...wide, '-municode', '-o', originalChildExe, join(sources, 'child.c'), `-L${out}`, '-lshmem'],
    ['-O2', '-Wall', '-o', waiterExe, join(sources, 'waiter.c')],
  ];
  for (const args of steps) {
    const result = spawnSync(CC, args, { encoding: 'utf8' });
    if (result.status !== 0) return `${CC} ${args.at(-1)} failed: ${result.stderr || result.error?.message}`;
  }
  return existsSync(originalParentExe) ? null : 'the original programs were not built';
}
