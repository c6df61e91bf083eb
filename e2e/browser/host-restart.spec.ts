// A host restarted with the same token (SHM_INSPECTOR_TOKEN) on the same port:
// the page that was open says the host is unreachable while it is down, then
// comes back by itself, with no reload, and is live again.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { uniqueBlockName, unlinkQuietly } from '../fixtures/addon';
import { startBrowserHost, type BrowserHost } from '../fixtures/browser-host';
import { repoRoot } from '../fixtures/paths';
import { expect, openInspector, saveScreenshot, test } from '../fixtures/test';

function writeFromOutside(block: string, text: string, offset: number, hexBytes: string): void {
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'e2e', 'fixtures', 'external-writer.cjs'), block, '4096', text, `0x${offset.toString(16)}`, hexBytes],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  expect(result.status, result.stderr).toBe(0);
}

test('the host restarts with the same token and port: unreachable, then live again by itself', async ({ page }) => {
  const token = randomBytes(24).toString('hex');
  const env = { SHM_INSPECTOR_TOKEN: token };
  const blockName = uniqueBlockName('restart');
  const first = await startBrowserHost({ port: 0, env });
  let second: BrowserHost | null = null;
  try {
    expect(first.token).toBe(token);
    const inspector = await openInspector(page, first, blockName);
    await inspector.setText('before the restart');
    await expect(page.getByTestId('live-text')).toHaveText('before the restart');
    const pageUrl = page.url();

    await first.stop();
    await expect(page.getByTestId('status-line')).toHaveAttribute('data-status', 'offline');
    await expect(page.getByTestId('offline-message')).toContainText('unreachable');
    await saveScreenshot(page, 'host-restarting');

    second = await startBrowserHost({ port: first.port, env });
    expect(second.url).toBe(first.url);
    // No reload, no click: the page reconnects on its own backoff (at most 5 s between tries).
    await expect(page.getByTestId('status-line')).toHaveAttribute('data-status', 'online', { timeout: 30_000 });
    expect(page.url()).toBe(pageUrl);

    // Live again: a write by another process after the restart reaches this page's text and hex views.
    writeFromOutside(blockName, 'after the restart', 0x40, '7f');
    await expect(page.getByTestId('live-text')).toHaveText('after the restart');
    await expect(inspector.byte(0x40)).toHaveText('7F');
    await expect(page.getByTestId('offline-message')).toHaveCount(0);
    await inspector.setText('set on the new host');
    await expect(page.getByTestId('set-result')).toHaveText('Stored 19 characters.');
    await expect(page.getByTestId('live-text')).toHaveText('set on the new host');
  } finally {
    await first.stop();
    await second?.stop();
    unlinkQuietly(blockName);
  }
});
