// The open form by default opens existing blocks only (issue 23: a typo made a
// zero-filled block and a .lock): a missing name is refused with what to do,
// and nothing is created; a block another program made opens at its real size.
// Read-only is a choice of its own, said on screen, and never creates.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { uniqueBlockName } from '../fixtures/addon';
import { repoRoot } from '../fixtures/paths';
import { expect, openInspector, test } from '../fixtures/test';

/** Another program, not the app: creates the block through the addon, stores a string and writes bytes. */
function createFromAnotherProcess(name: string, size: number, text: string, offset: number, hex: string) {
  const script = `
    const [addon, name, size, text, offset, hex] = process.argv.slice(1);
    const block = require(addon).openBlock({ name, size: Number(size) });
    block.setString(text);
    block.write(Number(offset), Buffer.from(hex, 'hex'));
    block.close();`;
  return spawnSync(process.execPath, ['-e', script, join(repoRoot, 'native'), name, String(size), text, String(offset), hex], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
}

test.describe('on POSIX', () => {
  test.skip(process.platform === 'win32', 'POSIX shared memory lives in /dev/shm');

  test('by default a missing block is refused, then opened at its real size once another process made it', async ({
    page,
    host,
    blockName,
    cleanup,
  }) => {
    const inspector = await openInspector(page, host, blockName);
    const other = uniqueBlockName('exist');
    cleanup.unlinkLater(other);

    await page.getByTestId('open-name').fill(other);
    await page.getByTestId('open-size').fill('');
    await expect(page.getByTestId('open-create')).not.toBeChecked();
    await page.getByTestId('open-button').click();
    const error = page.getByTestId('open-error');
    await expect(error).toContainText(`No block named "${other}" exists.`);
    await expect(error).toContainText('Tick "Create if missing" to make it, or start the program that creates it.');
    await expect(error).toContainText('ERR_SHM_NOT_FOUND');
    await expect(page.getByTestId('block-name')).toHaveText(blockName);
    expect(existsSync(`/dev/shm/${other}`)).toBe(false);

    const created = createFromAnotherProcess(other, 12_345, 'made by another program', 0x100, 'cafe');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);

    // Size still empty: the block's own size.
    await page.getByTestId('open-button').click();
    await expect(page.getByTestId('block-name')).toHaveText(other);
    await expect(page.getByTestId('open-error')).toHaveCount(0);
    await expect(page.getByTestId('block-size')).toHaveText('12345 bytes');
    await expect(page.getByTestId('block-origin')).toHaveText('opened existing');
    await expect(page.getByTestId('live-text')).toHaveText('made by another program');
    await expect(page.getByTestId('live-count')).toHaveText('23 / 6171 characters');
    await expect(inspector.byte(0)).toHaveText('6D'); // 'm', UTF-16LE
    await inspector.goTo('0x100');
    await expect(inspector.byte(0x100)).toHaveText('CA');
    await expect(inspector.byte(0x101)).toHaveText('FE');
  });

  test('Read-only: a choice in the form, said on screen; it never creates and changes nothing', async ({
    page,
    host,
    blockName,
    cleanup,
  }) => {
    await openInspector(page, host, blockName);
    const missing = uniqueBlockName('ro');
    cleanup.unlinkLater(missing);
    const readOnly = page.getByRole('checkbox', { name: 'Read-only' });
    await readOnly.check();
    await expect(page.getByRole('checkbox', { name: 'Create if missing' })).toBeDisabled();
    await expect(page.getByTestId('open-read-only-note')).toHaveText('Read-only never creates: a missing name is refused.');

    await page.getByTestId('open-name').fill(missing);
    await page.getByTestId('open-button').click();
    await expect(page.getByTestId('open-error')).toContainText('ERR_SHM_NOT_FOUND');
    expect(existsSync(`/dev/shm/${missing}`)).toBe(false);
    expect(existsSync(`/dev/shm/${missing}.lock`)).toBe(false);

    // An existing block opens read-only: Set is disabled and the window says why.
    const other = uniqueBlockName('ro2');
    cleanup.unlinkLater(other);
    expect(createFromAnotherProcess(other, 4096, 'look, do not touch', 0, '6c').status).toBe(0);
    await page.getByTestId('open-name').fill(other);
    await page.getByTestId('open-button').click();
    await expect(page.getByTestId('block-name')).toHaveText(other);
    await expect(page.getByTestId('read-only-note')).toBeVisible();
    await expect(page.getByTestId('set-button')).toBeDisabled();
  });
});
