// Debian's Chromium, as every Playwright run here drives it (the e2e suites
// and the benchmark): never a downloaded browser (`npx playwright install`
// cannot work on these machines). As root it needs --no-sandbox; the rest keep
// it from reaching for a network it does not have.
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
