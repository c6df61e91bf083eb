// A window's first screen: the block's bytes are painted before the side
// panels mount (components/afterFirstPaint.ts), so a start does not pay for
// every panel before the user sees the bytes; the panels follow a frame later.
import { expect, pageUrl, test } from '../fixtures/test';

test('the first frame with the bytes comes before the side panels, which follow at once', async ({ page, host, blockName }) => {
  // Before the page's own scripts: note what is in the document when byte 0 first shows, and in the frame after.
  await page.addInitScript(() => {
    const w = window as unknown as { firstScreen?: { panels: number; shortcutRows: number } };
    const panelContents = () => document.querySelectorAll('[data-panel] > *').length;
    const observer = new MutationObserver(() => {
      const byte = document.querySelector('[data-testid="hex-byte"][data-offset="0"]');
      if (!byte || !/^[0-9A-F]{2}$/.test(byte.textContent ?? '')) return;
      observer.disconnect();
      w.firstScreen = { panels: panelContents(), shortcutRows: document.querySelectorAll('.shortcuts-dialog tr').length };
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
  expect(await firstScreen()).toEqual({ panels: 0, shortcutRows: 0 });
  // Every panel of the column is there, and the shortcuts list too.
  await expect(page.getByRole('region', { name: 'Data inspector' })).toBeVisible();
  await expect(page.getByTestId('live-text')).toBeAttached();
  await expect(page.locator('.shortcuts-dialog tr').first()).toBeAttached();
});
