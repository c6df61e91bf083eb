// Issue 22: side panels pay only for what they show. In a wide window every
// panel is mounted in the side column; one scrolled out of it (the column's
// last panels, at the test window's size) asks the host for nothing and
// renders for no write, and catches up as soon as it is scrolled in
// (components/useOnScreen.ts).
import { openAsOtherProcess } from '../fixtures/addon';
import { expect, openInspector, test } from '../fixtures/test';

type RenderCounts = Record<string, number>;

test('a panel scrolled out of the side column follows nothing; scrolled in, it catches up', async ({ page, host, blockName }) => {
  await page.addInitScript(() => {
    (window as unknown as { __shmRenderCounts: RenderCounts }).__shmRenderCounts = {};
  });
  const calls = new Map<string, number>();
  page.on('request', (request) => {
    const call = /\/api\/call\/(\w+)$/.exec(request.url())?.[1];
    if (call) calls.set(call, (calls.get(call) ?? 0) + 1);
  });
  const inspector = await openInspector(page, host, blockName);
  const statistics = page.locator('#panel-statistics');
  const history = page.locator('#panel-history');
  await page.getByRole('complementary', { name: 'Side panels' }).evaluate((column) => column.scrollTo(0, 0));
  await expect(statistics).toHaveAttribute('data-shown', 'false');
  await expect(history).toHaveAttribute('data-shown', 'false');
  await expect(page.locator('#panel-text')).toHaveAttribute('data-shown', 'true');
  await page.waitForTimeout(1200); // a refresh already due when they went out has run
  calls.clear();
  await page.evaluate(() => {
    (window as unknown as { __shmRenderCounts: RenderCounts }).__shmRenderCounts = {};
  });

  const block = openAsOtherProcess({ name: blockName, size: 4096, create: false });
  try {
    for (let i = 0; i < 20; i++) {
      block.write(0x100, Buffer.alloc(16, 0x80 + i));
      await expect(inspector.byte(0x100)).toHaveText((0x80 + i).toString(16).toUpperCase());
      await page.waitForTimeout(60);
    }
    await page.waitForTimeout(1200); // longer than the Statistics panel's live interval and two History refreshes
    const counts = await page.evaluate(() => ({ ...(window as unknown as { __shmRenderCounts: RenderCounts }).__shmRenderCounts }));
    expect(
      { byteStats: calls.get('byteStats'), historyTimes: calls.get('historyTimes'), statisticsRenders: counts['statistics-panel'] },
      'what the panels out of view cost while the block changed',
    ).toEqual({ byteStats: undefined, historyTimes: undefined, statisticsRenders: undefined });

    // Scrolled in: the whole block's numbers as they are now (16 bytes of 0x93 at 0x100).
    await inspector.showPanel('statistics');
    const top = page.getByTestId('statistics-panel').getByTestId('statistics-top');
    const last = top.locator('tbody tr').filter({ has: page.locator('th', { hasText: '0x93' }) });
    await expect(last.locator('td').first()).toHaveText('16');
    expect(calls.get('byteStats') ?? 0, 'asked for once it shows').toBeGreaterThan(0);
    await inspector.showPanel('history');
    await expect.poll(() => calls.get('historyTimes') ?? 0, { message: 'the History asks for its steps once it shows' }).toBeGreaterThan(0);
  } finally {
    block.close();
  }
});
