// Plot (issue 24): another process counts at 0x1F0; "Plot this" in the data
// inspector plots the u32 there, and the chart shows a rising line whose last
// point is the block's value, drawn on its canvas; the text equivalent, Pause
// (drawing frozen, recording on), Export CSV and Export PNG.
import { readFileSync } from 'node:fs';
import { startCounterWriter, stopWriter } from '../fixtures/counter-writer';
import { expect, openInspector, test } from '../fixtures/test';

const SIZE = 4096;
const COUNTER_AT = 0x1f0;
const TICK_MS = 40;

test('a counter plotted with "Plot this" rises, and its last point is the block\'s value', async ({ context, host, blockName }) => {
  const inspector = await openInspector(await context.newPage(), host, blockName, SIZE);
  const page = inspector.page;
  const plot = page.getByRole('region', { name: 'Plot', exact: true });
  const row = plot.getByTestId('plot-series');
  const chart = plot.getByTestId('plot-chart');

  const writer = await startCounterWriter(blockName, { size: SIZE, offset: COUNTER_AT, intervalMs: TICK_MS, noise: 0 });
  try {
    await inspector.goTo('1F0');
    const dataInspector = page.getByRole('region', { name: 'Data inspector' });
    await expect(dataInspector.getByRole('heading')).toContainText('at 0x1F0');
    await expect(dataInspector.getByLabel('Plot type')).toHaveValue('u32:little');
    await dataInspector.getByRole('button', { name: 'Plot this' }).click();
    await expect(row).toHaveAttribute('data-label', 'u32 @ 0x1f0');
    await inspector.showPanel('plot'); // scrolled out of the side column, the chart records but does not draw
    await expect.poll(async () => Number(await row.getAttribute('data-count')), { timeout: 15_000 }).toBeGreaterThan(10);

    // The drawing follows the counter while it runs.
    const drawnPoints = async () => Number(await chart.getAttribute('data-drawn-points'));
    const drawnBefore = await drawnPoints();
    await expect.poll(drawnPoints, { timeout: 10_000 }).toBeGreaterThan(drawnBefore + 5);

    // Pause freezes the drawing; the table (recording) still moves.
    await plot.getByRole('button', { name: 'Pause' }).click();
    await expect(plot.getByRole('button', { name: 'Resume' })).toHaveAttribute('aria-pressed', 'true');
    const frozenPoints = await chart.getAttribute('data-drawn-points');
    const countAtPause = Number(await row.getAttribute('data-count'));
    await expect.poll(async () => Number(await row.getAttribute('data-count')), { timeout: 10_000 }).toBeGreaterThan(countAtPause + 5);
    expect(await chart.getAttribute('data-drawn-points')).toBe(frozenPoints);
    await plot.getByRole('button', { name: 'Resume' }).click();
  } finally {
    await stopWriter(writer);
  }

  // The writer stopped: the block's value is final; the table and the drawn line end on it.
  const blockValue = readFileSync(`/dev/shm/${blockName}`).readUInt32LE(COUNTER_AT);
  expect(blockValue).toBeGreaterThan(10);
  await expect(row).toHaveAttribute('data-last', String(blockValue), { timeout: 10_000 });
  await expect(chart).toHaveAttribute('data-drawn-last', JSON.stringify([blockValue]), { timeout: 10_000 });
  await expect(row.getByRole('cell').first()).toHaveText(String(blockValue));

  // The canvas holds the line: pixels of the first series' colour (#1f77b4) inside the plot.
  const linePixels = await chart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] === 0x1f && data[i + 1] === 0x77 && data[i + 2] === 0xb4) count++;
    return count;
  });
  expect(linePixels).toBeGreaterThan(50);

  // Export CSV: the line rises, step by step, to the block's value.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), plot.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(csvDownload.suggestedFilename()).toBe(`${blockName}-plot.csv`);
  const lines = readFileSync((await csvDownload.path())!, 'utf8')
    .trimEnd()
    .split('\n');
  expect(lines[0]).toBe('time,u32 @ 0x1f0');
  const values = lines.slice(1).map((line) => Number(line.split(',')[1]));
  expect(values.length).toBeGreaterThan(10);
  expect(values.every((v, i) => i === 0 || v > values[i - 1]!)).toBe(true);
  expect(values[values.length - 1]).toBe(blockValue);

  // Export PNG: the canvas as a PNG file.
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), plot.getByRole('button', { name: 'Export PNG' }).click()]);
  expect(
    readFileSync((await pngDownload.path())!)
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');

  // Keyboard: Remove is a button in the table; the series goes, and the chart with it.
  await plot.getByRole('button', { name: 'Remove u32 @ 0x1f0' }).focus();
  await page.keyboard.press('Enter');
  await expect(row).toHaveCount(0);
  await expect(chart).toHaveCount(0);

  // A Struct field's Plot button: its past comes from the History, so it ends on the block's value at once.
  const struct = page.getByRole('region', { name: 'Struct', exact: true });
  await struct.getByLabel('Struct layout (C)').fill('struct C { uint32_t count; };');
  await struct.getByLabel('Struct base offset').fill('0x1F0');
  await struct.getByRole('button', { name: 'Plot count' }).click();
  await expect(row).toHaveAttribute('data-label', 'count');
  await expect(row).toHaveAttribute('data-last', String(blockValue));
});
