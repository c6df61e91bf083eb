import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium';

// End-to-end suites. The browser suite drives Debian's Chromium (never a
// downloaded one: `npx playwright install` cannot work here) against the real
// browser host started as a user would; the Electron suite runs the real app
// through `_electron` where Electron's binary exists and skips, saying why,
// where it does not. Two workers, in CI too: the machines have two cores, and
// a spec mostly waits on its browser and host, so two halve the suite's time
// (npm test stays under 15 minutes); specs never share a block or a host.

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: './test-results/e2e',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1400, height: 860 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
    actionTimeout: 15_000,
    // A failure keeps its trace: actions, screenshots, console and sources, but
    // no DOM snapshots. Those make Playwright fetch a copy of every response
    // body through the DevTools protocol (each event stream chunk, each 1 MiB
    // read), which was most of the time of the large-block specs.
    trace: { mode: 'retain-on-failure', snapshots: false, screenshots: true },
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'browser', testDir: './e2e/browser' },
    { name: 'electron', testDir: './e2e/electron' },
  ],
});
