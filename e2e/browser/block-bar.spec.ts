// The block bar tells what the block is and where the system keeps it; Unlink
// removes the POSIX name; a batch of children all read the same string.
import { existsSync } from 'node:fs';
import { expect, openInspector, test } from '../fixtures/test';

test.describe('on POSIX', () => {
  test.skip(process.platform === 'win32', 'POSIX shared memory lives in /dev/shm');

  test('facts, Unlink, and a fresh block under the same name', async ({ page, host, blockName }) => {
    const inspector = await openInspector(page, host, blockName);
    await expect(page.getByTestId('block-system-name')).toHaveText(`/dev/shm/${blockName}`);
    await expect(page.getByTestId('block-backend')).toHaveText('POSIX shm');
    await expect(page.getByTestId('block-size')).toHaveText('4 KiB (4,096 bytes)');
    await expect(page.getByTestId('persist-note')).toContainText('stays until unlinked');
    expect(existsSync(`/dev/shm/${blockName}`)).toBe(true);

    await inspector.setText('old block');
    await expect(page.getByTestId('live-text')).toHaveText('old block');
    await page.getByTestId('unlink-button').click();
    await page.getByTestId('unlink-confirm').click();
    await expect(page.getByTestId('unlink-note')).toContainText(`Removed /dev/shm/${blockName}`);
    expect(existsSync(`/dev/shm/${blockName}`)).toBe(false);

    // Opening the name again creates a new, zero-filled block.
    await page.getByTestId('open-name').fill(blockName);
    await page.getByTestId('open-size').fill('4096');
    await page.getByTestId('open-create').check();
    await page.getByTestId('open-button').click();
    await expect(page.getByTestId('block-origin')).toHaveText('created by this app');
    await expect(page.getByTestId('unlink-note')).toHaveCount(0);
    await expect(page.getByTestId('live-text')).toHaveAttribute('data-empty', '1');
    await expect(inspector.byte(0)).toHaveText('00');
    expect(existsSync(`/dev/shm/${blockName}`)).toBe(true);
  });
});

test('a batch of native readers all print the string', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await inspector.setText('read by many');
  await expect(page.getByTestId('live-text')).toHaveText('read by many');
  await page.getByTestId('batch-size').fill('4');
  await page.getByTestId('launch-batch').click();
  const rows = page.getByTestId('child-row');
  await expect(rows).toHaveCount(4);
  for (const row of await rows.all()) {
    await expect(row).toHaveAttribute('data-state', 'exited', { timeout: 30_000 });
    await expect(row.getByTestId('child-stdout')).toHaveText('Child process read from shared memory: read by many');
    await expect(row.getByTestId('child-exit')).toHaveText('code 0');
  }
  // Clear finished forgets them.
  await page.getByTestId('clear-children').click();
  await expect(page.getByTestId('children-empty')).toBeVisible();
});
