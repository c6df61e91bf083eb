// Issue 10's editing tools in Debian Chromium, on a 1 MiB and a 256 MiB block:
// copy as C array and paste back, undo after another process wrote the same
// bytes (refused, nothing changes) or other bytes (restored), redo, text typed
// 0 ms apart, and the shortcut list. Another process writes with
// e2e/fixtures/external-writer.cjs; the test reads the block through the addon.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openAsOtherProcess } from '../fixtures/addon';
import { repoRoot } from '../fixtures/paths';
import { expect, openInspector, test, type Inspector } from '../fixtures/test';

const SIZES = [
  { label: '1 MiB', size: 1 << 20 },
  { label: '256 MiB', size: 256 << 20 },
];

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

function readBlock(name: string, size: number, offset: number, length: number): string {
  const block = openAsOtherProcess({ name, size, create: false });
  try {
    return block.read(offset, length).toString('hex');
  } finally {
    block.close();
  }
}

function writeBlock(name: string, size: number, offset: number, hexBytes: string): void {
  const block = openAsOtherProcess({ name, size, create: true });
  try {
    block.write(offset, Buffer.from(hexBytes, 'hex'));
  } finally {
    block.close();
  }
}

/** Another process writes `hexBytes` at `offset` (and a one-letter string at 0, which these tests do not look at). */
function writeFromOtherProcess(name: string, size: number, offset: number, hexBytes: string): void {
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'e2e', 'fixtures', 'external-writer.cjs'), name, String(size), 'x', String(offset), hexBytes],
    {
      encoding: 'utf8',
    },
  );
  expect(result.status, result.stderr).toBe(0);
}

/** Moves the view to `offset` (Go to), then selects [from, to] with a click and a shift-click. */
async function select(page: Page, inspector: Inspector, from: number, to: number): Promise<void> {
  await inspector.goTo(from.toString(16));
  await inspector.byte(from).click();
  await inspector.byte(to).click({ modifiers: ['Shift'] });
}

/** Somewhere far into the block, so the 256 MiB case works past the first watched window. */
const base = (size: number) => size - 0x10000;

for (const { label, size } of SIZES) {
  test.describe(`on a ${label} block`, () => {
    test('copy as C array, then paste it back: the same bytes', async ({ page, host, blockName }) => {
      const from = base(size) + 0x100;
      writeBlock(blockName, size, from, '000102030405060708090a0b0c0dfeff');
      const inspector = await openInspector(page, host, blockName, size);
      await select(page, inspector, from, from + 15);
      await page.keyboard.press('Control+C');
      await expect
        .poll(() => page.evaluate<string>('navigator.clipboard.readText()'))
        .toBe('00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D FE FF');
      await page.getByRole('combobox', { name: 'Copy as' }).selectOption('c-array');
      await page.getByRole('button', { name: 'Copy', exact: true }).click();
      await expect(page.getByTestId('edit-message')).toHaveText('Copied 16 bytes as c-array.');
      const copied = await page.evaluate<string>('navigator.clipboard.readText()');
      expect(copied).toBe(
        'const unsigned char data[16] = {\n  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B,\n  0x0C, 0x0D, 0xFE, 0xFF\n};',
      );

      await inspector.byte(from + 0x40).click();
      await page.keyboard.press('Control+V');
      await expect.poll(() => readBlock(blockName, size, from + 0x40, 16)).toBe('000102030405060708090a0b0c0dfeff');
      await expect(inspector.byte(from + 0x4f)).toHaveText('FF');
    });

    test('a paste past the end of the block is refused with a message', async ({ page, host, blockName }) => {
      const inspector = await openInspector(page, host, blockName, size);
      await inspector.goTo('end');
      await inspector.byte(size - 2).click();
      await page.evaluate("navigator.clipboard.writeText('01 02 03')");
      await page.keyboard.press('Control+V');
      await expect(page.getByTestId('edit-message')).toContainText("would pass the block's end");
      expect(readBlock(blockName, size, size - 2, 2)).toBe('0000');
    });

    test('undo is refused after another process wrote the same bytes, and restores when it wrote others; redo', async ({
      page,
      host,
      blockName,
    }) => {
      const at = base(size) + 0x200;
      const inspector = await openInspector(page, host, blockName, size);
      await select(page, inspector, at, at + 3);
      await page.getByRole('textbox', { name: 'Fill pattern' }).fill('AB CD');
      await page.getByRole('button', { name: 'Fill', exact: true }).click();
      await expect.poll(() => readBlock(blockName, size, at, 4)).toBe('abcdabcd');

      writeFromOtherProcess(blockName, size, at + 2, '99');
      await expect(inspector.byte(at + 2)).toHaveText('99');
      await page.getByRole('button', { name: 'Undo' }).click();
      await expect(page.getByTestId('edit-message')).toContainText('Undo refused');
      expect(readBlock(blockName, size, at, 4)).toBe('abcd99cd');

      await select(page, inspector, at + 0x20, at + 0x23);
      await page.getByRole('textbox', { name: 'Fill pattern' }).fill('11');
      await page.getByRole('button', { name: 'Fill', exact: true }).click();
      await expect.poll(() => readBlock(blockName, size, at + 0x20, 4)).toBe('11111111');
      writeFromOtherProcess(blockName, size, at + 0x30, '77');
      await inspector.byte(at + 0x20).click();
      await page.keyboard.press('Control+Z');
      await expect(page.getByTestId('edit-message')).toHaveText(/^Undid fill at /);
      expect(readBlock(blockName, size, at + 0x20, 0x11)).toBe('00'.repeat(0x10) + '77');
      await expect(inspector.byte(at + 0x20)).toHaveText('00');

      await page.keyboard.press('Control+Shift+Z');
      await expect(page.getByTestId('edit-message')).toHaveText(/^Redid fill at /);
      expect(readBlock(blockName, size, at + 0x20, 4)).toBe('11111111');
      await page.keyboard.press('Control+Z');
      await page.keyboard.press('Control+Y');
      await expect.poll(() => readBlock(blockName, size, at + 0x20, 4)).toBe('11111111');
    });

    test('a bookmark of the selection shows in the view and on the scrollbar, and survives a reload', async ({ page, host, blockName }) => {
      const at = base(size) + 0x500;
      const inspector = await openInspector(page, host, blockName, size);
      await select(page, inspector, at, at + 7);
      await page.keyboard.press('Control+B');
      const panel = page.getByRole('region', { name: 'Bookmarks' });
      await panel.getByRole('textbox', { name: 'Bookmark name' }).fill('header');
      await panel.getByRole('textbox', { name: 'Note on header' }).fill('eight bytes we care about');
      await expect(inspector.byte(at + 7)).toHaveAttribute('data-mark', '1');
      await expect(inspector.byte(at + 8)).not.toHaveAttribute('data-mark', '1');
      await expect(page.locator('[data-testid=scrollbar-mark][data-kind=bookmark]')).toHaveCount(1);

      await page.reload();
      await expect(page.getByTestId('status-line')).toHaveAttribute('data-status', 'online');
      await expect(panel.getByRole('textbox', { name: 'Bookmark name' })).toHaveValue('header');
      await expect(panel.getByRole('textbox', { name: 'Note on header' })).toHaveValue('eight bytes we care about');
      await inspector.goTo('0');
      await panel.getByRole('button', { name: 'Go to header' }).click();
      await expect(page.getByTestId('selection-info')).toContainText('(8 bytes)');
      await expect(inspector.byte(at)).toHaveAttribute('data-mark', '1');
    });

    test('the data inspector writes a u32 in the chosen byte order, and Undo restores the bytes', async ({ page, host, blockName }) => {
      const at = base(size) + 0x600;
      writeBlock(blockName, size, at, 'a1a2a3a4');
      const inspector = await openInspector(page, host, blockName, size);
      await inspector.goTo(at.toString(16));
      await inspector.byte(at).click();
      const editor = page.getByRole('form', { name: 'Edit value at cursor' });
      await editor.getByRole('combobox', { name: 'Value type' }).selectOption('u32');
      await editor.getByRole('combobox', { name: 'Byte order' }).selectOption('little');
      await editor.getByRole('textbox', { name: 'New value' }).fill('0xC0FFEE15');
      await editor.getByRole('button', { name: 'Write value' }).click();
      await expect.poll(() => readBlock(blockName, size, at, 5)).toBe('15eeffc000');
      await expect(page.getByTestId('inspect-u32').locator('td').nth(0)).toHaveText(String(0xc0ffee15));

      await editor.getByRole('combobox', { name: 'Byte order' }).selectOption('big');
      await editor.getByRole('textbox', { name: 'New value' }).fill('305419896');
      await editor.getByRole('button', { name: 'Write value' }).click();
      await expect.poll(() => readBlock(blockName, size, at, 4)).toBe('12345678');

      await page.getByRole('button', { name: 'Undo' }).click();
      await expect.poll(() => readBlock(blockName, size, at, 4)).toBe('15eeffc0');
      await page.getByRole('button', { name: 'Undo' }).click();
      await expect.poll(() => readBlock(blockName, size, at, 4)).toBe('a1a2a3a4');
      await expect(inspector.byte(at)).toHaveText('A1');
    });

    test('text typed in the text column 0 ms apart lands every character', async ({ page, host, blockName }) => {
      const at = base(size) + 0x300;
      const inspector = await openInspector(page, host, blockName, size);
      await page.getByTestId('encoding-select').selectOption('ascii');
      await inspector.goTo(at.toString(16));
      await page.locator(`.row-text [data-offset="${at}"]`).click();
      await expect(page.getByTestId('typing-column')).toContainText('text column');
      const text = 'The quick brown fox jumps over the lazy dog';
      await page.keyboard.type(text, { delay: 0 });
      await expect.poll(() => readBlock(blockName, size, at, text.length + 1)).toBe(Buffer.from(text + '\0', 'latin1').toString('hex'));
    });
  });
}

test('? lists every shortcut; Escape closes the list', async ({ page, host, blockName }) => {
  await openInspector(page, host, blockName);
  await page.getByTestId('hex-viewport').focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Ctrl+Shift+Z, Ctrl+Y');
  await expect(dialog).toContainText('Ctrl+Z');
  // Find's and the History's keys too (issue 23: the list missed them).
  for (const keys of ['Ctrl+F', 'F3, Shift+F3', '[ and ], Alt+← and Alt+→']) await expect(dialog).toContainText(keys);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
