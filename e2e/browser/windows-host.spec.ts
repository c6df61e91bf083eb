// The browser host on Windows Node under wine (`npm run windows -- web`),
// served to this machine's Chromium, beside the original example's own
// programs (tests/win/original, built with mingw-w64): the original parent's
// string appears live in the page; Set in the page and the original child
// reads it; the page launches readers; two pages on the block side by side.
// Skipped, saying why, where wine, mingw-w64 or the cached Windows Node are missing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { originalChildExe, originalParentExe, waiterExe } from '../../tests/win/original';
import { WinePrefix } from '../../tests/win/wine';
import { windowsNodeUnavailable } from '../../tests/win/windows-node';
import { Inspector } from '../fixtures/test';
import { repoRoot } from '../fixtures/paths';

const SEED_TEXT = 'This is a test string';
const CHILD_LINE = 'Child process read from shared memory: ';
const URL_LINE = /shm-inspector browser host: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/;

const reason = windowsNodeUnavailable();
test.describe.configure({ mode: 'serial' });

test.describe('the browser host on Windows Node under wine', () => {
  test.skip(reason !== null, reason ?? '');
  const wine = new WinePrefix();
  let host: ChildProcess | null = null;
  let parent: ChildProcess | null = null;
  let url = '';

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    await wine.start();
    host = spawn('npm', ['run', '--silent', 'windows', '--', 'web', '--port', '0'], {
      cwd: repoRoot,
      env: wine.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    host.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    host.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    await expect
      .poll(() => URL_LINE.exec(output)?.[1] ?? (host!.exitCode !== null ? `exited: ${output}` : ''), { timeout: 120_000 })
      .toMatch(/^http/);
    url = URL_LINE.exec(output)![1]!;
  });

  test.afterAll(async () => {
    parent?.stdin?.end();
    host?.kill('SIGTERM');
    wine.stop();
  });

  async function openDefaultBlock(page: Page): Promise<Inspector> {
    await page.goto(`${url}&block=dllmemfilemap&size=4096`);
    await expect(page.getByTestId('block-name')).toHaveText('dllmemfilemap');
    await expect(page.getByTestId('status-line')).toHaveAttribute('data-status', 'online');
    return new Inspector(page);
  }

  test("the original parent's string appears live; Set reaches the original child; readers; two pages", async ({ page, context }) => {
    test.setTimeout(120_000);
    const inspector = await openDefaultBlock(page);
    await expect(page.getByTestId('live-text')).toHaveAttribute('data-empty', '1');

    // The original parent maps the same section through its DLL and writes the seed's string.
    parent = spawn('wine', [originalParentExe, waiterExe], { env: wine.env, stdio: ['pipe', 'ignore', 'ignore'] });
    await expect(page.getByTestId('live-text')).toHaveText(SEED_TEXT, { timeout: 30_000 });
    await expect(inspector.byte(0)).toHaveText('54'); // 'T' in UTF-16LE

    // Set in the page; the original child reads it through the DLL.
    const text = `Set on Windows Node ${process.pid}`;
    await inspector.setText(text);
    await expect(page.getByTestId('set-result')).toHaveText(`Stored ${text.length} characters.`);
    const child = spawnSync('wine', [originalChildExe], { env: wine.env, encoding: 'utf8', timeout: 60_000 });
    expect(child.stdout).toBe(`${CHILD_LINE}${text}\r\n`);

    // Readers launched from the page: shm-reader.exe and Windows Node's reader.
    for (const kind of ['native', 'node'] as const) {
      const row = await inspector.launchAndWait(kind);
      await expect(row).toHaveAttribute('data-state', 'exited');
      await expect(row.getByTestId('child-stdout')).toHaveText(`${CHILD_LINE}${text}`);
      await expect(row.getByTestId('child-exit')).toHaveText('code 0');
    }

    // A second page beside the first, on the same block: what one sets, the other shows live.
    await page.setViewportSize({ width: 700, height: 860 });
    const second = await context.newPage();
    await second.setViewportSize({ width: 700, height: 860 });
    const other = await openDefaultBlock(second);
    await expect(second.getByTestId('live-text')).toHaveText(text);
    await other.setText('from the second page');
    await expect(page.getByTestId('live-text')).toHaveText('from the second page');
    await inspector.setText('and back from the first');
    await expect(second.getByTestId('live-text')).toHaveText('and back from the first');
  });
});
