// Value scan and Struct overlay while another process writes the block: a
// 32-bit counter at 0x1F0 incremented every 100 ms, random bytes elsewhere.
import type { ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { startCounterWriter, stopWriter } from '../fixtures/counter-writer';
import { expect, openInspector, test } from '../fixtures/test';

const SIZE = 64 * 1024;
const COUNTER_AT = 0x1f0;

/** The counter writer on this spec's block, once it has written. */
function startCounter(blockName: string): Promise<ChildProcess> {
  return startCounterWriter(blockName, { size: SIZE, offset: COUNTER_AT, intervalMs: 100 });
}

/** Waits until the scan panel reports `steps` finished steps; a step that failed fails the test with the panel's error. */
async function scanSteps(page: Page, steps: number): Promise<void> {
  const done = page.locator(`[data-testid="scan-count"][data-steps="${steps}"]`);
  await expect(done.or(page.getByTestId('scan-error'))).toBeVisible({ timeout: 60_000 });
  expect(await page.getByTestId('scan-error').allTextContents()).toEqual([]);
  await expect(done).toBeVisible();
}

test('value scan: unknown first scan, two "increased" next scans find the counter; the other window keeps its own scan', async ({
  context,
  host,
  blockName,
}) => {
  const inspector = await openInspector(await context.newPage(), host, blockName, SIZE);
  const other = await openInspector(await context.newPage(), host, blockName, SIZE);
  const page = inspector.page;
  const writer = await startCounter(blockName);
  try {
    await page.getByLabel('First scan kind').selectOption('unknown');
    await page.getByRole('button', { name: 'First scan' }).click();
    await scanSteps(page, 1);
    await expect(page.getByTestId('scan-count')).toContainText('16,384 candidates');

    for (const steps of [2, 3]) {
      await page.waitForTimeout(400); // a few increments of the counter
      await page.getByLabel('Next scan kind').selectOption('increased');
      await page.getByRole('button', { name: 'Next scan' }).click();
      await scanSteps(page, steps);
    }
    const candidates = page.getByTestId('scan-candidate');
    const offsets = await candidates.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-offset'))));
    expect(offsets).toContain(COUNTER_AT);
    expect(offsets.length).toBeLessThanOrEqual(3);

    // Its live value keeps increasing; a click goes there; it can be watched.
    const counterRow = page.locator(`[data-testid=scan-candidate][data-offset="${COUNTER_AT}"]`);
    const first = Number(await counterRow.getByTestId('scan-current').textContent());
    await expect.poll(async () => Number(await counterRow.getByTestId('scan-current').textContent())).toBeGreaterThan(first);
    await counterRow.getByRole('button', { name: 'Go to 0x1F0' }).click();
    await expect(inspector.byte(COUNTER_AT)).toHaveClass(/\bcursor\b/);
    await counterRow.getByRole('button', { name: 'Watch 0x1F0' }).click();
    const watched = page.locator(`[data-testid=scan-watch][data-offset="${COUNTER_AT}"]`).getByTestId('scan-watch-value');
    await expect(watched).toHaveText(/^\d+$/);
    const watchedFirst = Number(await watched.textContent());
    await expect.poll(async () => Number(await watched.textContent())).toBeGreaterThan(watchedFirst);

    // The other window never scanned: it still offers a first scan and lists nothing.
    await expect(other.page.getByRole('button', { name: 'First scan' })).toBeVisible();
    await expect(other.page.getByTestId('scan-candidate')).toHaveCount(0);
  } finally {
    await stopWriter(writer);
  }
});

test('struct overlay: a struct over the counter shows it increasing; errors point at line and column; each window keeps its own', async ({
  context,
  host,
  blockName,
}) => {
  const inspector = await openInspector(await context.newPage(), host, blockName, SIZE);
  const page = inspector.page;
  const writer = await startCounter(blockName);
  try {
    const panel = page.getByRole('region', { name: 'Struct' });
    await panel.getByLabel('Struct layout (C)').fill('struct C {\n  uint32_t count\n};');
    await expect(panel.getByTestId('struct-error')).toContainText(/^Line 3, column 1: /);

    await panel.getByLabel('Struct layout (C)').fill('struct C { uint32_t count; };');
    await panel.getByLabel('Struct base offset').fill('0x1F0');
    const value = panel.locator('[data-testid=struct-field][data-path="count"]').getByTestId('struct-value');
    await expect(value).toHaveText(/^\d+$/);
    const first = Number(await value.textContent());
    await expect.poll(async () => Number(await value.textContent())).toBeGreaterThan(first + 2);
    // Each change replays the flash on its cell.
    await expect
      .poll(async () => Number(await panel.locator('[data-testid=struct-field][data-path="count"]').getAttribute('data-changes')))
      .toBeGreaterThan(1);
    await expect(value).toHaveClass(/struct-flash/);

    // Edited in place: the value typed is written (the writer then goes on counting from its own count).
    await stopWriter(writer);
    await panel.getByRole('button', { name: /^Edit count: / }).click();
    await panel.getByLabel('New value of count').fill('305419896');
    await panel.getByLabel('New value of count').press('Enter');
    await expect(value).toHaveText('305419896');
    await panel.getByRole('button', { name: 'Go to field count' }).click();
    await expect(inspector.byte(COUNTER_AT)).toHaveText('78');
    await expect(inspector.byte(COUNTER_AT + 3)).toHaveText('12');
    // The field's bytes are coloured and named in the hex view; the byte after it is not.
    await expect(inspector.byte(COUNTER_AT + 3)).toHaveAttribute('title', 'struct field count');
    await expect(inspector.byte(COUNTER_AT + 3)).toHaveClass(/struct-field/);
    await expect(inspector.byte(COUNTER_AT + 4)).not.toHaveClass(/struct-field/);

    // A new window on the block starts from the layout kept for the block name; from then on each window has its own.
    const other = await openInspector(await context.newPage(), host, blockName, SIZE);
    await expect(other.page.getByLabel('Struct base offset')).toHaveValue('0x1F0'); // kept per block name (localStorage)
    await other.page.getByLabel('Struct base offset').fill('0');
    await expect(panel.getByLabel('Struct base offset')).toHaveValue('0x1F0');
  } finally {
    await stopWriter(writer);
  }
});
