// A change to the string costs a page no request: the page decodes the text
// from the bytes its blockChanged events carry (the window starts at offset 0
// and holds the NUL). Counted at the network, in real Chromium.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../fixtures/paths';
import { expect, openInspector, test } from '../fixtures/test';

const GET_STRING = '/api/call/getString';

test('writes by another process reach the text panel with no getString request', async ({ page, host, blockName }) => {
  await openInspector(page, host, blockName);
  await expect(page.getByTestId('live-text')).toHaveAttribute('data-empty', '1');
  let getStringRequests = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === GET_STRING) getStringRequests++;
  });

  // Each string and its NUL lie inside the watched window (the visible rows plus a
  // 1 KiB margin). The writer's byte write puts a 0 where a 0 already is.
  const texts = ['first 😀', 'second, a bit longer', 'third', 'x'.repeat(300)];
  for (const text of texts) {
    const result = spawnSync(
      process.execPath,
      [join(repoRoot, 'e2e', 'fixtures', 'external-writer.cjs'), blockName, '4096', text, '4095', '00'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(result.status, result.stderr).toBe(0);
    await expect(page.getByTestId('live-text')).toHaveText(text);
    await expect(page.getByTestId('live-count')).toHaveText(`${text.length} / 2047 characters`);
  }
  expect(getStringRequests).toBe(0);

  // Get (GetSharedMem) still asks the host: that request is the user's, and it is counted.
  await page.getByTestId('get-button').click();
  await expect.poll(() => getStringRequests).toBe(1);
});
