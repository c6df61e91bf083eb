// A process that is not the app writes the block; both pages show it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../fixtures/paths';
import { expect, openInspector, test } from '../fixtures/test';

test('writes by another process show in both pages', async ({ context, host, blockName }) => {
  const pages = [
    await openInspector(await context.newPage(), host, blockName),
    await openInspector(await context.newPage(), host, blockName),
  ];
  const result = spawnSync(
    process.execPath,
    [join(repoRoot, 'e2e', 'fixtures', 'external-writer.cjs'), blockName, '4096', 'Hello from outside', '0x200', 'deadbeef'],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('stored 18 units');

  for (const inspector of pages) {
    await expect(inspector.page.getByTestId('live-text')).toHaveText('Hello from outside');
    await expect(inspector.byte(0)).toHaveText('48');
    await expect(inspector.row(0).getByTestId('hex-text')).toHaveText('Hello fr');
    await inspector.goTo('0x200');
    await expect(inspector.byte(0x200)).toHaveText('DE');
    await expect(inspector.byte(0x203)).toHaveText('EF');
  }
});
