// The layer rules in eslint.config.js fire: each is run through ESLint's API
// on a small snippet placed, by its path, in the layer it forbids, and on the
// same snippet where it is allowed. Before these rules, `import 'electron'`
// in src-main/core and a module-level `const x: number[] = []` in the
// renderer survived every test.
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The rule ids ESLint reports for `code` as if it were the file at `path` (relative to the root). */
async function rulesFiredOn(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages.map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

describe('ESLint layer rules', () => {
  it.each([
    ['src-main/core/x.ts', `import 'electron';`],
    ['src-main/core/x.ts', `import { app } from 'electron';\nexport const ready = app.isReady();`],
    ['src-renderer/src/x.ts', `import { changedRuns } from '../../src-main/core/ranges';\nexport const f = changedRuns;`],
    ['src-renderer/src/x.ts', `import { readFileSync } from 'node:fs';\nexport const f = readFileSync;`],
    ['src-renderer/src/x.ts', `import path from 'path';\nexport const f = path;`],
    ['src-shared/x.ts', `import { readFileSync } from 'node:fs';\nexport const f = readFileSync;`],
    ['src-shared/x.ts', `import { EventEmitter } from 'events';\nexport const f = EventEmitter;`],
  ])('no-restricted-imports refuses the import in %s: %s', async (path, code) => {
    expect(await rulesFiredOn(path, code)).toContain('no-restricted-imports');
  });

  it.each([
    ['src-shared/x.ts', `export const n = Buffer.byteLength('x');`],
    ['src-shared/x.ts', `export const title = () => document.title;`],
    ['src-shared/x.ts', `export const env = () => process.env;`],
  ])('no-restricted-globals refuses Node and DOM globals in %s: %s', async (path, code) => {
    expect(await rulesFiredOn(path, code)).toContain('no-restricted-globals');
  });

  it('the same imports are allowed where they belong', async () => {
    expect(await rulesFiredOn('src-main/electron/x.ts', `import { app } from 'electron';\nexport const ready = app.isReady();`)).toEqual(
      [],
    );
    expect(await rulesFiredOn('src-main/core/x.ts', `import { readFileSync } from 'node:fs';\nexport const f = readFileSync;`)).toEqual([]);
    expect(
      await rulesFiredOn('src-renderer/src/x.ts', `import { MAX_READ_LENGTH } from './contract';\nexport const n = MAX_READ_LENGTH;`),
    ).toEqual([]);
  });

  it.each([
    `const x: number[] = [];\nexport const push = (n: number) => x.push(n);`,
    `export const cache = new Map<string, number>();`,
    `const seen = new Set<string>();\nexport const see = (s: string) => seen.add(s);`,
    `const state = { count: 0 };\nexport const bump = () => state.count++;`,
    `let count = 0;\nexport const bump = () => ++count;`,
  ])('no-restricted-syntax refuses module-level mutable state in the renderer: %s', async (code) => {
    expect(await rulesFiredOn('src-renderer/src/stores/x.ts', code)).toContain('no-restricted-syntax');
  });

  it.each([
    `export const TABLE = Object.freeze([1, 2]);`,
    `export const LIST: readonly number[] = [1, 2];`,
    `export const NAMES: Readonly<Record<string, number>> = { a: 1 };`,
    `export const MODES = ['a', 'b'] as const;`,
    `export function fresh(): number[] {\n  const x: number[] = [];\n  return x;\n}`,
  ])('frozen tables and function-local state stay allowed in the renderer: %s', async (code) => {
    expect(await rulesFiredOn('src-renderer/src/stores/x.ts', code)).toEqual([]);
  });
});
