// Bad input gets a clear error and writes nothing.
import { addon, snapshot, uniqueBlockName, unlinkQuietly } from '../fixtures/addon';
import { expect, openInspector, saveScreenshot, test } from '../fixtures/test';

test('bad offsets, block names and sizes are refused and nothing is written', async ({ page, host, blockName, cleanup }) => {
  const inspector = await openInspector(page, host, blockName);
  await inspector.setText('keep me');
  await expect(page.getByTestId('live-text')).toHaveText('keep me');
  const before = snapshot(blockName, 4096);

  // Go to: not an offset, past the end, before the start (relative to the cursor at 0).
  await inspector.goTo('zzz');
  await expect(page.getByTestId('goto-error')).toContainText('"zzz" is not an offset');
  await inspector.goTo('0x1000');
  await expect(page.getByTestId('goto-error')).toContainText('past the end of the block');
  await expect(page.getByTestId('goto-error')).toContainText('0xFFF');
  await inspector.goTo('-5');
  await expect(page.getByTestId('goto-error')).toContainText('-5 goes before the start of the block');

  // Typing something that is not a hex digit over a byte changes nothing.
  await inspector.byte(3).click();
  await page.keyboard.type('xyz');
  await page.keyboard.press('Escape');

  // Open another block: a name the system refuses, a size that is not a size, a size that contradicts the block.
  const open = async (name: string, size: string) => {
    await page.getByTestId('open-name').fill(name);
    await page.getByTestId('open-size').fill(size);
    await page.getByTestId('open-button').click();
  };
  await open('bad/name', '4096');
  await expect(page.getByTestId('open-error')).toContainText('ERR_SHM_NAME');
  await open('x'.repeat(300), '4096');
  await expect(page.getByTestId('open-error')).toContainText('ERR_SHM_NAME');
  await open(blockName, 'lots');
  await expect(page.getByTestId('open-error')).toContainText('"lots" is not a valid size');
  await open(blockName, '0');
  await expect(page.getByTestId('open-error')).toContainText('at least 1 byte');
  await open(blockName, '8192');
  await expect(page.getByTestId('open-error')).toContainText('ERR_SHM_SIZE_MISMATCH');
  const tooBig = uniqueBlockName('big');
  cleanup.unlinkLater(tooBig);
  await open(tooBig, String(4 * 1024 ** 4));
  await expect(page.getByTestId('open-error')).toContainText('(ERR_SHM_SIZE)');
  await saveScreenshot(page, 'bad-input');

  // Get with a cch that is not a count.
  await page.getByTestId('get-cch').fill('abc');
  await page.getByTestId('get-button').click();
  await expect(page.getByTestId('get-error')).toContainText('cch must be a whole number');

  // Still on the same block, which holds exactly what it held.
  await expect(page.getByTestId('block-name')).toHaveText(blockName);
  await expect(page.getByTestId('live-text')).toHaveText('keep me');
  expect(Buffer.compare(snapshot(blockName, 4096), before)).toBe(0);
  expect(() => addon().openBlock({ name: tooBig, size: 4096, create: false })).toThrow();
  unlinkQuietly(tooBig);
});

test('a window asked for a bad block says why and recovers through the form', async ({ page, host, blockName }) => {
  await page.goto(`${host.url}&block=${encodeURIComponent('bad/name')}&size=4096`);
  await expect(page.getByTestId('start-error')).toContainText('ERR_SHM_NAME');
  await expect(page.getByTestId('start-error')).toContainText('open another block by name and size');
  await saveScreenshot(page, 'start-error');

  await page.getByTestId('open-name').fill(blockName);
  await page.getByTestId('open-size').fill('4096');
  await page.getByTestId('open-create').check(); // the name is new: the form makes it only when asked
  await page.getByTestId('open-button').click();
  await expect(page.getByTestId('block-name')).toHaveText(blockName);
  await expect(page.getByTestId('start-error')).toHaveCount(0);
  await expect(page.getByTestId('hex-view')).toBeVisible();
});

test('a page opened without its token says how to get one', async ({ page, host, blockName }) => {
  await openInspector(page, host, blockName);
  await page.goto(new URL('/', host.url).toString());
  await expect(page.getByTestId('no-host')).toContainText('needs a token');
  await expect(page.getByTestId('no-host')).toContainText('npm run web');
});
