import { defineConfig } from 'vitest/config';

// The Windows backend, cross-compiled with mingw-w64 and run under wine.
export default defineConfig({
  test: {
    include: ['tests/win/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    // Node 20's own EventSource, for the renderer's browser transport against the Windows host.
    execArgv: ['--experimental-eventsource'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
