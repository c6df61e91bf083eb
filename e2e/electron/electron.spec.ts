// The same key scenarios through the real Electron app (`electron .`, built by
// `npm run build`). Where Electron's binary is absent (every machine without
// access to its download host) each test reports a skip with the reason: a
// skip, never a pass.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { uniqueBlockName, unlinkQuietly } from '../fixtures/addon';
import { repoRoot } from '../fixtures/paths';
import { electronStatus } from './electron-binary';

const status = electronStatus();
const SEED_TEXT = 'This is a test string';
const CHILD_LINE = `Child process read from shared memory: ${SEED_TEXT}`;

test.describe('Electron app', () => {
  test.skip(!status.available, status.available ? '' : `Electron cannot run here: ${status.reason}`);

  let app: ElectronApplication | null = null;
  let blockName = '';

  test.beforeEach(() => {
    blockName = uniqueBlockName('el');
  });

  test.afterEach(async () => {
    await app?.close();
    app = null;
    unlinkQuietly(blockName);
  });

  async function launch(windows: number): Promise<Page[]> {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
    app = await electron.launch({
      executablePath: status.available ? status.path : undefined,
      args: [repoRoot, '--windows', String(windows)],
      cwd: repoRoot,
      env,
      timeout: 60_000,
    });
    await app.firstWindow({ timeout: 60_000 });
    await expect.poll(() => app!.windows().length, { timeout: 30_000 }).toBe(windows);
    return app.windows();
  }

  /** The app starts on its default block; each window is moved to this test's own block through the form. */
  async function openTestBlock(page: Page): Promise<void> {
    await expect(page.getByTestId('status-line')).toHaveAttribute('data-status', 'online');
    await page.getByTestId('open-name').fill(blockName);
    await page.getByTestId('open-size').fill('4096');
    await page.getByTestId('open-create').check();
    await page.getByTestId('open-button').click();
    await expect(page.getByTestId('block-name')).toHaveText(blockName);
  }

  test('the original scenario: Set, then a native and a Node reader print the string', async () => {
    const [page] = await launch(1);
    await openTestBlock(page!);
    await page!.getByTestId('text-input').fill(SEED_TEXT);
    await page!.getByTestId('set-button').click();
    await expect(page!.getByTestId('live-text')).toHaveText(SEED_TEXT);
    for (const kind of ['native', 'node'] as const) {
      await page!.getByTestId(`launch-${kind}`).click();
      const row = page!.locator(`[data-testid=child-row][data-kind=${kind}]`).first();
      await expect(row).toHaveAttribute('data-state', 'exited', { timeout: 30_000 });
      await expect(row.getByTestId('child-stdout')).toHaveText(CHILD_LINE);
      await expect(row.getByTestId('child-exit')).toHaveText('code 0');
    }
  });

  test('two windows: a Set in one and a byte edit in the other show in both', async () => {
    const [left, right] = await launch(2);
    await openTestBlock(left!);
    await openTestBlock(right!);
    await left!.getByTestId('text-input').fill('Side by side');
    await left!.getByTestId('set-button').click();
    await expect(right!.getByTestId('live-text')).toHaveText('Side by side');
    await expect(right!.locator('[data-testid=hex-byte][data-offset="0"]')).toHaveText('53');
    await right!.locator('[data-testid=hex-byte][data-offset="100"]').click();
    await right!.keyboard.type('A5');
    await expect(left!.locator('[data-testid=hex-byte][data-offset="100"]')).toHaveText('A5');
  });

  test('File › New Window opens another window', async () => {
    await launch(1);
    const opened = app!.waitForEvent('window');
    await app!.evaluate(({ Menu, BrowserWindow }) => {
      const file = Menu.getApplicationMenu()?.items.find((item) => item.label === 'File');
      const newWindow = file?.submenu?.items.find((item) => item.label === 'New Window');
      newWindow?.click(undefined, BrowserWindow.getAllWindows()[0], undefined as never);
    });
    const second = await opened;
    await expect(second.getByTestId('block-name')).not.toBeEmpty();
    await expect(second.getByTestId('new-window')).toBeEnabled();
  });

  test("Edit › Undo and Redo (menu items showing Ctrl+Z and Ctrl+Shift+Z) undo and redo the window's own edit", async () => {
    const [first] = await launch(1);
    await openTestBlock(first!);
    const byte = first!.locator('[data-testid=hex-byte][data-offset="200"]');
    await byte.click();
    await first!.keyboard.type('5A');
    await expect(byte).toHaveText('5A');
    const clickEdit = (label: string) =>
      app!.evaluate(({ Menu, BrowserWindow }, wanted) => {
        const edit = Menu.getApplicationMenu()?.items.find((item) => item.label === 'Edit');
        const item = edit?.submenu?.items.find((entry) => entry.label === wanted);
        item?.click(undefined, BrowserWindow.getAllWindows()[0], undefined as never);
        return item?.accelerator ?? null;
      }, label);
    expect(await clickEdit('Undo')).toBe('CmdOrCtrl+Z');
    await expect(byte).toHaveText('00');
    expect(await clickEdit('Redo')).toBe('CmdOrCtrl+Shift+Z');
    await expect(byte).toHaveText('5A');
  });

  test('the New Window button opens a window of ours on the same block', async () => {
    const [first] = await launch(1);
    await openTestBlock(first!);
    const opened = app!.waitForEvent('window');
    await first!.getByTestId('new-window').click();
    const second = await opened;
    await expect(second.getByTestId('block-name')).toHaveText(await first!.getByTestId('block-name').innerText());
  });
});
