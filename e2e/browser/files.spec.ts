// Files (issue 10): Export the block as a download, byte for byte; Compare
// the block with that file after another process changed it (the differing
// ranges listed and outlined); Import the file back after a confirmation that
// says how many bytes will change; the block is then the file again. On a
// 1 MiB and a 256 MiB block. Selection facts: the digests of a selection.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, rmSync, truncateSync } from 'node:fs';
import { openAsOtherProcess, snapshot } from '../fixtures/addon';
import { expect, openInspector, test } from '../fixtures/test';

const MiB = 1024 * 1024;

for (const size of [1 * MiB, 256 * MiB]) {
  test(`Export, Compare and Import round trip on a ${size / MiB} MiB block`, async ({ page, host, blockName }, testInfo) => {
    // 256 MiB crosses the contract four times (export, compare, the import's check, the writes), 1 MiB at a time.
    test.setTimeout(size === MiB ? 120_000 : 900_000);
    const inspector = await openInspector(page, host, blockName, size);
    // Another process fills a few places so the export is not all zeros.
    const block = openAsOtherProcess({ name: blockName, size, create: false });
    try {
      block.write(0x40, Buffer.from('exported bytes'));
      block.write(size - 8, Buffer.from('the end!'));
    } finally {
      block.close();
    }
    const before = snapshot(blockName, size);

    // Export: a download of the whole block.
    const panel = page.getByRole('region', { name: 'Files' });
    const downloading = page.waitForEvent('download', { timeout: 300_000 });
    await panel.getByRole('button', { name: 'Export' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`${blockName}.bin`);
    const exported = testInfo.outputPath('exported.bin');
    await download.saveAs(exported);
    const file = readFileSync(exported);
    expect(file.length).toBe(size);
    expect(file.equals(before)).toBe(true);

    // Another process changes two ranges after the export.
    const changes = [
      { offset: 0x100, bytes: Buffer.from([1, 2, 3, 4]) },
      { offset: size - 0x20, bytes: Buffer.from([9]) },
    ];
    const writer = openAsOtherProcess({ name: blockName, size, create: false });
    try {
      for (const c of changes) writer.write(c.offset, c.bytes);
    } finally {
      writer.close();
    }

    // Compare with the exported file: exactly those two ranges.
    await panel.getByLabel('Compare file').setInputFiles(exported);
    const result = page.getByTestId('compare-result');
    await expect(result).toContainText('5 bytes differ in 2 ranges', { timeout: 300_000 });
    await expect(result.getByTestId('diff-range')).toHaveText([
      '0x100–0x103 (4 bytes)',
      // One byte reads "(1 byte)", not "(1 bytes)" (issue 23).
      `0x${(size - 0x20).toString(16).toUpperCase()} (1 byte)`,
    ]);
    await expect(inspector.byte(0x101)).toHaveClass(/diff-range/);
    await expect(inspector.byte(0x104)).not.toHaveClass(/diff-range/);
    await result.getByTestId('diff-range').nth(1).click();
    await expect(inspector.byte(size - 0x20)).toHaveClass(/diff-range/);

    // Import the file at 0: the confirmation counts the bytes that will change; Cancel writes nothing.
    await panel.getByLabel('Import at offset').fill('0');
    await panel.getByLabel('Import file').setInputFiles(exported);
    const confirm = page.getByRole('alertdialog', { name: 'Confirm import' });
    await expect(confirm).toContainText(`(${size.toLocaleString('en')} bytes) at 0x0?`, { timeout: 300_000 });
    await expect(confirm).toContainText('5 bytes will change.');
    if (size === MiB) {
      // Cancel writes nothing (checked on the small block: a second check of 256 MiB adds minutes, not coverage).
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(page.getByTestId('files-status')).toContainText('nothing was written');
      expect(snapshot(blockName, size).subarray(0x100, 0x104)).toEqual(Buffer.from([1, 2, 3, 4]));
      await panel.getByLabel('Import file').setInputFiles(exported);
    }
    await confirm.getByRole('button', { name: 'Write' }).click({ timeout: 300_000 });
    await expect(page.getByTestId('files-status')).toContainText('5 bytes changed', { timeout: 600_000 });
    expect(snapshot(blockName, size).equals(before)).toBe(true);
    rmSync(exported);
  });
}

test('Import refuses a file that does not fit after the offset, and writes nothing', async ({ page, host, blockName }, testInfo) => {
  await openInspector(page, host, blockName);
  const path = testInfo.outputPath('big.bin');
  writeFileSync(path, Buffer.alloc(100, 0xab));
  const panel = page.getByRole('region', { name: 'Files' });
  await panel.getByLabel('Import at offset').fill('FD0'); // 4048: 48 bytes of room
  await panel.getByLabel('Import file').setInputFiles(path);
  await expect(page.getByTestId('files-error')).toContainText('only 48 bytes fit from 0xFD0');
  await expect(page.getByRole('alertdialog', { name: 'Confirm import' })).toHaveCount(0);
  expect(snapshot(blockName, 4096).every((b) => b === 0)).toBe(true);
});

test('Import refuses an 8 GiB file by its size before reading it; Compare reads only as far as the block (issue 19)', async ({
  page,
  host,
  blockName,
}, testInfo) => {
  await openInspector(page, host, blockName);
  const path = testInfo.outputPath('huge.bin');
  writeFileSync(path, '');
  truncateSync(path, 8 * 1024 * MiB); // sparse: no disk, but reading it whole would take 8 GiB
  const panel = page.getByRole('region', { name: 'Files' });
  await panel.getByLabel('Import file').setInputFiles(path);
  await expect(page.getByTestId('files-error')).toContainText('ERR_INPUT_TOO_LARGE', { timeout: 5_000 });
  await expect(page.getByTestId('files-error')).toContainText('at most 268,435,456 bytes');
  await expect(page.getByRole('alertdialog', { name: 'Confirm import' })).toHaveCount(0);
  expect(snapshot(blockName, 4096).every((b) => b === 0)).toBe(true);
  await panel.getByLabel('Compare file').setInputFiles(path);
  await expect(page.getByTestId('compare-result')).toContainText('0 bytes differ', { timeout: 5_000 });
  await expect(page.getByTestId('compare-result')).toContainText('the file is 8,589,934,592 bytes, the block 4,096; 4,096 compared');
  rmSync(path);
});

test('Selection facts: length, CRC-32, Adler-32 and SHA-256 of the selection', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  const block = openAsOtherProcess({ name: blockName, size: 4096, create: false });
  try {
    block.write(0x200, Buffer.from('Wikipedia'));
  } finally {
    block.close();
  }
  await inspector.goTo('200');
  await expect(inspector.byte(0x200)).toHaveText('57');
  await inspector.byte(0x200).click();
  await inspector.byte(0x208).click({ modifiers: ['Shift'] });
  const facts = page.getByRole('region', { name: 'Selection facts' });
  await expect(facts.getByLabel('Length')).toHaveText('9 bytes');
  await expect(facts.getByLabel('CRC-32')).toHaveText('ADAAC02E');
  await expect(facts.getByLabel('Adler-32')).toHaveText('11E60398');
  await expect(facts.getByLabel('SHA-256')).toHaveText(createHash('sha256').update('Wikipedia').digest('hex'));
  // One byte selected: "1 byte", not "1 bytes" (issue 23).
  await inspector.byte(0x203).click();
  await expect(facts.getByLabel('Length')).toHaveText('1 byte');
});
