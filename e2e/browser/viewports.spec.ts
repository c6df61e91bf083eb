// The viewport matrix: from 800x600 to 2560x1440 and at 150% and 200% zoom,
// nothing is clipped. Every hex column, the text column and every control is
// on screen or reachable by scrolling a region that scrolls, and every region
// that scrolls shows a scrollbar.
//
// Zoom: browser zoom (Ctrl+ +) divides the CSS pixels of the window by the
// zoom factor and draws each with more device pixels. At 150% a 1280x800
// window lays out in 853x533 CSS pixels, so that is the viewport here, with a
// device scale factor of 1.5 for the screenshot. (deviceScaleFactor alone only
// sharpens the pixels and changes no layout; CSS `zoom` on the body leaves the
// media queries at the unzoomed width, which no real zoom does.)
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { expect, openInspector, saveScreenshot, test } from '../fixtures/test';
import { clippedElements, silentScrollers } from '../fixtures/layout';

interface Viewport {
  label: string;
  width: number;
  height: number;
  zoom: number;
}

const MATRIX: Viewport[] = [
  { label: '800x600', width: 800, height: 600, zoom: 1 },
  { label: '1280x800-150pct', width: 1280, height: 800, zoom: 1.5 },
  { label: '1280x800-200pct', width: 1280, height: 800, zoom: 2 },
  { label: '1920x1080', width: 1920, height: 1080, zoom: 1 },
  { label: '2560x1440', width: 2560, height: 1440, zoom: 1 },
];

// Playwright hides scrollbars in headless Chromium; a user's Chromium shows them.
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], ignoreDefaultArgs: ['--hide-scrollbars'] } });

for (const vp of MATRIX) {
  test.describe(`at ${vp.label}`, () => {
    test.use({
      viewport: { width: Math.floor(vp.width / vp.zoom), height: Math.floor(vp.height / vp.zoom) },
      deviceScaleFactor: vp.zoom,
    });

    test('nothing is clipped and every scrolling region shows a scrollbar', async ({ page, host, blockName }) => {
      const inspector = await openInspector(page, host, blockName);
      expect(await page.evaluate(() => window.scrollY), 'the page opens at its top').toBe(0);
      await inspector.setText('Every column stays in reach');
      await expect(page.getByTestId('live-text')).toHaveText('Every column stays in reach');
      await inspector.launchAndWait('native');
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveScreenshot(page, `viewport-${vp.label}`);

      // Row 0: its 16 byte cells and its 16 text cells; then every control.
      const targets = [
        '[data-testid=hex-row][data-offset="0"] [data-testid=hex-byte]',
        '[data-testid=hex-row][data-offset="0"] [data-testid=hex-text] [data-offset]',
        'button, input, select, textarea, [data-testid=hex-viewport], [data-testid=hex-scrollbar]',
        '[data-testid=live-text], [data-testid=data-inspector] tr, [data-testid=child-row]',
      ];
      const clipped = await clippedElements(page, targets);
      expect(clipped, `clipped at ${vp.label}`).toEqual([]);
      expect(await page.locator(targets[0]!).count()).toBe(16);
      // UTF-16LE (the default): one text cell per two bytes.
      expect(await page.locator(targets[1]!).count()).toBe(8);

      expect(await silentScrollers(page), `regions that scroll without a scrollbar at ${vp.label}`).toEqual([]);

      // The keyboard brings the cursor's cell into sight: End goes to column 0F.
      await page.getByTestId('hex-viewport').focus();
      await page.keyboard.press('End');
      await expect(page.getByTestId('hex-viewport')).toHaveAttribute('aria-activedescendant', 'hex-cell-15');
      const inSight = await page.evaluate(() => {
        const cell = document.getElementById('hex-cell-15')!.getBoundingClientRect();
        const scroller = document.querySelector('.hex-scroll-x')!.getBoundingClientRect();
        return cell.left >= scroller.left - 1 && cell.right <= scroller.right + 1;
      });
      expect(inSight, 'column 0F in sight after End').toBe(true);
    });
  });
}
