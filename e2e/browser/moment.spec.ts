// One moment for the whole window (issue 23, item 2): with another process
// counting at 0x80, the Timeline steps back five changes, and the hex view,
// the Struct panel, the data inspector, the selection facts and the scan's
// watch list show that same moment, byte for byte, each saying so; Live
// returns them all to the block as it is now.
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { crc32 } from '../../src-main/core/checksums';
import { seriousViolations } from '../fixtures/axe';
import { startCounterWriter, stopWriter } from '../fixtures/counter-writer';
import { expect, openInspector, test, type Inspector } from '../fixtures/test';

test.use({ bypassCSP: true }); // axe is the only script added

const SIZE = 4096;
const COUNTER_AT = 0x80;
const TICK_MS = 150;

/** The counter writer on this spec's block, once it has written. */
function startCounter(blockName: string): Promise<ChildProcess> {
  return startCounterWriter(blockName, { size: SIZE, offset: COUNTER_AT, intervalMs: TICK_MS, noise: 0 });
}

/** What each panel shows for the counter's four bytes, read from the page at once. */
async function shown(inspector: Inspector) {
  const { page } = inspector;
  const hexBytes = await Promise.all(
    [0, 1, 2, 3].map(async (i) => parseInt((await inspector.byte(COUNTER_AT + i).textContent()) ?? '', 16)),
  );
  const littleEndian = (row: string) => page.getByTestId(`inspect-${row}`).locator('td').first().textContent();
  return {
    hexBytes,
    hexU32: Buffer.from(hexBytes).readUInt32LE(0),
    struct: Number(await page.locator('[data-testid=struct-field][data-path="count"]').getByTestId('struct-value').textContent()),
    inspectorU8: Number(await littleEndian('u8')),
    inspectorU32: Number(await littleEndian('u32')),
    watch: Number(
      await page.locator(`[data-testid=scan-watch][data-offset="${COUNTER_AT}"]`).getByTestId('scan-watch-value').textContent(),
    ),
    crc32: await page.getByTestId('facts-crc32').textContent(),
    sha256: await page.getByTestId('facts-sha256').textContent(),
  };
}

/** Every panel agrees with the hex view's bytes: the values and the selection's digests. */
async function expectAgreement(inspector: Inspector): Promise<number> {
  let value = -1;
  await expect(async () => {
    const s = await shown(inspector);
    const bytes = Buffer.from(s.hexBytes);
    expect({ struct: s.struct, inspectorU32: s.inspectorU32, inspectorU8: s.inspectorU8, watch: s.watch }).toEqual({
      struct: s.hexU32,
      inspectorU32: s.hexU32,
      inspectorU8: s.hexBytes[0],
      watch: s.hexU32,
    });
    expect({ crc32: s.crc32, sha256: s.sha256 }).toEqual({
      crc32: crc32(bytes).toString(16).toUpperCase().padStart(8, '0'),
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    value = s.hexU32;
  }).toPass({ timeout: 10_000 });
  return value;
}

test('after five steps back the hex view, Struct, data inspector, selection facts and watch list show one moment and say so; Live returns all', async ({
  context,
  host,
  blockName,
}) => {
  const inspector = await openInspector(await context.newPage(), host, blockName, SIZE);
  const page = inspector.page;
  const region = (name: string) => page.getByRole('region', { name, exact: true });

  // The struct over the counter, a watch on it, and the counter's four bytes selected with the cursor on the first.
  const struct = region('Struct');
  await struct.getByLabel('Struct layout (C)').fill('struct C { uint32_t count; };');
  await struct.getByLabel('Struct base offset').fill('0x80');
  await page.getByLabel('First scan kind').selectOption('unknown');
  await page.getByRole('button', { name: 'First scan' }).click();
  await expect(page.locator('[data-testid="scan-count"][data-steps="1"]')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Watch 0x80', exact: true }).click();
  await inspector.byte(COUNTER_AT + 3).click();
  await inspector.byte(COUNTER_AT).click({ modifiers: ['Shift'] });

  const writer = await startCounter(blockName);
  try {
    const structValue = struct.locator('[data-testid=struct-field][data-path="count"]').getByTestId('struct-value');
    await expect.poll(async () => Number(await structValue.textContent()), { timeout: 20_000 }).toBeGreaterThan(12);

    // Five changes back, one at a time (each step starts from where the last one ended).
    const timeline = page.getByRole('slider', { name: 'Timeline' });
    await timeline.focus();
    await page.keyboard.press('[');
    await expect(timeline).toHaveAttribute('aria-valuetext', /change \d+ of/);
    const newest = Number(/change (\d+) of/.exec((await timeline.getAttribute('aria-valuetext'))!)![1]);
    for (let back = 1; back < 5; back++) {
      await page.keyboard.press('[');
      await expect(timeline).toHaveAttribute('aria-valuetext', new RegExp(`change ${newest - back} of`));
    }

    const past = await expectAgreement(inspector);
    // The writer goes on; the moment shown does not move, and every panel still agrees.
    await page.waitForTimeout(4 * TICK_MS);
    expect(await expectAgreement(inspector)).toBe(past);

    // Each panel says which moment it shows, in the same words as the Timeline.
    const moment = (await page.getByTestId('timeline-moment').textContent())!;
    expect(moment).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    for (const name of ['Hex view', 'Struct', 'Data inspector', 'Selection facts', 'Value scan']) {
      await expect(region(name).getByRole('note', { name: `Shown at ${moment} (History)` }), name).toHaveText(`at ${moment} (History)`);
    }
    // The badges read in both themes (axe: contrast, roles, names).
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousViolations(page, { include: ['.moment-badge'], afterFade: false }), colorScheme).toEqual([]);
    }
    // A moment is read-only: the struct's values and the inspector offer no editor.
    await expect(struct.getByRole('button', { name: /^Edit count: / })).toHaveCount(0);
    await expect(region('Data inspector').getByRole('form', { name: 'Edit value at cursor' })).toHaveCount(0);

    // A struct beyond the bytes the History kept for this moment (the watched rows) is said to be, not shown live.
    await struct.getByLabel('Struct base offset').fill('0xF00');
    await expect(struct.getByTestId('moment-outside')).toHaveText(
      `The struct is outside the bytes the History kept at ${moment} (History): press Live, or scroll the hex view there.`,
    );
    await expect(struct.getByTestId('struct-field')).toHaveCount(0);
    await struct.getByLabel('Struct base offset').fill('0x80');
    await expect(struct.getByTestId('moment-outside')).toHaveCount(0);
    expect(await expectAgreement(inspector)).toBe(past);

    // Live: every panel returns to the block now, together.
    await region('History').getByRole('button', { name: 'Live', exact: true }).click();
    await expect(page.getByTestId('moment-badge')).toHaveCount(0);
    // (Each looked at in turn: a panel scrolled out of the side column follows nothing until it shows.)
    await inspector.showPanel('struct');
    await expect.poll(async () => (await shown(inspector)).struct).toBeGreaterThan(past + 4);
    await inspector.showPanel('scan');
    await expect.poll(async () => (await shown(inspector)).watch).toBeGreaterThan(past + 4);
    await inspector.showPanel('inspector');
    await expect.poll(async () => (await shown(inspector)).inspectorU32).toBeGreaterThan(past + 4);
    await expect(struct.getByRole('button', { name: /^Edit count: / })).toHaveCount(1);
  } finally {
    await stopWriter(writer);
  }
});
