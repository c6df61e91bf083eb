// Find (issue 10): another process writes a UTF-16LE string and a wildcard
// hex pattern at known offsets; Ctrl+F finds them on a 1 MiB and a 256 MiB
// block, counts them, highlights them, marks the scrollbar, and Next/Previous
// (F3, Shift+F3, Enter) move the cursor there.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../fixtures/paths';
import { expect, openInspector, saveScreenshot, test } from '../fixtures/test';

const MiB = 1024 * 1024;

/** Writes bytes at an offset from another process (e2e/fixtures/external-writer.cjs). */
function writeFromOutside(blockName: string, size: number, offset: number, bytes: Buffer): void {
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'e2e', 'fixtures', 'external-writer.cjs'), blockName, String(size), 'x', String(offset), bytes.toString('hex')],
    { encoding: 'utf8' },
  );
  expect(result.status, result.stderr).toBe(0);
}

for (const size of [1 * MiB, 256 * MiB]) {
  test(`Find on a ${size / MiB} MiB block: UTF-16LE text and a wildcard hex pattern written by another process`, async ({
    page,
    host,
    blockName,
  }) => {
    test.setTimeout(180_000);
    const inspector = await openInspector(page, host, blockName, size);
    const textAt = size - 0x1000 + 2; // near the end, past every watched window; all 12 bytes on one row
    const hexAt = [0x3000, Math.floor(size / 2) + 1];
    writeFromOutside(blockName, size, textAt, Buffer.from('Needle', 'utf16le'));
    for (const offset of hexAt) writeFromOutside(blockName, size, offset, Buffer.from([0xde, 0xad, offset & 0xff, 0xef]));

    // Ctrl+F from the hex view opens Find with the box focused.
    await inspector.byte(0).click();
    await page.keyboard.press('Control+f');
    const box = page.getByRole('textbox', { name: 'Find' });
    await expect(box).toBeFocused();

    // Text, UTF-16LE, case-insensitive.
    await page.getByRole('combobox', { name: 'Find as' }).selectOption('text');
    await page.getByRole('combobox', { name: 'Text encoding' }).selectOption('utf16le');
    await page.getByRole('checkbox', { name: 'Ignore case' }).check();
    await box.fill('needle');
    await box.press('Enter');
    const status = page.getByTestId('find-status');
    await expect(status).toContainText('1 match', { timeout: 60_000 });
    await expect(page.getByTestId('cursor-info')).toContainText(`Offset 0x${textAt.toString(16).toUpperCase()} (`);
    // The whole match (12 bytes) is highlighted, the byte after it is not.
    await expect(inspector.byte(textAt)).toHaveClass(/find-match/);
    await expect(inspector.byte(textAt + 11)).toHaveClass(/find-match/);
    await expect(inspector.byte(textAt + 12)).not.toHaveClass(/find-match/);
    await expect(page.locator('[data-testid=scrollbar-mark][data-kind=match]')).toHaveCount(1);

    // A wildcard hex pattern: two matches; Enter again and F3 go forward, Shift+F3 back, wrapping.
    await page.getByRole('combobox', { name: 'Find as' }).selectOption('hex');
    await box.fill('DE AD ?? EF');
    await box.press('Enter');
    await expect(status).toContainText('2 matches', { timeout: 60_000 });
    const cursorAt = (offset: number) =>
      expect(page.getByTestId('cursor-info')).toContainText(`Offset 0x${offset.toString(16).toUpperCase()} (`);
    await cursorAt(hexAt[0]!);
    await expect(inspector.byte(hexAt[0]! + 3)).toHaveClass(/find-match/);
    await box.press('Enter');
    await cursorAt(hexAt[1]!);
    await expect(inspector.byte(hexAt[1]!)).toHaveClass(/find-match/);
    await expect(status).toContainText('match 2 at');
    await page.keyboard.press('F3');
    await cursorAt(hexAt[0]!);
    await page.keyboard.press('Shift+F3');
    await cursorAt(hexAt[1]!);
    await page.getByRole('button', { name: 'Previous match' }).click();
    await cursorAt(hexAt[0]!);
    await page.getByRole('button', { name: 'Next match' }).click();
    await cursorAt(hexAt[1]!);
    if (size === MiB) await saveScreenshot(page, 'find-hex-pattern');

    // A bad pattern says what is wrong, beside the box.
    await box.fill('DE AD XY');
    await box.press('Enter');
    await expect(status).toContainText('not hex');
  });
}

test('the Find button opens and closes Find; Escape closes it', async ({ page, host, blockName }) => {
  await openInspector(page, host, blockName);
  const button = page.getByRole('button', { name: 'Find', exact: true });
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await button.click();
  await expect(page.getByRole('textbox', { name: 'Find' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('textbox', { name: 'Find' })).toHaveCount(0);
  await expect(button).toHaveAttribute('aria-expanded', 'false');
});

test('Find starts as text: a word typed and Enter finds it (issue 23)', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  writeFromOutside(blockName, 4096, 0x84, Buffer.from('sensor-A\0', 'ascii'));
  await inspector.byte(0).click();
  await page.keyboard.press('Control+f');
  const box = page.getByRole('textbox', { name: 'Find' });
  await box.fill('sensor');
  await box.press('Enter');
  await expect(page.getByTestId('find-status')).toContainText('1 match');
  await expect(page.getByTestId('cursor-info')).toContainText('Offset 0x84 (');
});
