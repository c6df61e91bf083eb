// The one list of what each build is made from (scripts/freshness.mjs): a
// change in src-shared, which the renderer, the hosts and the CLI all import,
// makes both the app's and the CLI's build stale. Before the lists were one,
// e2e/global-setup.ts and scripts/build-cli.mjs left src-shared out.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
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

describe('every freshness check uses the one list', () => {
  const repo = join(__dirname, '..', '..');

  it.each([
    ['e2e/global-setup.ts', 'APP_SOURCES'],
    ['scripts/start.mjs', 'APP_SOURCES'],
    ['scripts/build-cli.mjs', 'CLI_SOURCES'],
  ])('%s checks %s from scripts/freshness.mjs and keeps no list of its own', (file, list) => {
    const text = readFileSync(join(repo, file), 'utf8');
    expect(text).toMatch(new RegExp(`import \\{[^}]*\\b${list}\\b[^}]*\\} from '[./]+(scripts/)?freshness\\.mjs'`));
    expect(text).toMatch(new RegExp(`under\\(\\w+, ${list}\\)`));
    // A list of its own would name a source folder in a string.
    expect(text.match(/'src-(shared|main|renderer)[^']*'/g) ?? []).toEqual([]);
  });

  it('CLI_SOURCES covers every file the CLI bundle is built from (its import graph from src-main/cli/main.ts)', () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
        const target = resolve(dirname(file), match[1]!);
        const candidates = [`${target}.ts`, join(target, 'index.ts'), target];
        const found = candidates.find((path) => existsSync(path) && path.endsWith('.ts'));
        if (found) visit(found);
      }
    };
    visit(join(repo, 'src-main', 'cli', 'main.ts'));
    expect(reached.size).toBeGreaterThan(20);
    const outside = [...reached]
      .map((file) => relative(repo, file))
      .filter((file) => !CLI_SOURCES.some((source) => file.startsWith(`${source}/`)));
    expect(outside).toEqual([]);
  });
});
