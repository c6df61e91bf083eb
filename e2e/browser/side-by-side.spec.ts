// Two windows on one block: each sees the other's writes, live.
import { snapshot } from '../fixtures/addon';
import { expect, openInspector, saveScreenshot, test } from '../fixtures/test';

test('a Set in one page and a byte edit in the other show in both', async ({ context, host, blockName }) => {
  const left = await openInspector(await context.newPage(), host, blockName);
  const right = await openInspector(await context.newPage(), host, blockName);
  // One host process serves both pages: it created the block, and both say so.
  await expect(right.page.getByTestId('block-origin')).toHaveText('created by this app');

  await left.setText('Side by side');
  await expect(right.page.getByTestId('live-text')).toHaveText('Side by side');
  await expect(right.byte(0)).toHaveText('53');
  await expect(right.row(0).getByTestId('hex-text')).toHaveText('Side by ');
  await expect(right.row(16).getByTestId('hex-text')).toHaveText(/^side/);

  // Byte 0x64 (100) typed in the right page lights up in the left one. A byte
  // stays lit for 1.5 s only, which a busy machine can let pass between two
  // looks: the left page notes it the moment its DOM shows it.
  await left.page.evaluate(() => {
    const seen = window as unknown as { byte100Lit?: boolean };
    seen.byte100Lit = false;
    new MutationObserver(() => {
      seen.byte100Lit ||= document.querySelector('[data-testid=hex-byte][data-offset="100"][data-changed="1"]') !== null;
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-changed'] });
  });
  await right.editByte(100, 'a5');
  await expect.poll(() => left.page.evaluate(() => (window as unknown as { byte100Lit?: boolean }).byte100Lit)).toBe(true);
  await expect(left.byte(100)).toHaveText('A5');
  await expect(right.byte(100)).toHaveText('A5');
  expect(snapshot(blockName, 4096)[100]).toBe(0xa5);
  // The cursor moved on, so the next two digits edit the next byte.
  await right.page.keyboard.type('5A');
  await expect(left.byte(101)).toHaveText('5A');
  expect(snapshot(blockName, 4096)[101]).toBe(0x5a);

  await left.page.bringToFront();
  await saveScreenshot(left.page, 'side-by-side-left');
  await saveScreenshot(right.page, 'side-by-side-right');
});

test('New Window opens a second window on the same block', async ({ context, page, host, blockName }) => {
  const first = await openInspector(page, host, blockName, 8192);
  await first.setText('shared with the new window');
  const opened = context.waitForEvent('page');
  await page.getByTestId('new-window').click();
  const second = await opened;
  await expect(second.getByTestId('block-name')).toHaveText(blockName);
  await expect(second.getByTestId('block-size')).toContainText('8 KiB');
  await expect(second.getByTestId('live-text')).toHaveText('shared with the new window');
});
