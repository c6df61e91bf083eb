// The hex view as a hex editor's user drives it: keyboard and mouse, selection,
// the text column's encodings, the data inspector, and an edit abandoned midway.
import { openAsOtherProcess, snapshot } from '../fixtures/addon';
import { expect, openInspector, test } from '../fixtures/test';

test('keyboard, mouse, encodings and the data inspector', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  const block = openAsOtherProcess({ name: blockName, size: 4096, create: false });
  try {
    block.write(0x10, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    block.write(0x20, Buffer.from('héllo', 'utf8'));
    block.write(0x50, Buffer.from('Hi', 'utf16le'));
  } finally {
    block.close();
  }
  await expect(inspector.byte(0x10)).toHaveText('01');
  await expect(inspector.byte(0x25)).toHaveText('6F');

  // The data inspector reads 01 02 03 04 05 06 07 08 at the cursor, both byte orders.
  await inspector.byte(0x10).click();
  const reading = (type: string, column: 0 | 1) => page.getByTestId(`inspect-${type}`).locator('td').nth(column);
  await expect(reading('u8', 0)).toHaveText('1');
  await expect(reading('u16', 0)).toHaveText('513');
  await expect(reading('u16', 1)).toHaveText('258');
  await expect(reading('u32', 0)).toHaveText('67305985');
  await expect(reading('u32', 1)).toHaveText('16909060');
  await expect(reading('u64', 0)).toHaveText('578437695752307201');
  await expect(reading('u64', 1)).toHaveText('72623859790382856');
  await expect(page.getByTestId('inspect-utf16').locator('td')).toHaveText("'ȁ' U+0201");

  // Keyboard: arrows, Home/End, PageDown, Ctrl+Home.
  const cursorInfo = page.getByTestId('cursor-info');
  const view = page.getByTestId('hex-viewport');
  await view.press('ArrowRight');
  await expect(cursorInfo).toContainText('Offset 0x11 (17)');
  await view.press('ArrowDown');
  await expect(cursorInfo).toContainText('Offset 0x21 (33)');
  await view.press('Home');
  await expect(cursorInfo).toContainText('Offset 0x20 (32)');
  await view.press('End');
  await expect(cursorInfo).toContainText('Offset 0x2F (47)');
  await view.press('PageDown');
  await expect(cursorInfo).not.toContainText('Offset 0x2F');
  await view.press('Control+Home');
  await expect(cursorInfo).toContainText('Offset 0x0 (0)');

  // Selection: Shift+arrows, then a mouse drag across a row.
  await inspector.byte(0x10).click();
  await view.press('Shift+ArrowRight');
  await view.press('Shift+ArrowRight');
  await view.press('Shift+ArrowRight');
  await expect(page.getByTestId('selection-info')).toContainText('0x10–0x13 (4 bytes)');
  await inspector.byte(0x40).hover();
  await page.mouse.down();
  await inspector.byte(0x48).hover();
  await inspector.byte(0x4f).hover();
  await page.mouse.up();
  await expect(page.getByTestId('selection-info')).toContainText('0x40–0x4F (16 bytes)');
  await expect(inspector.byte(0x44)).toHaveClass(/selected/);

  // The text column: UTF-16LE by default, then UTF-8 and ASCII.
  const text = inspector.row(0x20).getByTestId('hex-text');
  await page.getByTestId('encoding-select').selectOption('utf8');
  await expect(text).toHaveText(/^hé\u00a0llo\.+$/);
  await page.getByTestId('encoding-select').selectOption('ascii');
  await expect(text).toHaveText(/^h\.\.llo\.+$/);
  await page.getByTestId('encoding-select').selectOption('utf16le');
  await expect(inspector.row(0x50).getByTestId('hex-text')).toHaveText('Hi......');

  // An edit abandoned after one digit writes nothing.
  const before = snapshot(blockName, 4096);
  await inspector.byte(0x30).click();
  await page.keyboard.type('4');
  await expect(inspector.byte(0x30)).toHaveText('4_');
  await page.keyboard.press('Escape');
  await expect(inspector.byte(0x30)).toHaveText('00');
  expect(Buffer.compare(snapshot(blockName, 4096), before)).toBe(0);

  // Ctrl+G jumps to the go-to field.
  await view.press('Control+g');
  await expect(page.getByTestId('goto-input')).toBeFocused();
});
