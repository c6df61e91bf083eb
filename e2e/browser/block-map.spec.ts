// Issue 24: the block map beside the hex view. Another process writes a
// region at the end of a 64 MiB block the window has open: the end of the map
// lights (its last band is drawn, its first is not) and the map's text
// equivalent names that region; a click there moves the view to it, and the
// map's keyboard (Enter on a region) goes there too.
import { openAsOtherProcess } from '../fixtures/addon';
import { expect, openInspector, test } from '../fixtures/test';

const SIZE = 64 * 1024 * 1024;
const WRITTEN = SIZE - 0x8000;

test('a write at the end of 64 MiB lights the end of the map; a click there goes to it', async ({ page, host, blockName }) => {
  openAsOtherProcess({ name: blockName, size: SIZE }).close();
  const inspector = await openInspector(page, host, blockName, SIZE);
  const map = page.getByTestId('block-map-canvas');
  await expect(map).toBeVisible();
  // As many regions as the column fits (at most 256, each at least 2 px tall).
  const regions = Number(await map.getAttribute('aria-valuemax')) + 1;
  expect(regions).toBeGreaterThanOrEqual(16);
  const lastRegion = (regions - 1) * Math.ceil(SIZE / regions);
  await inspector.showPanel('statistics');
  const listed = page.getByTestId('block-map-region');
  await expect(page.getByTestId('block-map-regions')).toContainText('None');

  const writer = openAsOtherProcess({ name: blockName, size: SIZE, create: false });
  try {
    const bytes = Buffer.alloc(0x8000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131) & 0xff;
    writer.write(WRITTEN, bytes);
  } finally {
    writer.close();
  }
  // The map asks again every few seconds even when no change was reported there.
  await expect(listed.first()).toHaveAttribute('data-offset', String(lastRegion), { timeout: 10_000 });
  await expect(listed).toHaveCount(1);

  // Drawn: the last band has colour, the middle one (all zero, away from the view's frame at the top) none.
  const alphaAt = (where: 'middle' | 'bottom') =>
    map.evaluate((canvas: HTMLCanvasElement, at) => {
      const context = canvas.getContext('2d')!;
      const y = at === 'middle' ? Math.floor(canvas.height / 2) : canvas.height - 1;
      return context.getImageData(Math.floor(canvas.width / 2), y, 1, 1).data[3]!;
    }, where);
  await expect.poll(() => alphaAt('bottom')).toBeGreaterThan(0);
  expect(await alphaAt('middle')).toBe(0);

  // A click on the lit end: the view goes to the region's start.
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width / 2, y: box.height - 1 } });
  await expect(page.getByTestId('cursor-info')).toContainText(`0x${lastRegion.toString(16).toUpperCase()}`);
  await expect(inspector.row(lastRegion - (lastRegion % 16))).toBeVisible(); // its row (16 bytes per row)

  // The keyboard: Home, then Enter, goes back to the first region; the slider says which region it is on.
  await map.focus();
  await page.keyboard.press('Home');
  await expect(map).toHaveAttribute('aria-valuetext', new RegExp(`^Region 1 of ${regions}, 0x0–0x[0-9A-F]+: zero 100%`));
  await page.keyboard.press('Enter');
  await expect(inspector.row(0)).toBeVisible();
  await page.keyboard.press('End');
  await expect(map).toHaveAttribute(
    'aria-valuetext',
    new RegExp(`^Region ${regions} of ${regions}, 0x${lastRegion.toString(16).toUpperCase()}–0x3FFFFFF: .*entropy [1-9]`),
  );
});

// Issue 22, "idle means idle": the map of a block the host sees whole follows
// its change marks, so an off-screen write reaches it as a mark and an idle map
// asks the host for nothing. It used to ask for the whole map every 5 s.
test('the map of a block the host sees whole asks nothing while idle, and an off-screen write still lights it', async ({
  page,
  host,
  blockName,
}) => {
  const size = 64 * 1024;
  openAsOtherProcess({ name: blockName, size }).close();
  let asked = 0;
  page.on('request', (request) => {
    if (/\/api\/call\/blockMap$/.test(request.url())) asked += 1;
  });
  await openInspector(page, host, blockName, size);
  const map = page.getByTestId('block-map-canvas');
  await expect(map).toBeVisible();
  await expect.poll(() => asked).toBeGreaterThan(0); // its first look
  await page.waitForTimeout(1500); // settled
  asked = 0;
  await page.waitForTimeout(6000); // past the 5 s full refresh of a block nobody reports on
  expect(asked, 'blockMap requests while nothing changed').toBe(0);

  const regions = Number(await map.getAttribute('aria-valuemax')) + 1;
  const lastRegion = (regions - 1) * Math.ceil(size / regions);
  const writer = openAsOtherProcess({ name: blockName, size, create: false });
  try {
    writer.write(
      size - 16,
      Uint8Array.from({ length: 16 }, (_, i) => i * 37 + 1),
    ); // far below the rows on screen
  } finally {
    writer.close();
  }
  await map.focus();
  await page.keyboard.press('End');
  await expect(map).toHaveAttribute(
    'aria-valuetext',
    new RegExp(`^Region ${regions} of ${regions}, 0x${lastRegion.toString(16).toUpperCase()}–0xFFFF: zero (?!100%)`), // no longer all zero
    { timeout: 4000 },
  );
  expect(asked, 'one refresh of the changed region').toBeGreaterThan(0);
});
