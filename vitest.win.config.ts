import { defineConfig } from 'vitest/config';

// The Windows backend, cross-compiled with mingw-w64 and run under wine.
export default defineConfig({
  test: {
    include: ['tests/win/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
