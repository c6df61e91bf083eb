// Debian's Chromium driven by Playwright (never `npx playwright install`).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium';
import type { Cleanup } from './cleanup';
import { Unavailable } from './types';

export { CHROMIUM_PATH };

const ARGS = [
  ...CHROMIUM_ARGS,
  // Several pages paint at once: none of them may be throttled as a background tab.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];

export async function launchChromium(cleanup: Cleanup): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Unavailable(`${CHROMIUM_PATH} not found (apt-get install chromium)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
  cleanup.add('close Chromium', () => browser.close());
  return browser;
}
