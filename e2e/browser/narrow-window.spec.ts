// Issue 23, item 10: a 500x800 window (a phone-sized browser, a window snapped
// to a third of a screen). The hex view shows whole rows, falling back from 16
// to 8 bytes a row when 16 do not fit, so the text column is never cut off;
// the side panels sit behind a tab strip under it, and the chosen panel gets
// room enough that its first controls are on screen without scrolling the page.
import { seriousViolations } from '../fixtures/axe';
import { expect, openInspector, test } from '../fixtures/test';

test.use({ viewport: { width: 500, height: 800 }, bypassCSP: true });

/** The right edges of row 0's last text cell, of the region that shows it, and of the window. */
async function lastTextCellEdges(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const cells = document.querySelectorAll('[data-testid=hex-row][data-offset="0"] [data-testid=hex-text] [data-offset]');
    const last = cells[cells.length - 1]!.getBoundingClientRect();
    const scroller = document.querySelector('.hex-scroll-x')!;
    const box = scroller.getBoundingClientRect();
    return { cell: last.right, region: box.left + scroller.clientLeft + scroller.clientWidth, window: window.innerWidth };
  });
}

test('the text column is whole: the row falls back to 8 bytes when 16 do not fit', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await inspector.setText('Narrow window');
  const edges = await lastTextCellEdges(page);
  expect(edges.cell, 'the last text cell ends inside the hex view').toBeLessThanOrEqual(edges.region + 1);
  expect(edges.cell, 'the last text cell ends inside the window').toBeLessThanOrEqual(edges.window);
  await expect(page.locator('[data-testid=hex-row][data-offset="0"] [data-testid=hex-byte]')).toHaveCount(8);
  // Widening the window gives the user's 16 back: the fallback is the window's, not a new preference.
  await page.setViewportSize({ width: 1000, height: 800 });
  await expect(page.locator('[data-testid=hex-row][data-offset="0"] [data-testid=hex-byte]')).toHaveCount(16);
});

test('the Scan tab shows "First scan" without scrolling the page; axe finds nothing serious', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await expect(page.getByRole('tablist', { name: 'Side panels' })).toBeVisible();
  await inspector.showPanel('scan');
  const firstScan = page.locator('#panel-scan').getByRole('button', { name: 'First scan', exact: true });
  await expect(firstScan).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => window.scrollY), 'the page did not scroll').toBe(0);
  const panelHeight = await page.locator('#panel-scan').evaluate((el) => el.getBoundingClientRect().height);
  expect(panelHeight, 'the chosen panel has room for more than a line or two (it had about 100 px)').toBeGreaterThanOrEqual(140);
  // The hex view keeps eight whole rows above it.
  const wholeRows = await page.getByTestId('hex-viewport').evaluate((viewport) => {
    const bottom = viewport.getBoundingClientRect().bottom;
    return Array.from(viewport.querySelectorAll('[data-testid=hex-row]')).filter((row) => row.getBoundingClientRect().bottom <= bottom + 1)
      .length;
  });
  expect(wholeRows).toBeGreaterThanOrEqual(8);
  expect(await seriousViolations(page)).toEqual([]);
});
