// Issue 12, tried as a newcomer: the forms let the user type and say what is
// wrong where it went wrong, the labels say what is true, and the app explains
// itself (a first-run hint, cch, the bytes after the string, the encoding).
import { openAsOtherProcess } from '../fixtures/addon';
import { expect, openInspector, pageUrl, test } from '../fixtures/test';

/** Writes as another process would, before or while the page shows the block. */
function writeOutside(name: string, offset: number, bytes: Uint8Array, size = 4096): void {
  const block = openAsOtherProcess({ name, size });
  try {
    block.write(offset, bytes);
  } finally {
    block.close();
  }
}

test('the batch-size box lets the user type and says what is wrong on submit', async ({ page, host, blockName }) => {
  await openInspector(page, host, blockName);
  const box = page.getByTestId('batch-size');
  await box.click();
  await box.press('End');
  await box.press('Backspace');
  await expect(box).toHaveValue(''); // emptied, not snapped back to 1
  await box.pressSequentially('20');
  await expect(box).toHaveValue('20');
  await box.fill('-3');
  await page.getByTestId('launch-batch').click();
  await expect(box).toHaveValue('-3');
  await expect(page.getByTestId('batch-error')).toContainText(/whole number from 1 to \d+/);
  await expect(page.getByTestId('children-empty')).toBeVisible(); // nothing was launched
  await box.fill('120');
  await page.getByTestId('launch-batch').click();
  await expect(page.getByTestId('batch-error')).toContainText('"120"');
  await expect(page.getByTestId('children-empty')).toBeVisible();
});

test('Set on an empty box stores nothing and says so; placeholders read as hints', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await inspector.setText('kept');
  await expect(page.getByTestId('live-text')).toHaveText('kept');
  await page.getByTestId('text-input').fill('');
  await page.getByTestId('set-button').click();
  await expect(page.getByTestId('set-error')).toContainText('empty');
  await expect(page.getByTestId('live-text')).toHaveText('kept');
  for (const testId of ['text-input', 'open-name', 'open-size']) {
    await expect(page.getByTestId(testId), testId).toHaveAttribute('placeholder', /^(e\.g\. |Type )/);
  }
});

test('an empty string is described truly, whoever emptied it', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await inspector.setText('soon gone');
  await expect(page.getByTestId('live-text')).toHaveText('soon gone');
  writeOutside(blockName, 0, Uint8Array.of(0, 0));
  await expect(page.getByTestId('live-text')).toContainText('empty');
  await expect(page.getByTestId('live-text')).not.toContainText('zero-filled');
});

test('a second window on a block the first created does not say "created here"', async ({ page, context, host, blockName }) => {
  await openInspector(page, host, blockName);
  const second = await context.newPage();
  await openInspector(second, host, blockName);
  for (const window of [page, second]) {
    await expect(window.getByTestId('block-origin')).toHaveText('created by this app');
    await expect(window.getByTestId('block-origin')).toHaveAttribute('title', /This app's host process created/);
  }
  await second.close();
});

test('each message sits beside its own form and none goes stale', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await inspector.setText('abc');
  // The host is unreachable for Set only: the failure shows under Set, not under Get.
  await page.route('**/api/call/setString', (route) => route.abort('connectionrefused'));
  await inspector.setText('xyz');
  await expect(page.locator('form.set-form [data-testid=set-error]')).toBeVisible();
  await expect(page.locator('form.get-form [data-testid=set-error]')).toHaveCount(0);
  await page.unroute('**/api/call/setString');

  // A Get result, then a bad cch: the old result goes, the error stays beside Get.
  await page.getByTestId('get-button').click();
  await expect(page.getByTestId('get-result-text')).toHaveText('abc');
  await page.getByTestId('get-cch').fill('abc');
  await page.getByTestId('get-button').click();
  await expect(page.locator('form.get-form [data-testid=get-error]')).toContainText('cch');
  await expect(page.getByTestId('get-result')).toHaveCount(0);

  // A host refusal reads as a sentence, not as the validator's wording.
  await page.getByTestId('open-name').fill(`${blockName}b`);
  await page.getByTestId('open-size').fill('2000000000');
  await page.getByTestId('open-create').check();
  await page.getByTestId('open-button').click();
  const openError = page.getByTestId('open-error');
  await expect(openError).toContainText('1 GiB');
  await expect(openError).not.toContainText('"size"');
});

test('bytes after the string are dimmed and labelled; cch is explained', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await inspector.setText('Hello world');
  await expect(page.getByTestId('live-text')).toHaveText('Hello world');
  await inspector.setText('Hi');
  await expect(page.getByTestId('live-text')).toHaveText('Hi');
  // "Hi" and its NUL are bytes 0-5; "llo world" from the longer Set stays after them.
  await expect(inspector.byte(4)).not.toHaveClass(/after-string/);
  await expect(inspector.byte(6)).toHaveClass(/after-string/);
  await expect(inspector.byte(6)).toHaveAttribute('title', /after the string/);
  await expect(page.getByTestId('after-string-legend')).toContainText('after the string');
  await expect(page.getByTestId('cch-explain')).toHaveAttribute('title', /count of characters.*GetSharedMem\(buf, cch\)/);
});

test("the text encoding is guessed from the bytes when a block opens; the user's choice wins", async ({
  page,
  host,
  blockName,
  cleanup,
}) => {
  writeOutside(blockName, 0, new TextEncoder().encode('plain ascii text\0'));
  await openInspector(page, host, blockName);
  await expect(page.getByTestId('encoding-select')).toHaveValue('utf8');

  // A C struct (u32 counter, char name[8]) is binary: ASCII, so its name reads as text (issue 23).
  const binary = `${blockName}s`;
  cleanup.unlinkLater(binary);
  writeOutside(binary, 0, Buffer.from([5, 0, 0, 0, ...Buffer.from('sensor-A'), 0, 0, 0, 0]));
  await openInspector(page, host, binary);
  await expect(page.getByTestId('encoding-select')).toHaveValue('ascii');

  const wide = `${blockName}w`;
  cleanup.unlinkLater(wide);
  writeOutside(wide, 0, Buffer.from('wide text\0', 'utf16le'));
  await openInspector(page, host, wide);
  await expect(page.getByTestId('encoding-select')).toHaveValue('utf16le');

  await page.getByTestId('encoding-select').selectOption('ascii');
  await page.getByTestId('open-name').fill(blockName);
  await page.getByTestId('open-button').click();
  await expect(page.getByTestId('block-name')).toHaveText(blockName);
  await expect(page.getByTestId('encoding-select')).toHaveValue('ascii');
});

test('on a read-only block the hint offers what works there, not Set', async ({ page, host, blockName }) => {
  await openInspector(page, host, blockName);
  await page.goto(`${pageUrl(host, blockName)}&access=read-only`);
  await expect(page.getByTestId('read-only-note')).toBeVisible();
  const hint = page.getByTestId('first-run-hint');
  // Issue 23: it said "type a text and press Set" while Set was disabled.
  await expect(hint).toContainText('read-only');
  await expect(hint).not.toContainText('press Set');
  await expect(hint).toContainText('History');
});

test('a first-run hint says what to try, and stays dismissed', async ({ page, host, blockName }) => {
  await openInspector(page, host, blockName);
  const hint = page.getByTestId('first-run-hint');
  await expect(hint).toContainText('Set');
  await expect(hint).toContainText('reader');
  await expect(hint).toContainText('second window');
  await hint.getByRole('button', { name: /dismiss the introduction/i }).click();
  await expect(hint).toHaveCount(0);
  await page.goto(pageUrl(host, blockName));
  await expect(page.getByTestId('block-name')).toHaveText(blockName);
  await expect(page.getByTestId('first-run-hint')).toHaveCount(0);
});
