// When the host cannot be reached the status line says so and what to do; when
// it can be reached again the page resynchronises by itself.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { uniqueBlockName, unlinkQuietly } from '../fixtures/addon';
import { startBrowserHost } from '../fixtures/browser-host';
import { repoRoot } from '../fixtures/paths';
import { expect, openInspector, saveScreenshot, test } from '../fixtures/test';

test('the network drops and comes back: offline status, then live again', async ({ context, page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await inspector.setText('before the drop');
  await expect(page.getByTestId('live-text')).toHaveText('before the drop');

  // Chromium's own offline switch: every request to the host now fails.
  await context.setOffline(true);
  await inspector.setText('while offline');
  await expect(page.getByTestId('set-error')).toContainText('ERR_UNAVAILABLE');
  await expect(page.getByTestId('status-line')).toHaveAttribute('data-status', 'offline');
  await expect(page.getByTestId('offline-message')).toContainText('npm run web');
  await saveScreenshot(page, 'host-unreachable');

  await context.setOffline(false);
  await expect(page.getByTestId('status-line')).toHaveAttribute('data-status', 'online', { timeout: 20_000 });
  // Live again: another process writes and this page sees it through its renewed watch.
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'e2e', 'fixtures', 'external-writer.cjs'), blockName, '4096', 'after the drop', '0x40', '7f'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  expect(result.status).toBe(0);
  await expect(page.getByTestId('live-text')).toHaveText('after the drop');
  await expect(inspector.byte(0x40)).toHaveText('7F');
  await inspector.setText('set after recovery');
  await expect(page.getByTestId('set-result')).toHaveText('Stored 18 characters.');
  await expect(page.getByTestId('live-text')).toHaveText('set after recovery');
});

test('the host stops: the status line says it is unreachable and how to start it', async ({ page }) => {
  const ownHost = await startBrowserHost();
  const blockName = uniqueBlockName('stop');
  try {
    await openInspector(page, ownHost, blockName);
    await ownHost.stop();
    await expect(page.getByTestId('status-line')).toHaveAttribute('data-status', 'offline');
    await expect(page.getByTestId('offline-message')).toContainText('Lost the connection to the inspector host');
    await expect(page.getByTestId('offline-message')).toContainText('npm run web');
    await page.getByTestId('launch-native').click();
    await expect(page.getByTestId('children-error')).toContainText('ERR_UNAVAILABLE');
  } finally {
    await ownHost.stop();
    unlinkQuietly(blockName);
  }
});
