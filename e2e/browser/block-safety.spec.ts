// Issue 9 in the window: the block browser lists what other processes made and
// opens it read-only; a read-only window refuses changes and says why; Unlink
// asks first and tells every window; a stuck lock shows who holds it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { addon } from '../fixtures/addon';
import { seriousViolations } from '../fixtures/axe';
import { expect, openInspector, pageUrl, test } from '../fixtures/test';
import { repoRoot } from '../fixtures/paths';

test.skip(process.platform !== 'linux', 'the block browser, read-only opens and lock holders are tested on Linux');
// axe is injected into the page, which the page's CSP would forbid.
test.use({ bypassCSP: true });

/** Another process makes a block (and exits: POSIX objects stay until unlinked). */
function makeInChildProcess(name: string, text: string): void {
  const script = `const b = require(${JSON.stringify(join(repoRoot, 'native'))}).openBlock({ name: ${JSON.stringify(name)}, size: 4096 }); b.setString(${JSON.stringify(text)}); b.close();`;
  const made = spawnSync(process.execPath, ['-e', script]);
  expect(made.status, made.stderr.toString()).toBe(0);
}

test('the block browser lists a block another process made, opens it read-only, and drops it once unlinked', async ({
  page,
  host,
  blockName,
  cleanup,
}) => {
  await openInspector(page, host, blockName);
  const other = `${blockName}-o`.slice(0, 30);
  cleanup.unlinkLater(other);
  makeInChildProcess(other, 'made by a child');

  await page.getByRole('button', { name: 'Blocks', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Blocks' });
  await panel.getByRole('searchbox', { name: 'Filter blocks' }).fill(other);
  const entry = panel.locator(`[data-testid="blocks-entry"][data-name="${other}"]`);
  await expect(entry).toBeVisible();
  // The Size column shows its whole value, the exact count in its title (issue 23: it was cut off).
  const sizeCell = entry.getByRole('cell').nth(1);
  await expect(sizeCell).toHaveText('4 KiB');
  await expect(sizeCell).toHaveAttribute('title', '4,096 bytes');
  expect(await sizeCell.evaluate((cell) => cell.scrollWidth <= cell.clientWidth)).toBe(true);
  await expect(panel.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
  // Every column sorts, Mode by the permission bits it shows; Name again puts the order back.
  await panel.getByRole('button', { name: 'Mode', exact: true }).click();
  await expect(panel.getByRole('columnheader', { name: 'Mode' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(panel.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'none');
  await panel.getByRole('button', { name: 'Name', exact: true }).click();
  await expect(panel.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');

  await entry.getByRole('button', { name: other, exact: true }).click();
  await expect(page.getByTestId('block-name')).toHaveText(other);
  await expect(page.getByTestId('live-text')).toHaveText('made by a child');
  await expect(page.getByTestId('read-only-note')).toContainText('read-only, unlocked reads');
  const set = page.getByTestId('set-button');
  await expect(set).toBeDisabled();
  await expect(set).toHaveAttribute('title', /read-only/);
  await expect(set).toHaveAttribute('aria-describedby', 'no-changes-reason');
  await expect(page.getByTestId('unlink-button')).toBeDisabled();
  expect(new URL(page.url()).searchParams.get('access')).toBe('read-only');
  expect(await seriousViolations(page, { include: ['.blocks-panel', '.block-safety'] })).toEqual([]);

  // Our own user's 0600 block passes the checks: Switch to read-write re-opens it writable.
  await page.getByRole('button', { name: 'Switch to read-write' }).click();
  await expect(page.getByTestId('read-only-note')).toHaveCount(0);
  await expect(set).toBeEnabled();
  await expect.poll(() => new URL(page.url()).searchParams.get('access')).toBeNull(); // read-write, the default

  addon().unlinkBlock(other);
  await expect(entry).toHaveCount(0, { timeout: 5000 });
  await expect(page.getByTestId('unlinked-note')).toContainText('is gone');
  await expect(set).toBeDisabled();
});

test('names that are no block (a self-loop, a link to /etc/shadow, a FIFO) are listed with their reason, not openable', async ({
  page,
  host,
  blockName,
}) => {
  // Issue 19: one self-referencing symlink failed the whole listing ("0 of 0"), and a link was listed with its target's metadata.
  const prefix = `${blockName}-h`.slice(0, 26);
  const loop = `${prefix}-l`;
  const shadow = `${prefix}-s`;
  const fifo = `${prefix}-f`;
  symlinkSync(`/dev/shm/${loop}`, `/dev/shm/${loop}`);
  symlinkSync('/etc/shadow', `/dev/shm/${shadow}`);
  execFileSync('mkfifo', ['-m', '0666', `/dev/shm/${fifo}`]);
  try {
    await openInspector(page, host, blockName);
    await page.getByRole('button', { name: 'Blocks', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Blocks' });
    await panel.getByRole('searchbox', { name: 'Filter blocks' }).fill(prefix);
    const row = (name: string) => panel.locator(`[data-testid="blocks-entry"][data-name="${name}"]`);
    await expect(panel.getByTestId('blocks-count')).toHaveText(/^3 of [1-9]\d*$/);
    await expect(panel.getByRole('alert')).toHaveCount(0);
    await expect(row(fifo)).toContainText('a FIFO, not a shared memory block');
    await expect(row(shadow)).toContainText('a symbolic link to /etc/shadow, not a shared memory block');
    await expect(row(loop)).toContainText('links are never followed');
    await expect(row(shadow).getByRole('button', { name: shadow, exact: true })).toBeDisabled();
    await expect(row(fifo).getByRole('button', { name: `Open ${fifo} in new window` })).toBeDisabled();
  } finally {
    for (const name of [loop, shadow, fifo]) rmSync(`/dev/shm/${name}`, { force: true });
  }
});

test('a read-only address never creates: a missing block is refused and /dev/shm stays as it was', async ({ page, host, blockName }) => {
  await page.goto(`${pageUrl(host, blockName)}&access=read-only&create=0`);
  await expect(page.getByTestId('start-error')).toContainText('ERR_SHM_NOT_FOUND');
  expect(existsSync(`/dev/shm/${blockName}`)).toBe(false);
  expect(existsSync(`/dev/shm/${blockName}.lock`)).toBe(false);
});

test('Unlink asks first (Escape cancels); once confirmed every window on the block says the name is gone', async ({
  page,
  context,
  host,
  blockName,
}) => {
  await openInspector(page, host, blockName);
  const second = await context.newPage();
  await openInspector(second, host, blockName);

  await page.getByTestId('unlink-button').click();
  const dialog = page.getByRole('dialog', { name: `Unlink /dev/shm/${blockName}?` });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(existsSync(`/dev/shm/${blockName}`)).toBe(true);

  await page.getByTestId('unlink-button').click();
  await dialog.getByRole('button', { name: 'Unlink' }).click();
  await expect(second.getByTestId('unlinked-note')).toContainText(`/dev/shm/${blockName} is gone`);
  await expect(second.getByTestId('set-button')).toBeDisabled();
  await expect(second.getByTestId('unlink-button')).toBeDisabled();
  await expect(page.getByTestId('unlinked-note')).toBeVisible();
  expect(existsSync(`/dev/shm/${blockName}`)).toBe(false);
  await second.close();
});

test('a lock held by a stopped process shows "busy: held by pid N" and clears; other blocks still answer', async ({
  page,
  context,
  host,
  blockName,
  cleanup,
}) => {
  await openInspector(page, host, blockName);
  const holder = spawn(
    process.execPath,
    [join(repoRoot, 'tests', 'support', 'lock-holder.cjs'), join(repoRoot, 'native'), blockName, '4096'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('holding') && resolve());
      holder.once('exit', (code) => reject(new Error(`lock holder exited (${code})`)));
    });
    await expect(page.getByTestId('busy-note')).toContainText(`busy: held by pid ${holder.pid}`, { timeout: 10_000 });

    const free = `${blockName}-f`.slice(0, 30);
    cleanup.unlinkLater(free);
    const other = await context.newPage();
    await openInspector(other, host, free);
    await other.close();

    holder.stdin!.write('release\n');
    await expect(page.getByTestId('busy-note')).toHaveCount(0, { timeout: 10_000 });
  } finally {
    holder.stdin!.end();
  }
});
