// Issue 19, item 1, in the windows: another process shrinks a block two
// windows have open (`truncate -s 4096` of our own 64 KiB block). Every window
// says the block shrank and how small it is now; the host lives on.
import { spawnSync } from 'node:child_process';
import { expect, openInspector, test } from '../fixtures/test';

test.skip(process.platform !== 'linux', 'blocks shrink under a mapping on POSIX only (Windows sections keep their size)');

test('every window on a block that shrank says so, with its new size', async ({ page, context, host, blockName }) => {
  await openInspector(page, host, blockName, 65536);
  const second = await context.newPage();
  await openInspector(second, host, blockName, 65536);

  const truncated = spawnSync('truncate', ['-s', '4096', `/dev/shm/${blockName}`]);
  expect(truncated.status, truncated.stderr.toString()).toBe(0);

  for (const window of [page, second]) {
    await expect(window.getByTestId('shrank-note')).toContainText('The block shrank to 4096 bytes; bytes past its end are gone', {
      timeout: 10_000,
    });
    await expect(window.getByRole('status', { name: 'Block status' })).toContainText('it had 65536');
  }
  await expect(page.getByTestId('status-line')).toHaveAttribute('data-status', 'online');
  await second.close();
});
