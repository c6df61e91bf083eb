import { defineConfig } from 'vitest/config';

// Unit, native and host tests. They start real processes and map real shared
// memory, so they run in forked workers with generous timeouts.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/win/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    // Two, on the two cores these machines have (vitest's default is one
    // fewer than the cores): most files wait on the processes, hosts and
    // browsers they start, and one at a time took npm test past 15 minutes.
    maxWorkers: 2,
    // Node 20's own EventSource (undici's), for the renderer's browser transport in tests
    // (the npm eventsource package needs Node 22).
    execArgv: ['--experimental-eventsource'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
