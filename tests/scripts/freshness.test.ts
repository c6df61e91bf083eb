// The one list of what each build is made from (scripts/freshness.mjs): a
// change in src-shared, which the renderer, the hosts and the CLI all import,
// makes both the app's and the CLI's build stale. Before the lists were one,
// e2e/global-setup.ts and scripts/build-cli.mjs left src-shared out.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_SOURCES, CLI_SOURCES, isStale, under } from '../../scripts/freshness.mjs';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** Writes `path` under `root` and dates it, and the folders that hold it, `secondsAgo`. */
function fileAt(root: string, path: string, secondsAgo: number): string {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, '');
  const when = Date.now() / 1000 - secondsAgo;
  for (let p = full; p.startsWith(root) && p !== root; p = dirname(p)) utimesSync(p, when, when);
  return full;
}

describe.each([
  ['the app (electron-vite)', APP_SOURCES, 'out/renderer/index.html'],
  ['the CLI (vite.cli.config.ts)', CLI_SOURCES, 'out/cli/main.mjs'],
])('the build of %s', (_title, sources, builtPath) => {
  it('is fresh when every source is older than it, and stale after a change in src-shared', () => {
    const root = mkdtempSync(join(tmpdir(), 'freshness-'));
    roots.push(root);
    for (const source of sources) fileAt(root, source.includes('.') ? source : `${source}/index.ts`, 120);
    const built = fileAt(root, builtPath, 60);
    expect(isStale(built, under(root, sources))).toBe(false);

    fileAt(root, 'src-shared/contract.ts', 0);
    expect(isStale(built, under(root, sources))).toBe(true);
  });
});
