// Issue 10's hex-view defects and layout: a mouse drag selects the bytes under
// the pointer, fast typing loses no keystroke, Go to takes what HxD users
// type, and the row width is a choice that survives a reload.
import { snapshot } from '../fixtures/addon';
import { expect, openInspector, pageUrl, test } from '../fixtures/test';

test('a drag from 0x100 to 0x10F selects exactly those 16 bytes; the toolbar keeps its height', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  const toolbar = page.locator('.hex-toolbar');
  const heightBefore = (await toolbar.boundingBox())!.height;
  const from = (await inspector.byte(0x100).boundingBox())!;
  const to = (await inspector.byte(0x10f).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByTestId('selection-info')).toContainText('0x100–0x10F (16 bytes)');
  expect((await toolbar.boundingBox())!.height).toBe(heightBefore);
});

test('eight hex digits typed 0 ms apart land as four bytes', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await inspector.byte(0x40).click();
  await page.keyboard.type('DEADBEEF', { delay: 0 });
  await expect(inspector.byte(0x43)).toHaveText('EF');
  await expect.poll(() => snapshot(blockName, 4096).subarray(0x40, 0x45).toString('hex')).toBe('deadbeef00');
  await expect(page.getByTestId('cursor-info')).toContainText('Offset 0x44');
});

test('Go to takes bare hex, #decimal, +N/-N and end', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  const cursorInfo = page.getByTestId('cursor-info');
  await inspector.goTo('FA0');
  await expect(cursorInfo).toContainText('Offset 0xFA0 (4000)');
  await inspector.goTo('#16');
  await expect(cursorInfo).toContainText('Offset 0x10 (16)');
  await inspector.goTo('+10');
  await expect(cursorInfo).toContainText('Offset 0x20 (32)');
  await inspector.goTo('end');
  await expect(cursorInfo).toContainText('Offset 0xFFF (4095)');
  await inspector.goTo('zz');
  await expect(page.getByTestId('goto-error')).toBeVisible();
});

test('8, 16 or 32 bytes per row, kept across a reload', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  const perRow = page.getByRole('combobox', { name: 'Bytes per row' });
  await expect(perRow).toHaveValue('16');
  await perRow.selectOption('32');
  await expect(inspector.row(0x20).getByTestId('hex-byte')).toHaveCount(32);
  await expect(inspector.row(0x10)).toHaveCount(0);
  await page.goto(pageUrl(host, blockName));
  await expect(page.getByRole('combobox', { name: 'Bytes per row' })).toHaveValue('32');
  await expect(inspector.row(0x20).getByTestId('hex-byte')).toHaveCount(32);
  await page.getByRole('combobox', { name: 'Bytes per row' }).selectOption('8');
  await expect(inspector.row(0x8).getByTestId('hex-byte')).toHaveCount(8);
  await inspector.byte(0x9).click();
  await page.getByTestId('hex-viewport').press('ArrowDown');
  await expect(page.getByTestId('cursor-info')).toContainText('Offset 0x11 (17)');
});
