// The original writes past a 4096-byte view for a string of 2048+ characters.
// Ours stores 2047 plus the NUL, says so, and keeps working.
import { openAsOtherProcess } from '../fixtures/addon';
import { expect, openInspector, saveScreenshot, test } from '../fixtures/test';

test('a 10,000-character string is truncated to 2047 with a note', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  const long = Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(0x41 + (i % 26))).join('');

  await page.getByTestId('text-input').fill(long);
  await expect(page.getByTestId('draft-count')).toContainText('10000 / 2047');
  await expect(page.getByTestId('draft-count')).toContainText('Set will truncate');
  await page.getByTestId('set-button').click();

  await expect(page.getByTestId('truncation-note')).toContainText('Truncated: stored 2047 of 10000 characters');
  await expect(page.getByTestId('live-count')).toHaveText('2047 / 2047 characters');
  await expect(page.getByTestId('live-text')).toHaveText(long.slice(0, 2047));
  // The NUL sits in the block's last two bytes; nothing went past them.
  await inspector.goTo('0xFF0');
  await expect(inspector.byte(4094)).toHaveText('00');
  await expect(inspector.byte(4095)).toHaveText('00');
  const block = openAsOtherProcess({ name: blockName, size: 4096, create: false });
  try {
    expect(block.getString()).toBe(long.slice(0, 2047));
  } finally {
    block.close();
  }
  await saveScreenshot(page, 'truncated-string');

  // Still working: a short string, and a child reads it.
  await inspector.setText('after the long one');
  await expect(page.getByTestId('truncation-note')).toHaveCount(0);
  await expect(page.getByTestId('live-text')).toHaveText('after the long one');
  const row = await inspector.launchAndWait('native');
  await expect(row.getByTestId('child-stdout')).toHaveText('Child process read from shared memory: after the long one');
  await expect(row.getByTestId('child-exit')).toHaveText('code 0');
});
