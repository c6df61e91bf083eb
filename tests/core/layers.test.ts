// The layers import only what sits above them: src-shared nothing outside
// itself (it runs in every process), the renderer nothing from src-main,
// src-main/core nothing from Electron (it runs in the browser and terminal
// hosts too). ESLint's no-restricted-imports says the same as each file is
// written (eslint.config.js; tests/core/lint-layers.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Every module a file imports, re-exports, imports for its side effects
 * (`import 'x'`), imports dynamically or requires, resolved against the
 * repository root when relative.
 */
function importsIn(file: string, text: string): string[] {
  const pattern =
    /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|\bimport\s+['"]([^'"]+)['"]|\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...text.matchAll(pattern)].map((m) => {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    return spec.startsWith('.') ? relative(root, resolve(file, '..', spec)) : spec;
  });
}

function importsOf(file: string): string[] {
  return importsIn(file, readFileSync(file, 'utf8'));
}

describe('layers', () => {
  it('finds every form of import, so a side-effect import of electron is seen too', () => {
    const file = join(root, 'src-main', 'core', 'x.ts');
    const text = `import 'electron';\nimport { a } from "./a";\nexport * from './b';\nconst c = await import('c');\nconst d = require('d');`;
    expect(importsIn(file, text)).toEqual(['electron', 'src-main/core/a', 'src-main/core/b', 'c', 'd']);
  });

  it('src-main/core imports nothing from Electron', () => {
    const offending = sourcesUnder(join(root, 'src-main', 'core')).flatMap((file) =>
      importsOf(file)
        .filter((target) => target === 'electron' || target.startsWith('electron/') || target.startsWith('src-main/electron'))
        .map((target) => `${relative(root, file)} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });

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
