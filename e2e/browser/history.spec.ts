// History and baseline differences (issue 11), with another process writing.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../fixtures/paths';
import { expect, openInspector, test } from '../fixtures/test';

/** Runs e2e/fixtures/timed-writer.cjs to its end. */
function writeFromOutside(name: string, size: number, intervalMs: number, steps: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'e2e', 'fixtures', 'timed-writer.cjs'), name, String(size), String(intervalMs), ...steps],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`timed writer exited ${code}: ${stderr}`))));
  });
}

test('the timeline shows each earlier value of a string changed three times, and Live returns to the last; another window stays live', async ({
  context,
  host,
  blockName,
}) => {
  const first = await openInspector(await context.newPage(), host, blockName);
  const second = await openInspector(await context.newPage(), host, blockName);
  await writeFromOutside(blockName, 4096, 300, ['text=first', 'text=second', 'text=third']);
  const page = first.page;
  await expect(page.getByTestId('live-text')).toHaveText('third');
  await first.showPanel('history'); // scrolled out of the side column, it asks for no steps
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  // Steps: when recording began, then the three changes (Live is one past them).
  await expect(timeline).toHaveAttribute('max', '4');
  const rowText = first.row(0).getByTestId('hex-text');

  await timeline.focus();
  for (const expected of ['third', 'second', 'first']) {
    await page.keyboard.press('[');
    await expect(rowText).toContainText(expected);
  }
  await expect(page.getByTestId('timeline-moment')).not.toHaveText('Live');
  // The other window keeps its own position: live.
  await expect(second.row(0).getByTestId('hex-text')).toContainText('third');
  await expect(second.page.getByTestId('timeline-moment')).toHaveText('Live');

  await page.keyboard.press(']');
  await expect(rowText).toContainText('second');
  await page.getByRole('button', { name: 'Live' }).click();
  await expect(rowText).toContainText('third');
  await expect(page.getByTestId('timeline-moment')).toHaveText('Live');

  // Export history: a JSON Lines download, one change per line, oldest first.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export history' }).click()]);
  expect(download.suggestedFilename()).toBe(`${blockName}-history.jsonl`);
  const lines = readFileSync(await download.path(), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { time: number; offset: number; after: string });
  expect(lines.length).toBeGreaterThanOrEqual(3);
  const times = lines.map((l) => l.time);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  // "third" in UTF-16LE is the last change's bytes at offset 0.
  expect(lines.at(-1)).toMatchObject({ offset: 0 });
  expect(lines.at(-1)!.after.startsWith(Buffer.from('third', 'utf16le').toString('hex'))).toBe(true);
});

test('a write at the end of a 1 MiB block while the view shows its start puts a marker on the scrollbar', async ({
  page,
  host,
  blockName,
}) => {
  const size = 1 << 20;
  // The panel follows the block's marks once (changeMarks, follow: true); that starts the detector, which
  // learns the whole block then (1 MiB is one pass), and later marks come as marksChanged events.
  const followed = page.waitForResponse((response) => response.url().includes('/api/call/changeMarks'));
  const inspector = await openInspector(page, host, blockName, size);
  await followed;
  await expect(page.getByTestId('scrollbar-mark')).toHaveCount(0);
  await writeFromOutside(blockName, size, 0, [`bytes=${size - 4}:deadbeef`]);
  const mark = page.locator('[data-testid=scrollbar-mark][data-kind=changed]');
  await expect(mark).toHaveCount(1);
  const track = await page.getByTestId('hex-scrollbar').boundingBox();
  const box = await mark.boundingBox();
  expect(track && box).toBeTruthy();
  // At the bottom of the track: the last 64 KiB of the block.
  expect(box!.y - track!.y).toBeGreaterThan(track!.height * 0.9);
  await expect(inspector.byte(0)).toBeVisible(); // the view never left the start
});

test('after Take baseline, an external write is listed under Differences and a click goes there', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await page.getByRole('button', { name: 'Take baseline' }).click();
  // The count, or the History panel's error if the baseline failed: a failure then says why.
  const history = page.getByTestId('history-panel');
  await expect(history.getByTestId('differences-count').or(history.getByRole('alert'))).toBeVisible();
  expect(await history.getByRole('alert').allTextContents()).toEqual([]);
  await expect(page.getByTestId('differences-count')).toContainText('0 ranges');
  await writeFromOutside(blockName, 4096, 0, ['bytes=3072:cafe']);
  const differences = page.getByRole('list', { name: 'Differences' });
  const item = differences.getByRole('button', { name: '0xC00 – 2 bytes' });
  await expect(item).toBeVisible();
  await expect(page.getByTestId('differences-count')).toContainText('1 range, 2 bytes');
  await item.click();
  await expect(inspector.byte(0xc00)).toHaveText('CA');
  await expect(inspector.byte(0xc00)).toHaveClass(/differs/);
  await expect(page.locator('[data-testid=scrollbar-mark][data-kind=differs]')).toHaveCount(1);
});
