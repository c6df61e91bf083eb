// A 64 MiB block scrolls like a 4 KiB one: rows are virtual, only the visible
// window is watched, and the scrollbar is scaled past the browser's height limit.
import { openAsOtherProcess } from '../fixtures/addon';
import { expect, openInspector, saveScreenshot, test } from '../fixtures/test';

const SIZE = 64 * 1024 * 1024;
const END_MARK = Buffer.from('0123456789abcdef', 'latin1'); // the last row
const MIDDLE = 0x2345678;
const MIDDLE_MARK = Buffer.from('c0ffee15600d', 'hex');

test('scroll to the end of 64 MiB and go to an offset', async ({ page, host, blockName }) => {
  // Another process creates the block and marks two places before the app opens it.
  const block = openAsOtherProcess({ name: blockName, size: SIZE });
  try {
    block.write(SIZE - 16, END_MARK);
    block.write(MIDDLE, MIDDLE_MARK);
  } finally {
    block.close();
  }

  const inspector = await openInspector(page, host, blockName, SIZE);
  await expect(page.getByTestId('block-origin')).toHaveText('opened existing');
  await expect(page.getByTestId('block-size')).toContainText('64 MiB');
  // Only the visible rows exist.
  expect(await page.getByTestId('hex-row').count()).toBeLessThan(100);

  // Drag the scrollbar's thumb past the bottom of its track.
  const thumb = await page.getByTestId('hex-scrollbar-thumb').boundingBox();
  const track = await page.getByTestId('hex-scrollbar').boundingBox();
  expect(thumb && track).toBeTruthy();
  await page.mouse.move(thumb!.x + thumb!.width / 2, thumb!.y + thumb!.height / 2);
  await page.mouse.down();
  await page.mouse.move(thumb!.x + thumb!.width / 2, track!.y + track!.height / 2, { steps: 5 });
  await expect(page.getByTestId('hex-row').first()).not.toHaveAttribute('data-offset', '0');
  await page.mouse.move(thumb!.x + thumb!.width / 2, track!.y + track!.height + 40, { steps: 5 });
  await page.mouse.up();
  const lastRow = inspector.row(SIZE - 16);
  await expect(lastRow).toBeVisible();
  await expect(lastRow.getByTestId('hex-byte')).toHaveText([...END_MARK].map((b) => b.toString(16).toUpperCase().padStart(2, '0')));
  await page.getByTestId('encoding-select').selectOption('ascii');
  await expect(lastRow.getByTestId('hex-text')).toHaveText('0123456789abcdef');
  await expect(lastRow.locator('.row-offset')).toHaveText('03FFFFF0');
  expect(await page.getByTestId('hex-row').count()).toBeLessThan(100);
  await saveScreenshot(page, 'large-block-end');

  // Go to an offset in the middle.
  await inspector.goTo('0x2345678');
  await expect(page.getByTestId('cursor-info')).toContainText('0x2345678');
  for (const [i, value] of [...MIDDLE_MARK].entries()) {
    await expect(inspector.byte(MIDDLE + i)).toHaveText(value.toString(16).toUpperCase().padStart(2, '0'));
  }
  // The data inspector reads at the cursor: c0 ff ee 15 as a big-endian u32.
  await expect(page.getByTestId('inspect-u32').locator('td').nth(1)).toHaveText(String(0xc0ffee15));

  // Back to the top from the keyboard, then to the very end.
  await page.getByTestId('hex-viewport').press('Control+Home');
  await expect(inspector.row(0)).toBeVisible();
  // A click on the track below the thumb pages down, as native scrollbars do.
  await page.getByTestId('hex-scrollbar').click({ position: { x: 7, y: track!.height - 5 } });
  await expect(inspector.row(0)).toHaveCount(0);
  await expect(page.getByTestId('hex-row').first()).toHaveAttribute('data-offset', /^[1-9]\d{2,3}$/);
  await page.getByTestId('hex-viewport').press('Control+End');
  await expect(page.getByTestId('cursor-info')).toContainText(`0x${(SIZE - 1).toString(16).toUpperCase()}`);
  await expect(inspector.byte(SIZE - 1)).toHaveText('66');

  // The wheel scrolls rows: a few notches up from the end shows rows before it.
  await page.getByTestId('hex-viewport').hover();
  await page.mouse.wheel(0, -2000);
  await expect(inspector.row(SIZE - 16)).toHaveCount(0);
  await expect(page.getByTestId('hex-row').first()).not.toHaveAttribute('data-offset', '0');
});
