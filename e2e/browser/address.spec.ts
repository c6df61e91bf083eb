// The address follows the block the window shows: a reload or a copied link
// reopens it, the token stays, and a reload never recreates a block that was
// unlinked (the address says "open existing only" once a block is open).
import { existsSync } from 'node:fs';
import { uniqueBlockName } from '../fixtures/addon';
import { expect, openInspector, test } from '../fixtures/test';

function query(url: string): URLSearchParams {
  return new URL(url).searchParams;
}

test('the address follows the opened block; a reload and New Window reopen it', async ({ context, page, host, blockName, cleanup }) => {
  const inspector = await openInspector(page, host, blockName);
  await expect.poll(() => query(page.url()).get('create')).toBe('0');
  expect(Object.fromEntries(query(page.url()))).toEqual({ token: host.token, block: blockName, size: '4096', create: '0' });

  const other = uniqueBlockName('addr');
  cleanup.unlinkLater(other);
  await page.getByTestId('open-name').fill(other);
  await page.getByTestId('open-size').fill('8192');
  await page.getByTestId('open-create').check();
  await page.getByTestId('open-button').click();
  await expect(page.getByTestId('block-name')).toHaveText(other);
  await expect.poll(() => query(page.url()).get('block')).toBe(other);
  expect(Object.fromEntries(query(page.url()))).toEqual({ token: host.token, block: other, size: '8192', create: '0' });

  await inspector.setText('still here after a reload');
  await page.reload();
  await expect(page.getByTestId('block-name')).toHaveText(other);
  await expect(page.getByTestId('block-size')).toContainText('8 KiB');
  await expect(page.getByTestId('live-text')).toHaveText('still here after a reload');

  const opened = context.waitForEvent('page');
  await page.getByTestId('new-window').click();
  const second = await opened;
  await expect(second.getByTestId('block-name')).toHaveText(other);
  await expect(second.getByTestId('live-text')).toHaveText('still here after a reload');
  expect(query(second.url()).get('token')).toBe(host.token);
});

test('a reload after Unlink does not recreate the block', async ({ page, host, blockName }) => {
  test.skip(process.platform === 'win32', 'POSIX blocks persist until unlinked; Windows has no Unlink');
  await openInspector(page, host, blockName);
  await expect.poll(() => query(page.url()).get('create')).toBe('0');
  await page.getByTestId('unlink-button').click();
  await page.getByTestId('unlink-confirm').click();
  await expect(page.getByTestId('unlink-note')).toContainText('Removed');
  expect(existsSync(`/dev/shm/${blockName}`)).toBe(false);

  await page.reload();
  await expect(page.getByTestId('start-error')).toContainText(`No block named "${blockName}" exists.`);
  await expect(page.getByTestId('start-error')).toContainText('ERR_SHM_NOT_FOUND');
  // The host answered: a missing block is not a missing host (issue 23).
  await expect(page.getByTestId('start-error')).not.toContainText('host is running');
  expect(existsSync(`/dev/shm/${blockName}`)).toBe(false);
});
