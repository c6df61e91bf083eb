// ESLint flat config: typescript-eslint's recommended rules over every
// TypeScript source, React's hooks rules over the renderer, and the layer
// rules (docs/ARCHITECTURE.md): src-main/core without Electron, the renderer
// without src-main or Node, src-shared without Node or the DOM, and no
// module-level mutable state in the renderer. `npm run lint` (and so
// `npm test`) fails on any warning. tests/core/lint-layers.test.ts proves
// each layer rule fires.

/** Node's built-in modules, bare and as node:*, for the layers that run outside Node. */
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const noNodeImports = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'this layer runs outside Node (docs/ARCHITECTURE.md)' })),
  patterns: [{ group: ['node:*'], message: 'this layer runs outside Node (docs/ARCHITECTURE.md)' }],
};

/** Globals of Node and of the DOM that src-shared (pure: every process imports it) must not touch. */
const nodeAndDomGlobals = [
  'Buffer',
  'process',
  'require',
  '__dirname',
  '__filename',
  'window',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
].map((name) => ({ name, message: 'src-shared is pure: no Node, no DOM (docs/ARCHITECTURE.md); take what you need as an argument' }));

/**
 * Module-level mutable state in the renderer: a `let`, or a `const` holding a
 * fresh array, object, Map or Set. It would be shared by every session (and,
 * in tests, every window) in the page; state belongs in a session's store.
 * Allowed: frozen or read-only tables, written `Object.freeze([...])`,
 * `[...] as const`, or typed `readonly T[]` / `Readonly<...>` / `ReadonlyMap`
 * / `ReadonlySet`; an exception that must stay mutable gets an
 * eslint-disable-next-line with its reason.
 */
const MUTABLE_INIT = ':matches(ArrayExpression, ObjectExpression, NewExpression[callee.name=/^(Map|Set|WeakMap|WeakSet|Array)$/])';
const READONLY_TYPE =
  ':matches([id.typeAnnotation.typeAnnotation.type="TSTypeOperator"], [id.typeAnnotation.typeAnnotation.typeName.name=/^(Readonly|ReadonlyArray|ReadonlyMap|ReadonlySet)$/])';
const MODULE_LEVEL = ':matches(Program, Program > ExportNamedDeclaration) > VariableDeclaration';
const moduleStateMessage =
  'module-level mutable state is shared by every session in the page; keep it in a session store, or freeze it (see eslint.config.js)';
const noModuleState = [
  { selector: `${MODULE_LEVEL}[kind="let"]`, message: moduleStateMessage },
  { selector: `${MODULE_LEVEL}[kind="var"]`, message: moduleStateMessage },
  {
    selector: `${MODULE_LEVEL}[kind="const"] > VariableDeclarator:not(${READONLY_TYPE})[init.type!="TSAsExpression"] > ${MUTABLE_INIT}.init`,
    message: moduleStateMessage,
  },
];
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'native/build*/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'e2e-artifacts/**',
      'bench/tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}', 'bench/fixtures/page/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Layer 2 runs in the main process of every host: the terminal host and the browser host have no Electron.
    files: ['src-main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'src-main/core runs in every host; Electron belongs in src-main/electron (docs/ARCHITECTURE.md)' },
          ],
          patterns: [{ group: ['electron/*'], message: 'src-main/core runs in every host; Electron belongs in src-main/electron' }],
        },
      ],
    },
  },
  {
    // Layer 4 runs in a window or a browser tab and knows only the contract.
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...noNodeImports.paths, { name: 'electron', message: 'the renderer reaches the host only through the contract' }],
          patterns: [
            ...noNodeImports.patterns,
            { group: ['**/src-main', '**/src-main/**'], message: 'the renderer knows only the contract (src-shared), never src-main' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', ...noModuleState],
    },
  },
  {
    // The contract: pure, imported by every process.
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...noNodeImports.paths, { name: 'electron', message: 'src-shared is pure' }],
          patterns: [
            ...noNodeImports.patterns,
            { group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared imports only src-shared' },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...nodeAndDomGlobals],
    },
  },
  {
    // Scripts injected into the page by the benchmark: their functions are called through page.evaluate.
    files: ['bench/fixtures/page/**/*.js'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
  {
    // A Playwright fixture names what it depends on by destructuring its first argument; one with no dependency writes {}.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.cjs', 'native/index.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
