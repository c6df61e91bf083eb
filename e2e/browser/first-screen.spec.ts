// A window's first screen: the block's bytes are painted before the side
// panels mount (components/afterFirstPaint.ts), so a start does not pay for
// every panel before the user sees the bytes; the panels follow a frame later,
// their code fetched then (the panels' chunk, components/panelRegistry.ts).
// A panel whose code does not load says so in its place and offers Retry.
import { expect, pageUrl, test } from '../fixtures/test';

/** The scripts the page has fetched so far (file names). */
const scriptsIn = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => entry.name.split('?')[0]!.split('/').pop()!)
    .filter((name) => name.endsWith('.js'));

test('the first frame with the bytes comes before the side panels, which follow at once', async ({ page, host, blockName }) => {
  // Before the page's own scripts: note what is in the document when byte 0 first shows, and in the frame after.
  await page.addInitScript(() => {
    const w = window as unknown as { firstScreen?: { panels: number; shortcutRows: number; scripts: number } };
    const panelContents = () => document.querySelectorAll('[data-panel] > *').length;
    const observer = new MutationObserver(() => {
      const byte = document.querySelector('[data-testid="hex-byte"][data-offset="0"]');
      if (!byte || !/^[0-9A-F]{2}$/.test(byte.textContent ?? '')) return;
      observer.disconnect();
      w.firstScreen = {
        panels: panelContents(),
        shortcutRows: document.querySelectorAll('.shortcuts-dialog tr').length,
        // The page's own script only: no panel's chunk was fetched before the bytes showed.
        scripts: performance.getEntriesByType('resource').filter((entry) => entry.name.split('?')[0]!.endsWith('.js')).length,
      };
    });
    document.addEventListener(
      'readystatechange',
      () => observer.observe(document, { childList: true, subtree: true, characterData: true }),
      {
        once: true,
      },
    );
  });
  await page.goto(pageUrl(host, blockName));
  const firstScreen = () => page.evaluate(() => (window as unknown as { firstScreen?: Record<string, number> }).firstScreen);
  await expect.poll(firstScreen, { message: 'the first bytes on screen' }).toBeDefined();
  expect(await firstScreen()).toEqual({ panels: 0, shortcutRows: 0, scripts: 1 });
  // Every panel of the column is there, and the shortcuts list too.
  await expect(page.getByRole('region', { name: 'Data inspector' })).toBeVisible();
  await expect(page.getByTestId('live-text')).toBeAttached();
  await expect(page.locator('.shortcuts-dialog tr').first()).toBeAttached();
  // The panels' code (uPlot among it) came after the bytes, in a chunk of its own.
  expect((await page.evaluate(scriptsIn)).some((name) => name.startsWith('panels-'))).toBe(true);
});

test('a panel whose code does not load says so in its place, and Retry loads it', async ({ page, host, blockName }) => {
  let refuse = true;
  await page.route(/\/panels-[^/]*\.js/, (route) => (refuse ? route.abort('connectionrefused') : route.continue()));
  await page.goto(pageUrl(host, blockName));
  const plot = page.locator('[data-panel="plot"]');
  await expect(plot.getByRole('alert')).toContainText('The Plot panel could not load');
  await expect(page.locator('[data-panel="inspector"]').getByRole('alert')).toContainText('The Inspector panel could not load');
  // The rest of the window works: the bytes are there.
  await expect(page.getByTestId('hex-byte').first()).toHaveText(/^[0-9A-F]{2}$/);
  refuse = false;
  await plot.getByRole('button', { name: 'Retry' }).click();
  await expect(plot.getByRole('alert')).toHaveCount(0);
  await expect(plot.getByRole('region', { name: 'Plot', exact: true })).toBeVisible();
  // Each panel retries on its own: the Inspector still offers its Retry, and it works.
  const inspector = page.locator('[data-panel="inspector"]');
  await inspector.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('region', { name: 'Data inspector' })).toBeVisible();
});
