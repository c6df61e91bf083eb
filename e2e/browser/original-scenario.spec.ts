// The seed's own scenario: the parent stores "This is a test string" with
// SetSharedMem and starts a child that prints what it reads.
import { openAsOtherProcess } from '../fixtures/addon';
import type { Page } from '@playwright/test';
import { expect, openInspector, saveScreenshot, test, type Inspector } from '../fixtures/test';

// Dark: the README's screenshot comes from here (light is checked by the axe and viewport specs).
test.use({ colorScheme: 'dark' });

const SEED_TEXT = 'This is a test string';
const CHILD_LINE = `Child process read from shared memory: ${SEED_TEXT}`;

for (const kind of ['native', 'node'] as const) {
  test(`Set, then a ${kind} reader prints the string`, async ({ page, host, blockName }) => {
    const inspector = await openInspector(page, host, blockName);
    await expect(page.getByTestId('block-origin')).toHaveText('created by this app');
    await expect(page.getByTestId('children-empty')).toBeVisible();

    await inspector.setText(SEED_TEXT);
    await expect(page.getByTestId('set-result')).toHaveText(`Stored ${SEED_TEXT.length} characters.`);
    await expect(page.getByTestId('live-text')).toHaveText(SEED_TEXT);
    await expect(page.getByTestId('live-count')).toHaveText(`${SEED_TEXT.length} / 2047 characters`);
    // UTF-16LE from offset 0: 'T' 00 'h' 00 ..., then the NUL.
    await expect(inspector.byte(0)).toHaveText('54');
    await expect(inspector.byte(1)).toHaveText('00');
    await expect(inspector.byte(2)).toHaveText('68');
    await expect(inspector.row(0).getByTestId('hex-text')).toHaveText('This is ');

    const row = await inspector.launchAndWait(kind);
    await expect(row).toHaveAttribute('data-state', 'exited');
    await expect(row.getByTestId('child-stdout')).toHaveText(CHILD_LINE);
    await expect(row.getByTestId('child-exit')).toHaveText('code 0');
    expect(Number(await row.getByTestId('child-pid').textContent())).toBeGreaterThan(0);

    // Get: the original GetSharedMem, whole and with a small cch.
    await page.getByTestId('get-button').click();
    await expect(page.getByTestId('get-result-text')).toHaveText(SEED_TEXT);
    await page.getByTestId('get-cch').fill('5');
    await page.getByTestId('get-button').click();
    await expect(page.getByTestId('get-result-text')).toHaveText('This');

    // The block holds exactly what the seed's layout says, seen from outside the app.
    const block = openAsOtherProcess({ name: blockName, size: 4096, create: false });
    try {
      expect(block.getString()).toBe(SEED_TEXT);
    } finally {
      block.close();
    }
    if (kind === 'native') await selectTheWordTest(page, inspector);
    await saveScreenshot(page, `original-scenario-${kind}`, kind === 'native');
  });
}

/**
 * For the README's screenshot: the introduction dismissed (a returning
 * user's window) and the word "test" selected, so the view, the data
 * inspector and the selection's facts all show it.
 */
async function selectTheWordTest(page: Page, inspector: Inspector): Promise<void> {
  await page.getByRole('button', { name: 'Got it, dismiss the introduction' }).click();
  const testAt = SEED_TEXT.indexOf('test') * 2; // UTF-16LE
  // From its last byte back to its first, so the cursor (and the data inspector) rests on the 't'.
  await inspector.byte(testAt + 7).click();
  for (let i = 0; i < 7; i++) await page.keyboard.press('Shift+ArrowLeft');
  await expect(page.getByTestId('cursor-info')).toContainText(`Offset 0x${testAt.toString(16).toUpperCase()} (`);
  await expect(page.getByTestId('cursor-info')).toContainText('(8 bytes)');
  await expect(page.getByTestId('facts-length')).toContainText('8');
}
