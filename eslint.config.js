// ESLint flat config: typescript-eslint's recommended rules over every
// TypeScript source, React's hooks rules over the renderer. `npm run lint`
// (and so `npm test`) fails on any warning.
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
