// Issue 24: the Statistics panel. Another process fills a region with 0x41;
// selected, it has one histogram bar (at 0x41) and entropy 0, and the table
// (the histogram's text equivalent) says so. With nothing selected the panel
// shows the whole block, and follows a later write within a second or so.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openAsOtherProcess } from '../fixtures/addon';
import { repoRoot } from '../fixtures/paths';
import { expect, openInspector, test } from '../fixtures/test';

const SIZE = 4096;

/** Writes `bytes` at `offset` from another process (e2e/fixtures/external-writer.cjs). */
function writeAsOtherProcess(name: string, offset: number, bytes: Buffer): void {
  const writer = join(repoRoot, 'e2e', 'fixtures', 'external-writer.cjs');
  const result = spawnSync(process.execPath, [writer, name, String(SIZE), 'x', String(offset), bytes.toString('hex')], {
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
}

test('a selection of 0x41 has one bar at 0x41 and entropy 0; the whole block follows a write', async ({ page, host, blockName }) => {
  openAsOtherProcess({ name: blockName, size: SIZE }).close();
  writeAsOtherProcess(blockName, 0x200, Buffer.alloc(64, 0x41));
  const inspector = await openInspector(page, host, blockName, SIZE);
  await inspector.showPanel('statistics');
  const panel = page.getByTestId('statistics-panel');

  // Nothing selected: the whole block ('x' and its NUL unit, 64 'A', zeros).
  await expect(panel.getByTestId('statistics-range')).toContainText('whole block');
  await expect(panel.getByTestId('statistics-printable')).toHaveText('65');

  await inspector.goTo('200');
  await inspector.byte(0x200).click();
  await inspector.byte(0x23f).click({ modifiers: ['Shift'] });
  await expect(panel.getByTestId('statistics-range')).toContainText('selection 0x200–0x23F');
  await expect(panel.getByTestId('statistics-entropy')).toHaveText('0.000');
  const bars = panel.getByTestId('histogram-bar');
  await expect(bars).toHaveCount(1);
  await expect(bars).toHaveAttribute('data-value', String(0x41));
  await expect(panel.getByTestId('statistics-printable')).toHaveText('64');
  await expect(panel.getByTestId('statistics-zero')).toHaveText('0');
  // The text equivalent, reachable from the keyboard.
  const tables = panel.getByTestId('statistics-tables');
  await tables.focus();
  await expect(tables).toBeFocused();
  await expect(panel.getByTestId('statistics-top').locator('tbody tr')).toHaveCount(1);
  await expect(panel.getByTestId('statistics-top').locator('tbody tr')).toContainText("0x41 'A'64100.0%");

  // A write by the other process into the selection: the numbers follow it (at most once a second).
  writeAsOtherProcess(blockName, 0x210, Buffer.from([0x00, 0xff]));
  await expect(panel.getByTestId('statistics-zero')).toHaveText('1', { timeout: 10_000 });
  await expect(bars).toHaveCount(3);
  await expect(panel.getByTestId('statistics-entropy')).not.toHaveText('0.000');
});
