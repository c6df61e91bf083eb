// Issue 23, item 3: the History recorded only the rows on screen. PostgreSQL
// changed 0xEE38 while the view was at 0, and the History said "0 changes"
// until the view moved there. Here a writer that knows nothing of our library
// (it writes the block's file in /dev/shm, no lock, no counter) changes 0xEE38
// of a 64 KiB block three times while the view shows offset 0.
import { closeSync, openSync, writeSync } from 'node:fs';
import { expect, openInspector, test } from '../fixtures/test';

const OFFSET = 0xee38;

/** Writes `bytes` at `offset` of the block's file, as a program that knows nothing of our library would. */
function writeForeign(name: string, offset: number, bytes: number[]): void {
  const fd = openSync(`/dev/shm/${name}`, 'r+');
  try {
    writeSync(fd, Uint8Array.from(bytes), 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('changes off screen are recorded: the count moves, and stepping back at 0xEE38 shows the old bytes', async ({
  page,
  host,
  blockName,
}) => {
  const size = 64 * 1024;
  const inspector = await openInspector(page, host, blockName, size);
  await inspector.showPanel('history');
  const note = page.getByTestId('history-note');
  await expect(note).toContainText('0 changes recorded');

  for (const value of [0x11, 0x22, 0x33]) {
    writeForeign(blockName, OFFSET, [value]);
    await pause(300); // apart, so each is its own change
  }
  await expect(inspector.byte(0)).toBeVisible(); // the view never left the start
  await expect(note).toContainText('3 changes recorded');

  await inspector.goTo('0xEE38');
  await expect(inspector.byte(OFFSET)).toHaveText('33');
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  await timeline.focus();
  // Steps: when recording began, then the three changes (the first step back is the newest change).
  await expect(timeline).toHaveAttribute('max', '4');
  for (const expected of ['33', '22', '11', '00']) {
    await page.keyboard.press('[');
    await expect(inspector.byte(OFFSET)).toHaveText(expected);
  }
  await page.getByRole('button', { name: 'Live' }).click();
  await expect(inspector.byte(OFFSET)).toHaveText('33');
  await expect(page.getByTestId('history-coverage')).toHaveText('It records the whole block.');
});

test('a block over the whole-block limit records the rows on screen, and the History panel says so', async ({ page, host, blockName }) => {
  const size = (1 << 20) + 4096;
  const inspector = await openInspector(page, host, blockName, size);
  await inspector.showPanel('history');
  await expect(page.getByTestId('history-coverage')).toHaveText('It records the rows on screen: blocks over 1 MiB are not recorded whole.');
  const note = page.getByTestId('history-note');
  await expect(note).toContainText('0 changes recorded');
  writeForeign(blockName, size - 8, [0x44]); // off screen: not recorded
  await pause(300);
  writeForeign(blockName, 16, [0x55]); // on screen
  await expect(inspector.byte(16)).toHaveText('55');
  await expect(note).toContainText('1 changes recorded');
});
