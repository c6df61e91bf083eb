// The layers import only what sits above them: src-shared nothing outside
// itself (it runs in every process), the renderer nothing from src-main.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every module a file imports or re-exports, resolved against the repository root when relative. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => {
    const spec = (m[1] ?? m[2])!;
    return spec.startsWith('.') ? relative(root, resolve(file, '..', spec)) : spec;
  });
}

describe('layers', () => {
  it('src-renderer imports nothing from src-main', () => {
    const offending = sourcesUnder(join(root, 'src-renderer')).flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('src-main'))
        .map((target) => `${relative(root, file)} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it('src-shared imports only src-shared: no Node, no DOM library, no Electron', () => {
    const files = sourcesUnder(join(root, 'src-shared'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith('src-shared/'))
        .map((target) => `${relative(root, file)} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
