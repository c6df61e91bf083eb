// What one write by another process does to the page's DOM: the changed byte's
// cell is updated in place (the same element, its text and lit state), its
// flash is a mark over it, and nothing that does not show the byte is touched
// (other rows, the side panels' forms). Issue 13: a write re-rendered forms and
// remounted the cell, which made write-to-DOM slow. Issue 22: a write patches
// the rows (components/hexPatcher.ts) and renders none of them.
import type { Page } from '@playwright/test';
import { openAsOtherProcess } from '../fixtures/addon';
import { expect, openInspector, test } from '../fixtures/test';

/** A byte in row 0x100, far from the string at offset 0 and from the data inspector's cursor. */
const OFFSET = 0x105;

/** One byte written at `offset` by another process, as a user's writer would. */
function writeAsOtherProcess(name: string, offset: number, value: number): void {
  const block = openAsOtherProcess({ name, size: 4096, create: false });
  try {
    block.write(offset, Buffer.from([value]));
  } finally {
    block.close();
  }
}

interface Seen {
  /** The cell of OFFSET before the write is still in the document, and is the cell shown now. */
  sameCell: boolean;
  /** Every element a mutation record named, outside the changed row, as tag#testid[name]. */
  elsewhere: string[];
}

test('a write by another process updates the changed cell in place and touches nothing else', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await expect(inspector.byte(OFFSET)).toHaveText('00');
  // Let the page settle (the first watch, the string's first decode), then record.
  await page.waitForTimeout(500);
  await page.evaluate((offset) => {
    const state = window as unknown as { seenCell: Element | null; seenRecords: MutationRecord[]; seenLit: boolean; seenMark: boolean };
    const cellNow = () => document.querySelector(`[data-testid=hex-byte][data-offset="${offset}"]`);
    state.seenCell = cellNow();
    state.seenRecords = [];
    state.seenLit = false;
    state.seenMark = false;
    new MutationObserver((records) => {
      state.seenRecords.push(...records);
      const cell = cellNow();
      state.seenLit ||= cell?.getAttribute('data-changed') === '1';
      state.seenMark ||= Boolean(cell?.querySelector('.flash-mark'));
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  }, OFFSET);

  writeAsOtherProcess(blockName, OFFSET, 0xa7);
  await expect(inspector.byte(OFFSET)).toHaveText('A7');
  // A byte stays lit for 1.5 s, which a busy machine can let pass between two looks: the page notes it as the DOM shows it.
  await expect.poll(() => page.evaluate(() => (window as unknown as { seenLit: boolean }).seenLit)).toBe(true);

  const seen = await page.evaluate((offset): Seen => {
    const state = window as unknown as { seenCell: Element | null; seenRecords: MutationRecord[] };
    const cell = document.querySelector(`[data-testid=hex-byte][data-offset="${offset}"]`);
    const row = cell?.closest('[data-testid=hex-row]');
    const describe = (node: Node) => {
      const element = node instanceof Element ? node : node.parentElement;
      if (!element) return String(node.nodeName);
      return `${element.tagName.toLowerCase()}#${element.getAttribute('data-testid') ?? ''}[${element.getAttribute('aria-label') ?? ''}]`;
    };
    const elsewhere = state.seenRecords
      .filter((record) => !(row && row.contains(record.target)))
      // The status line's clock and counters may tick on their own: only the hex view and the side panels are judged.
      .filter((record) => record.target instanceof Node && (record.target.parentElement ?? record.target) instanceof Element)
      .filter((record) => {
        const element = record.target instanceof Element ? record.target : record.target.parentElement!;
        // The scrollbar marks where the block changed: that is news, not waste.
        if (element.closest('[data-testid=hex-scrollbar]')) return false;
        return element.closest('[data-testid=hex-view], [data-testid=data-inspector], [data-testid=struct-panel], form') !== null;
      })
      .map((record) => `${record.type} ${record.attributeName ?? ''} on ${describe(record.target)}`);
    return { sameCell: state.seenCell === cell && cell !== null && document.contains(cell), elsewhere: [...new Set(elsewhere)] };
  }, OFFSET);

  expect(seen.sameCell, 'the changed byte keeps its cell').toBe(true);
  expect(seen.elsewhere, 'mutations outside the changed row').toEqual([]);
  // Its flash is a mark over it (a layer the compositor fades), not an animation of the cell.
  expect(await page.evaluate(() => (window as unknown as { seenMark: boolean }).seenMark)).toBe(true);
});

/** One Paint event of Chromium's timeline: the paint layer's root element as DevTools names it ("DIV class='hex-row'"). */
interface PaintEvent {
  name: string;
  args?: { data?: { nodeName?: string } };
}

test('a write by another process repaints the changed row, not the whole hex view', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await expect(inspector.byte(OFFSET)).toHaveText('00');
  await page.waitForTimeout(500);
  const cdp = await page.context().newCDPSession(page);
  const events: PaintEvent[] = [];
  cdp.on('Tracing.dataCollected', (batch) => events.push(...(batch.value as unknown as PaintEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline'] } });

  writeAsOtherProcess(blockName, OFFSET, 0x5c);
  await expect(inspector.byte(OFFSET)).toHaveText('5C');
  // Two frames after the DOM change: the one that paints it has run.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await cdp.send('Tracing.end');
  await complete;

  const painted = events.filter((e) => e.name === 'Paint').map((e) => e.args?.data?.nodeName ?? '');
  // Each row is its own paint layer: the changed one is painted, the viewport's other rows come from the cache.
  expect(painted.filter((node) => node.includes("class='hex-row'")).length, `paint layers painted: ${painted.join(', ')}`).toBeGreaterThan(
    0,
  );
  expect(
    painted.filter((node) => node.includes("class='hex-viewport'")),
    'the whole viewport painted again',
  ).toEqual([]);
});

test('a write at the cursor reaches its hex cell before the data inspector renders its readings', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await inspector.byte(0).click(); // the cursor on the byte that will change
  await expect(page.getByTestId('inspect-u8').locator('td').first()).toHaveText('0');
  await page.evaluate(() => {
    // Each MutationObserver callback is one batch of DOM changes (one commit of React's, at least).
    const state = window as unknown as { batches: { cell: boolean; inspector: boolean }[] };
    state.batches = [];
    const cell = document.querySelector('[data-testid=hex-byte][data-offset="0"]')!;
    const panel = document.querySelector('[data-testid=data-inspector]')!;
    new MutationObserver((records) => {
      state.batches.push({
        cell: records.some((r) => cell.contains(r.target)),
        inspector: records.some((r) => panel.contains(r.target)),
      });
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });

  writeAsOtherProcess(blockName, 0, 0x2a);
  await expect(inspector.byte(0)).toHaveText('2A');
  await expect(page.getByTestId('inspect-u8').locator('td').first()).toHaveText('42');

  const batches = await page.evaluate(() => (window as unknown as { batches: { cell: boolean; inspector: boolean }[] }).batches);
  const first = batches.findIndex((b) => b.cell);
  expect(first, JSON.stringify(batches)).toBeGreaterThanOrEqual(0);
  // The cell's commit holds the hex view's change alone; the forty readings follow in a later one.
  expect(batches[first]!.inspector, JSON.stringify(batches)).toBe(false);
  expect(batches.slice(first + 1).some((b) => b.inspector)).toBe(true);
});

/** The render counts the app keeps when the page defines the object before it loads (src-renderer/src/lib/renderCounts.ts). */
type RenderCounts = Record<string, number>;

/** Has the app count its renders from its start (call before it loads): read them, or start again from none. */
async function renderCounter(page: Page): Promise<{ read: () => Promise<RenderCounts>; reset: () => Promise<void> }> {
  await page.addInitScript(() => {
    (window as unknown as { __shmRenderCounts: RenderCounts }).__shmRenderCounts = {};
  });
  return {
    read: () => page.evaluate(() => ({ ...(window as unknown as { __shmRenderCounts: RenderCounts }).__shmRenderCounts })),
    reset: () =>
      page.evaluate(() => {
        (window as unknown as { __shmRenderCounts: RenderCounts }).__shmRenderCounts = {};
      }),
  };
}

test('writes by another process patch the hex view: it renders no row for them', async ({ page, host, blockName }) => {
  const renders = await renderCounter(page);
  const inspector = await openInspector(page, host, blockName);
  // Every render but the refreshes of the Statistics panel and the Block map (their own test is below).
  const counts = async () => {
    const all = await renders.read();
    delete all['statistics-panel'];
    delete all['block-map'];
    return all;
  };
  // The counter counts: a selection is structure, and renders the rows.
  await inspector.byte(0x20).click();
  await expect.poll(async () => (await counts())['hex-rows'] ?? 0, 'the rows render for a click (the counter works)').toBeGreaterThan(0);
  await page.waitForTimeout(300);
  await renders.reset();

  // Forty writes over two visible rows, each awaited in the DOM (so each is its own event, not one batch).
  const hexOf = (value: number) => value.toString(16).toUpperCase().padStart(2, '0');
  const block = openAsOtherProcess({ name: blockName, size: 4096, create: false });
  const written = new Map<number, number>();
  try {
    for (let i = 0; i < 40; i++) {
      const offset = 0xf0 + ((i * 7) % 32);
      const value = 0x41 + (i % 26); // 'A'..'Z': the text column shows them too
      block.write(offset, Buffer.from([value]));
      written.set(offset, value);
      await expect(inspector.byte(offset)).toHaveText(value.toString(16).toUpperCase());
    }
  } finally {
    block.close();
  }
  // The last byte written is lit (for 1.5 s: read at once), named as changed, and carries its mark; its row runs hot.
  const last = 0xf0 + ((39 * 7) % 32);
  const lit = await page.evaluate((offset) => {
    const cell = document.querySelector(`[data-testid=hex-byte][data-offset="${offset}"]`)!;
    const header = cell.closest('[data-testid=hex-row]')!.querySelector('.row-offset')!;
    return {
      changed: cell.getAttribute('data-changed'),
      label: cell.getAttribute('aria-label'),
      marks: cell.querySelectorAll('.flash-mark').length,
      heat: header.getAttribute('data-heat'),
    };
  }, last);
  expect(lit).toEqual({
    changed: '1',
    label: `00000${last.toString(16)}: ${hexOf(written.get(last)!)}, changed`,
    marks: 1,
    heat: expect.stringMatching(/^[1-4]$/),
  });
  for (const [offset, value] of written) await expect(inspector.byte(offset)).toHaveText(hexOf(value));
  // The text column shows the new characters (UTF-16LE: a letter then the 0 beside it, in its pairs).
  const row0x100 = inspector.row(0x100).getByTestId('hex-text');
  await expect(row0x100).toHaveAttribute('aria-label', /[A-Z]/);
  expect(await counts(), 'renders while forty writes reached the DOM').toEqual({});

  // The flash ends without a render too.
  await expect(inspector.byte(last)).not.toHaveAttribute('data-changed', '1', { timeout: 4000 });
  await expect(inspector.byte(last).locator('.flash-mark')).toHaveCount(0);
  await expect(inspector.byte(last)).toHaveAttribute('aria-label', new RegExp(`: ${hexOf(written.get(last)!)}$`));
  expect(await counts(), 'renders while the flashes went out').toEqual({});

  // What the patcher drew is what React draws: a render of the written rows (a click elsewhere moves the
  // cursor; these rows' bytes changed since they last rendered, so they render too) changes nothing in them.
  const drawn = () =>
    page.evaluate(() =>
      [0xf0, 0x100].map((offset) => {
        const row = document.querySelector(`[data-testid=hex-row][data-offset="${offset}"]`)!;
        const classes = (element: Element) => Array.from(element.classList).sort().join(' ');
        return {
          header: `${classes(row.querySelector('.row-offset')!)} ${row.querySelector('.row-offset')!.getAttribute('data-heat')}`,
          cells: Array.from(row.querySelectorAll('[data-testid=hex-byte]')).map(
            (cell) => `${cell.textContent} ${classes(cell)} ${cell.getAttribute('aria-label')} ${cell.getAttribute('data-changed')}`,
          ),
          text: row.querySelector('[data-testid=hex-text]')!.getAttribute('aria-label'),
          chars: Array.from(row.querySelectorAll('.char')).map((char) => `${char.textContent} ${classes(char)}`),
        };
      }),
    );
  const patched = await drawn();
  await inspector.byte(0x30).click();
  await expect.poll(async () => (await counts())['hex-row'] ?? 0, 'the written rows render after the click').toBeGreaterThanOrEqual(4);
  expect(await drawn()).toEqual(patched);
});

test('writes outside what the side panels show render none of them; one inside renders the one that shows it', async ({
  page,
  host,
  blockName,
}) => {
  const renders = await renderCounter(page);
  const inspector = await openInspector(page, host, blockName);
  const counts = () => renders.read();
  const struct = page.getByRole('region', { name: 'Struct' });
  await struct.getByLabel('Struct layout (C)').fill('struct S { uint32_t a; uint32_t b; };');
  await struct.getByLabel('Struct base offset').fill('0x40');
  const fieldB = struct.locator('[data-testid=struct-field][data-path="b"]').getByTestId('struct-value');
  await expect(fieldB).toHaveText('0');
  await inspector.byte(0x80).click(); // the data inspector reads 0x80..0x8F, the selection facts 0x80
  await expect(page.getByTestId('inspect-u8').locator('td').first()).toHaveText('0');
  await page.waitForTimeout(500);
  await renders.reset();

  const block = openAsOtherProcess({ name: blockName, size: 4096, create: false });
  try {
    for (let i = 0; i < 20; i++) {
      block.write(0x105, Buffer.from([i + 1]));
      await expect(inspector.byte(0x105)).toHaveText((i + 1).toString(16).toUpperCase().padStart(2, '0'));
    }
    // Two frames: a panel's re-read would have run.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const outside = await counts();
    expect(
      { struct: outside['struct-panel'], inspector: outside['data-inspector'], facts: outside['selection-facts'] },
      'renders for writes none of them shows',
    ).toEqual({ struct: undefined, inspector: undefined, facts: undefined });

    block.write(0x44, Buffer.from([7])); // field b
    await expect(fieldB).toHaveText('7');
    const inside = await counts();
    expect(inside['struct-panel'] ?? 0, 'the Struct panel renders for its own bytes').toBeGreaterThan(0);
    expect(inside['data-inspector'], 'the data inspector does not: 0x44 is not its bytes').toBeUndefined();
  } finally {
    block.close();
  }
});

test('writes that change the string patch the live text and render no Text panel; empty and back still show', async ({
  page,
  host,
  blockName,
}) => {
  const renders = await renderCounter(page);
  await openInspector(page, host, blockName);
  const counts = () => renders.read();
  const live = page.getByTestId('live-text');
  const block = openAsOtherProcess({ name: blockName, size: 4096, create: false });
  try {
    block.write(0, Buffer.from('AB\0', 'utf16le'));
    await expect(live).toHaveText('AB');
    await page.waitForTimeout(300);
    await renders.reset();
    for (let i = 0; i < 10; i++) {
      const text = `${String.fromCharCode(0x61 + i)}B`;
      block.write(0, Buffer.from(text, 'utf16le'));
      await expect(live).toHaveText(text);
    }
    expect((await counts())['live-text'], 'renders of the live text for ten writes that keep its length').toBeUndefined();
    // The structure still follows: the empty note, then a text again.
    block.write(0, Buffer.alloc(2));
    await expect(live).toHaveText('(empty: the first character is NUL)');
    block.write(0, Buffer.from('Z', 'utf16le'));
    await expect(live).toHaveText('ZB');
    await expect(page.getByTestId('live-count')).toContainText('2 /');
  } finally {
    block.close();
  }
});

test('writes render neither the Statistics panel nor the Block map: only their refreshes do', async ({ page, host, blockName }) => {
  const renders = await renderCounter(page);
  const refreshes = { byteStats: 0, blockMap: 0 };
  page.on('request', (request) => {
    const call = /\/api\/call\/(byteStats|blockMap)$/.exec(request.url())?.[1] as keyof typeof refreshes | undefined;
    if (call) refreshes[call] += 1;
  });
  const inspector = await openInspector(page, host, blockName);
  await inspector.showPanel('statistics');
  await expect(page.getByTestId('statistics-entropy')).toBeVisible();
  await page.waitForTimeout(1200); // the first refreshes have settled
  await renders.reset();
  refreshes.byteStats = 0;
  refreshes.blockMap = 0;

  const block = openAsOtherProcess({ name: blockName, size: 4096, create: false });
  const writes = 30;
  try {
    for (let i = 0; i < writes; i++) {
      block.write(0x105, Buffer.from([i + 1]));
      await expect(inspector.byte(0x105)).toHaveText((i + 1).toString(16).toUpperCase().padStart(2, '0'));
    }
  } finally {
    block.close();
  }
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const counts = await renders.read();
  // A refresh renders a panel up to three times (asked, answered, drawn); a write, before, once more each.
  expect(counts['statistics-panel'] ?? 0, `renders for ${writes} writes and ${refreshes.byteStats} refreshes`).toBeLessThanOrEqual(
    3 * refreshes.byteStats + 1,
  );
  expect(counts['block-map'] ?? 0, `renders for ${writes} writes and ${refreshes.blockMap} refreshes`).toBeLessThanOrEqual(
    3 * refreshes.blockMap + 1,
  );
});

test('the selection facts follow a write inside the selection', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  await inspector.showPanel('selection');
  await inspector.byte(0x80).click();
  await inspector.byte(0x83).click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('facts-length')).toContainText('4');
  const crc = page.getByTestId('facts-crc32');
  await expect(crc).toHaveText(/^[0-9A-F]{8}$/);
  const before = await crc.textContent();
  const block = openAsOtherProcess({ name: blockName, size: 4096, create: false });
  try {
    block.write(0x82, Buffer.from([0x5a]));
  } finally {
    block.close();
  }
  await expect(inspector.byte(0x82)).toHaveText('5A');
  // Asked again once the writes settle: the CRC of 00 00 5A 00, not of four zeros.
  await expect(crc).not.toHaveText(before!);
});

test('a byte written again and again keeps one whole mark, which fades once the byte is still', async ({ page, host, blockName }) => {
  const inspector = await openInspector(page, host, blockName);
  const mark = () =>
    page.evaluate((offset) => {
      const state = window as unknown as { firstMark?: Element };
      const now = document.querySelector(`[data-testid=hex-byte][data-offset="${offset}"] .flash-mark`);
      state.firstMark ??= now ?? undefined;
      return { same: now !== null && now === state.firstMark, animations: now?.getAnimations().length ?? -1 };
    }, OFFSET);
  // Writes every few frames (each awaited in the DOM): no new mark and no animation started per write (each cost a frame).
  const seen: { same: boolean; animations: number }[] = [];
  for (let value = 1; value <= 6; value++) {
    writeAsOtherProcess(blockName, OFFSET, value);
    await expect(inspector.byte(OFFSET)).toHaveText(value.toString(16).toUpperCase().padStart(2, '0'));
    seen.push(await mark());
  }
  expect(seen).toEqual(Array.from({ length: 6 }, () => ({ same: true, animations: 0 })));
  // Still for HOLD_MS (300 ms): the same mark fades, by one animation, and is gone when the flash ends.
  await expect.poll(mark, { intervals: [50] }).toEqual({ same: true, animations: 1 });
  await expect(inspector.byte(OFFSET).locator('.flash-mark')).toHaveCount(0, { timeout: 4000 });
});

test('a write at the cursor renders the data inspector readings, not its plot form', async ({ page, host, blockName }) => {
  const renders = await renderCounter(page);
  const inspector = await openInspector(page, host, blockName);
  const counts = () => renders.read();
  await inspector.byte(0).click();
  await expect(page.getByTestId('inspect-u8').locator('td').first()).toHaveText('0');
  await expect.poll(async () => (await counts())['plot-this'] ?? 0, 'the form rendered once shown (the counter works)').toBeGreaterThan(0);
  await page.waitForTimeout(300);
  await renders.reset();

  writeAsOtherProcess(blockName, 0, 0x2a);
  await expect(page.getByTestId('inspect-u8').locator('td').first()).toHaveText('42');
  expect((await counts())['plot-this'], 'renders of the plot form for a write at the cursor').toBeUndefined();
});
