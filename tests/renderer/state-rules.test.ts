// The renderer keeps no mutable state at module level: every store is made by
// a factory, per window (per session), and its request bookkeeping lives in
// that store's own closure. A module-level `let`, a store created at import
// time, or a mutable collection held by a module would be shared by every
// store instance (and every test) that imports it. And no store reaches into
// another: a store module imports no other store module except for its types
// (what spans two stores is session.ts's). Read with TypeScript's own parser,
// so comments and strings cannot fool it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
/** The renderer, and the shared file it reads its page parameters with. */
const FILES = () => [...sourceFiles(join(root, 'src-renderer', 'src')), join(root, 'src-shared', 'page-params.ts')];
/** Calls that make a store or other mutable container when run at import time. */
const STORE_FACTORIES: ReadonlySet<string> = new Set(['create', 'createStore']);
/** Collections a module could fill at run time; one typed Readonly… is a constant table. */
const MUTABLE_CONSTRUCTORS: ReadonlySet<string> = new Set(['Map', 'Set', 'WeakMap', 'WeakSet']);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The callee's name of `f(...)`, `f<T>()(...)` or `new F(...)`, if it is a plain identifier. */
function calleeName(expression: ts.Expression): string | null {
  let node: ts.Expression = expression;
  while (ts.isCallExpression(node) && ts.isCallExpression(node.expression)) node = node.expression; // create<T>()(...)
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    return ts.isIdentifier(node.expression) ? node.expression.text : null;
  }
  return null;
}

function isReadonlyType(declaration: ts.VariableDeclaration): boolean {
  return declaration.type !== undefined && /^Readonly/.test(declaration.type.getText());
}

/** Each top-level declaration in `file` that holds state shared by every importer, as "file:line what". */
export function moduleStateIn(file: string, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const where = (node: ts.Node) => `${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of list.declarations) {
      const name = declaration.name.getText(source);
      if (!isConst) {
        found.push(`${where(declaration)} module-level variable "${name}"`);
        continue;
      }
      const init = declaration.initializer;
      const callee = init ? calleeName(init) : null;
      if (init && callee && STORE_FACTORIES.has(callee) && ts.isCallExpression(init)) {
        found.push(`${where(declaration)} "${name}" is made at import time by ${callee}()`);
      } else if (init && callee && MUTABLE_CONSTRUCTORS.has(callee) && ts.isNewExpression(init) && !isReadonlyType(declaration)) {
        found.push(`${where(declaration)} "${name}" is a module-level ${callee}`);
      }
    }
  }
  return found;
}

/** Each value import in `file` (a store module) of another store module of `storeNames`, as "file:line './name'". */
export function storeImportsIn(file: string, storeNames: ReadonlySet<string>, text = readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const target = /^\.\/([A-Za-z]+)$/.exec(statement.moduleSpecifier.text)?.[1];
    if (!target || !storeNames.has(target)) continue;
    const clause = statement.importClause;
    const namedOnlyTypes =
      clause !== undefined &&
      clause.name === undefined &&
      clause.namedBindings !== undefined &&
      ts.isNamedImports(clause.namedBindings) &&
      clause.namedBindings.elements.every((element) => element.isTypeOnly);
    if (clause?.isTypeOnly || namedOnlyTypes) continue;
    const line = source.getLineAndCharacterOfPosition(statement.getStart()).line + 1;
    found.push(`${relative(root, file)}:${line} './${target}'`);
  }
  return found;
}

describe('no module-level mutable state in the renderer', () => {
  it('finds what it looks for (the check can fail)', () => {
    const sample = [
      'let inFlight = false;',
      'var count = 0;',
      'export const useThing = create<State>()((set) => ({}));',
      'const store = createStore(() => ({}));',
      'const cache = new Map<string, number>();',
      'const TABLE: ReadonlySet<string> = new Set(["a"]);',
      'const LIMIT = 4;',
      'const NAMES = [1, 2] as const;',
      'export function make() { let local = 0; return () => local++; }',
    ].join('\n');
    expect(moduleStateIn(join(root, 'sample.ts'), sample).map((line) => line.replace(/^sample\.ts:\d+ /, ''))).toEqual([
      'module-level variable "inFlight"',
      'module-level variable "count"',
      '"useThing" is made at import time by create()',
      '"store" is made at import time by createStore()',
      '"cache" is a module-level Map',
    ]);
  });

  it('holds for every file of src-renderer/src and for src-shared/page-params.ts', () => {
    const files = FILES();
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((file) => moduleStateIn(file))).toEqual([]);
  });
});

describe('no store reaches into another', () => {
  const storesDir = join(root, 'src-renderer', 'src', 'stores');
  const storeFiles = sourceFiles(storesDir).filter((file) => readFileSync(file, 'utf8').includes('createStore<'));
  const storeNames: ReadonlySet<string> = new Set(storeFiles.map((file) => file.slice(storesDir.length + 1).replace(/\.tsx?$/, '')));

  it('finds what it looks for (the check can fail)', () => {
    const sample = [
      "import { createBytesStore } from './bytes';",
      "import { type BytesState, createBytesStore as make } from './bytes';",
      "import type { WatchedWindow } from './bytes';",
      "import { type BytesView } from './liveString';",
      "import { HeldChanges } from './heldChanges';",
      "import { describeError } from '../transport/errors';",
    ].join('\n');
    const names: ReadonlySet<string> = new Set(['bytes', 'liveString']);
    expect(storeImportsIn(join(root, 'sample.ts'), names, sample)).toEqual(["sample.ts:1 './bytes'", "sample.ts:2 './bytes'"]);
  });

  it('holds for every store module', () => {
    expect([...storeNames].sort()).toEqual([
      'block',
      'blockBrowser',
      'blockMap',
      'bookmarks',
      'bytes',
      'children',
      'connection',
      'editHistory',
      'files',
      'find',
      'hexView',
      'liveString',
      'plot',
      'scan',
      'selectionFacts',
      'sidePanels',
      'statistics',
      'struct',
      'textForm',
      'timeline',
    ]);
    expect(storeFiles.flatMap((file) => storeImportsIn(file, storeNames))).toEqual([]);
  });
});
