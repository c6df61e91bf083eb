// Issue 23, items 1 and 6: what takes the hex view's room in a wide window.
// Opening a block from the Blocks browser must leave the hex view its rows
// (the browser used to stay open and squeeze it to none), and the child
// readers' strip takes no more room than what it shows.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openInspector, test } from '../fixtures/test';
import { repoRoot } from '../fixtures/paths';

test.use({ viewport: { width: 1400, height: 860 } });

/** Another process makes a block and exits (a POSIX object stays until unlinked). */
function makeInChildProcess(name: string, text: string): void {
  const script = `const b = require(${JSON.stringify(join(repoRoot, 'native'))}).openBlock({ name: ${JSON.stringify(name)}, size: 4096 }); b.setString(${JSON.stringify(text)}); b.close();`;
  const made = spawnSync(process.execPath, ['-e', script]);
  expect(made.status, made.stderr.toString()).toBe(0);
}

/** Hex rows the viewport shows whole. */
function wholeHexRows(page: Page): Promise<number> {
  return page.getByTestId('hex-viewport').evaluate((viewport) => {
    const bottom = viewport.getBoundingClientRect().bottom;
    return Array.from(viewport.querySelectorAll('[data-testid=hex-row]')).filter((row) => row.getBoundingClientRect().bottom <= bottom + 1)
      .length;
  });
}

test('opening a block from the Blocks browser leaves the hex view its rows', async ({ page, host, blockName, cleanup }) => {
  await openInspector(page, host, blockName);
  const other = `${blockName}-o`.slice(0, 30);
  cleanup.unlinkLater(other);
  makeInChildProcess(other, 'made elsewhere');

  await page.getByRole('button', { name: 'Blocks', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Blocks' });
  await panel.getByRole('searchbox', { name: 'Filter blocks' }).fill(other);
  // Open beside a block, the browser takes the page's room, not the hex view's: the page scrolls instead.
  expect(await wholeHexRows(page), 'whole hex rows with the browser open').toBeGreaterThanOrEqual(8);
  await panel.locator(`[data-testid="blocks-entry"][data-name="${other}"]`).getByRole('button', { name: other, exact: true }).click();
  await expect(page.getByTestId('block-name')).toHaveText(other);
  await expect(page.getByTestId('live-text')).toHaveText('made elsewhere');
  await expect.poll(() => wholeHexRows(page), { message: 'whole hex rows after opening' }).toBeGreaterThanOrEqual(8);
  // The browser closed on open, its button says so and reopens it with the filter kept.
  await expect(page.getByTestId('blocks-toggle')).toHaveAttribute('aria-expanded', 'false');
  await page.getByTestId('blocks-toggle').click();
  await expect(panel.getByRole('searchbox', { name: 'Filter blocks' })).toHaveValue(other);
});

test('the child readers strip takes only the room of what it shows', async ({ page, host, blockName }) => {
  await openInspector(page, host, blockName);
  const strip = page.getByTestId('children-panel');
  await expect(page.getByTestId('children-empty')).toBeVisible();
  const room = await strip.evaluate((el) => {
    const style = getComputedStyle(el);
    const content = Array.from(el.children).reduce((bottom, child) => Math.max(bottom, child.getBoundingClientRect().bottom), 0);
    const top = el.getBoundingClientRect().top;
    return {
      height: el.getBoundingClientRect().height,
      needed: content - top + parseFloat(style.paddingBottom) + parseFloat(style.borderBottomWidth),
    };
  });
  expect(room.height, 'the strip is no taller than its content').toBeLessThanOrEqual(room.needed + 1);
});

test('on a block opened read-only the readers strip starts collapsed to its heading, and opens', async ({
  page,
  host,
  blockName,
  cleanup,
}) => {
  const other = `${blockName}-r`.slice(0, 30);
  cleanup.unlinkLater(other);
  makeInChildProcess(other, 'read only here');
  await page.goto(`${host.url}&block=${encodeURIComponent(other)}&access=read-only&create=0`);
  await expect(page.getByTestId('block-name')).toHaveText(other);
  const toggle = page.getByRole('button', { name: 'Child readers', exact: true });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('launch-native')).toHaveCount(0);
  const height = await page.getByTestId('children-panel').evaluate((el) => el.getBoundingClientRect().height);
  expect(height, 'a collapsed strip is one line').toBeLessThanOrEqual(50);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('launch-native')).toBeVisible();
  // Its own block, writable: the strip starts open.
  await page.goto(`${host.url}&block=${encodeURIComponent(blockName)}&size=4096`);
  await expect(page.getByTestId('block-name')).toHaveText(blockName);
  await expect(page.getByTestId('launch-native')).toBeVisible();
});
