// The viewport matrix: from 500x800 and 800x600 to 2560x1440 and at 150% and 200% zoom,
// nothing is clipped. Every hex column, the text column and every control is
// on screen or reachable by scrolling a region that scrolls, and every region
// that scrolls shows a scrollbar. Every side panel's controls are reachable:
// stacked beside the hex view in a wide window, behind the tab strip under it
// in a narrow one (opened as a user would, by its tab).
//
// Zoom: browser zoom (Ctrl+ +) divides the CSS pixels of the window by the
// zoom factor and draws each with more device pixels. At 150% a 1280x800
// window lays out in 853x533 CSS pixels, so that is the viewport here, with a
// device scale factor of 1.5 for the screenshot. (deviceScaleFactor alone only
// sharpens the pixels and changes no layout; CSS `zoom` on the body leaves the
// media queries at the unzoomed width, which no real zoom does.)
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { seriousViolationsInBothThemes } from '../fixtures/axe';
import { expect, openInspector, saveScreenshot, test } from '../fixtures/test';
import { clippedElements, silentScrollers } from '../fixtures/layout';
import { listPanels } from '../fixtures/panels';

interface Viewport {
  label: string;
  width: number;
  height: number;
  zoom: number;
  /** Whether the side panels sit behind a tab strip (the "Narrow windows" media query). */
  tabs: boolean;
  /** Bytes a row shows: 8 where 16 do not fit whole (issue 23, item 10), so the text column is never cut off. */
  rowBytes: 8 | 16;
}

const MATRIX: Viewport[] = [
  { label: '500x800', width: 500, height: 800, zoom: 1, tabs: true, rowBytes: 8 },
  { label: '800x600', width: 800, height: 600, zoom: 1, tabs: true, rowBytes: 16 },
  { label: '1280x800-150pct', width: 1280, height: 800, zoom: 1.5, tabs: true, rowBytes: 16 },
  { label: '1280x800-200pct', width: 1280, height: 800, zoom: 2, tabs: true, rowBytes: 8 },
  { label: '1920x1080', width: 1920, height: 1080, zoom: 1, tabs: false, rowBytes: 16 },
  { label: '2560x1440', width: 2560, height: 1440, zoom: 1, tabs: false, rowBytes: 16 },
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

      // Row 0: its byte cells and its text cells; then every control.
      const targets = [
        '[data-testid=hex-row][data-offset="0"] [data-testid=hex-byte]',
        '[data-testid=hex-row][data-offset="0"] [data-testid=hex-text] [data-offset]',
        'button, input, select, textarea, [data-testid=hex-viewport], [data-testid=hex-scrollbar]',
        '[data-testid=live-text], [data-testid=data-inspector] tr, [data-testid=child-row]',
      ];
      const clipped = await clippedElements(page, targets);
      expect(clipped, `clipped at ${vp.label}`).toEqual([]);
      expect(await page.locator(targets[0]!).count()).toBe(vp.rowBytes);
      // UTF-16LE (the default): one text cell per two bytes.
      expect(await page.locator(targets[1]!).count()).toBe(vp.rowBytes / 2);
      // The text column is whole without scrolling sideways: its last cell ends inside the hex view.
      const textCut = await page.evaluate(() => {
        const cells = document.querySelectorAll('[data-testid=hex-row][data-offset="0"] [data-testid=hex-text] [data-offset]');
        const scroller = document.querySelector('.hex-scroll-x')!;
        const right = scroller.getBoundingClientRect().left + scroller.clientLeft + scroller.clientWidth;
        return cells[cells.length - 1]!.getBoundingClientRect().right - right;
      });
      expect(textCut, 'pixels of the text column past the hex view').toBeLessThanOrEqual(1);

      expect(await silentScrollers(page), `regions that scroll without a scrollbar at ${vp.label}`).toEqual([]);

      // The keyboard brings the cursor's cell into sight: End goes to the row's last column.
      const lastCell = `hex-cell-${vp.rowBytes - 1}`;
      await page.getByTestId('hex-viewport').focus();
      await page.keyboard.press('End');
      await expect(page.getByTestId('hex-viewport')).toHaveAttribute('aria-activedescendant', lastCell);
      const inSight = await page.evaluate((id) => {
        const cell = document.getElementById(id)!.getBoundingClientRect();
        const scroller = document.querySelector('.hex-scroll-x')!.getBoundingClientRect();
        return cell.left >= scroller.left - 1 && cell.right <= scroller.right + 1;
      }, lastCell);
      expect(inSight, 'the last column in sight after End').toBe(true);
    });

    test('every side panel is reachable, its controls whole', async ({ page, host, blockName }) => {
      const inspector = await openInspector(page, host, blockName);
      await expect(page.getByRole('tablist', { name: 'Side panels' })).toHaveCount(vp.tabs ? 1 : 0);
      const wholeRows = await page.getByTestId('hex-viewport').evaluate((viewport) => {
        const bottom = viewport.getBoundingClientRect().bottom;
        return Array.from(viewport.querySelectorAll('[data-testid=hex-row]')).filter(
          (row) => row.getBoundingClientRect().bottom <= bottom + 1,
        ).length;
      });
      expect(wholeRows, 'the hex view keeps room for 8 rows').toBeGreaterThanOrEqual(8);
      const panels = await listPanels(page);
      expect(panels.length, 'the panels the window lists').toBeGreaterThanOrEqual(10);
      for (const panel of panels) {
        await inspector.showPanel(panel.id);
        const slot = page.locator(`#panel-${panel.id}`);
        await expect(slot, `${panel.label} shown`).toBeVisible();
        // A panel with nothing to work on yet (Selection facts without a selection) has no controls.
        const controls = slot.locator('button, input:not([type=file]), select, textarea');
        if ((await controls.count()) > 0) await expect(controls.first(), `${panel.label}'s first control`).toBeVisible();
        if (vp.tabs) {
          // Only the chosen panel is shown, right under the hex view (past its tab strip), never below other panels.
          await expect(page.locator('[role=tabpanel]:visible')).toHaveCount(1);
          const gap = await slot.evaluate((el) => {
            const hexBottom = document.querySelector('.hex-view')!.getBoundingClientRect().bottom;
            return el.getBoundingClientRect().top - hexBottom;
          });
          expect(gap, `${panel.label} starts under the hex view`).toBeLessThan(80);
        }
        // Controls, table rows and list items: each is seen whole by scrolling the regions around it.
        const clipped = await clippedElements(page, [`#panel-${panel.id} :is(button, input, select, textarea, tr, li)`]);
        expect(clipped, `${panel.label} at ${vp.label}`).toEqual([]);
      }
      expect(await silentScrollers(page), `regions that scroll without a scrollbar at ${vp.label}`).toEqual([]);
      await saveScreenshot(page, `viewport-${vp.label}-panels`);
    });
  });
}

test.describe('the tab strip of a narrow window', () => {
  test.use({ viewport: { width: 800, height: 600 }, bypassCSP: true });

  test('axe finds nothing serious in either theme, on any tab', async ({ page, host, blockName }) => {
    const inspector = await openInspector(page, host, blockName);
    let first = true;
    for (const { id: panel } of await listPanels(page)) {
      await inspector.showPanel(panel);
      expect(await seriousViolationsInBothThemes(page, { afterFade: first }), `on the ${panel} tab`).toEqual([]);
      first = false;
    }
  });

  test('arrows, Home and End move along the tabs; Alt+digit picks a panel', async ({ page, host, blockName }) => {
    await openInspector(page, host, blockName);
    const tab = (id: string) => page.getByTestId(`panel-tab-${id}`);
    await expect(tab('text')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('text-input')).toBeVisible();
    await expect(page.getByTestId('scan-panel')).toBeHidden();
    // One tab stop: the chosen tab.
    await expect(page.locator('[role=tab][tabindex="0"]')).toHaveCount(1);

    await tab('text').focus();
    await page.keyboard.press('ArrowRight');
    await expect(tab('edit')).toBeFocused();
    await expect(tab('edit')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('edit-tools')).toBeVisible();
    await expect(page.getByTestId('text-input')).toBeHidden();
    // The last panel of the registry, whichever it is: the strip wraps around to it.
    const last = (await listPanels(page)).at(-1)!.id;
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(tab(last)).toBeFocused(); // wraps around
    await expect(tab(last)).toBeInViewport({ ratio: 1 }); // the strip scrolled to it
    await page.keyboard.press('Home');
    await expect(tab('text')).toHaveAttribute('aria-selected', 'true');
    await expect(tab('text')).toBeInViewport({ ratio: 1 });
    await page.keyboard.press('End');
    await expect(tab(last)).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator(`#panel-${last}`)).toBeVisible();
    // The focused tab shows a focus ring.
    const ring = await tab(last).evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(ring).not.toBe('none');

    // Alt+4 from the hex view: the fourth panel (Scan), its tab focused.
    await page.getByTestId('hex-viewport').focus();
    await page.keyboard.press('Alt+4');
    await expect(tab('scan')).toBeFocused();
    await expect(page.getByTestId('scan-panel')).toBeVisible();
    // Tab from the tab strip enters the shown panel (itself a tab stop first, as the APG advises).
    await page.keyboard.press('Tab');
    await expect(page.locator('#panel-scan')).toBeFocused();
    await page.keyboard.press('Tab');
    const inScan = await page.evaluate(() => document.getElementById('panel-scan')!.contains(document.activeElement));
    expect(inScan, 'Tab moves into the scan panel').toBe(true);
  });
});
