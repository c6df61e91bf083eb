// Windows high contrast (forced colors): the system picks every colour, so a
// meaning carried by a colour of ours (a background tint, a box-shadow, which
// forced colors drop) must survive as a system colour or an outline. With
// forced colors emulated, the marked cells (cursor, selection, find match,
// baseline differences, the leftover bytes after the string), the scrollbar's
// marks and the focus ring each look different from an ordinary cell, and axe
// finds nothing serious.
import type { Locator } from '@playwright/test';
import { seriousViolations } from '../fixtures/axe';
import { expect, openInspector, saveScreenshot, test } from '../fixtures/test';

test.use({ bypassCSP: true });

/** What a user sees of a cell's look: its background, text colour, outline, border, shadow and text decoration. */
function look(locator: Locator) {
  return locator.evaluate((el) => {
    const cs = getComputedStyle(el);
    const transparent = cs.backgroundColor === 'rgba(0, 0, 0, 0)' || cs.backgroundColor === 'transparent';
    return {
      background: transparent ? 'none' : cs.backgroundColor,
      color: cs.color,
      outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 ? `${cs.outlineStyle} ${cs.outlineColor}` : 'none',
      border:
        parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth) >= 1 ? `${cs.borderBottomStyle} ${cs.borderBottomColor}` : 'none',
      shadow: cs.boxShadow,
      decoration: cs.textDecorationLine,
      opacity: cs.opacity,
    };
  });
}

test('forced colors: cursor, selection, matches, differences, leftovers and focus stay visible', async ({ page, host, blockName }) => {
  await page.emulateMedia({ forcedColors: 'active' });
  const inspector = await openInspector(page, host, blockName);
  expect(await page.evaluate(() => matchMedia('(forced-colors: active)').matches)).toBe(true);

  // A longer string, then a shorter one: its leftovers after the NUL are dimmed.
  await inspector.setText('Find the needle here, and more');
  await expect(page.getByTestId('live-text')).toHaveText('Find the needle here, and more');
  await inspector.setText('Find the needle here');
  await expect(page.getByTestId('live-text')).toHaveText('Find the needle here');
  // Remember the bytes as a baseline, then change one: it differs from the baseline.
  await inspector.showPanel('history');
  await page.getByRole('button', { name: 'Take baseline' }).click();
  await expect(page.getByTestId('differences-count')).toContainText('0 ranges');
  await inspector.editByte(6, '41');
  await expect(inspector.byte(6)).toHaveClass(/differs/);

  // Find "needle" (UTF-16LE): bytes 18..29 match.
  await inspector.byte(0).click();
  await page.keyboard.press('Control+f');
  await page.getByRole('combobox', { name: 'Find as' }).selectOption('text');
  await page.getByRole('combobox', { name: 'Text encoding' }).selectOption('utf16le');
  const box = page.getByRole('textbox', { name: 'Find' });
  await box.fill('needle');
  await box.press('Enter');
  await expect(page.getByTestId('find-status')).toContainText('1 match');
  await expect(inspector.byte(20)).toHaveClass(/find-match/);

  // A selection of bytes 2..4, the cursor on 4.
  await inspector.byte(2).click();
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(inspector.byte(3)).toHaveClass(/selected/);
  await page.waitForTimeout(1_600); // lit bytes fade; the looks are judged at rest

  const ordinary = await look(inspector.byte(0));
  const marked = {
    cursor: inspector.byte(4),
    selection: inspector.byte(3),
    'find match': inspector.byte(20),
    'baseline difference': inspector.byte(6),
    'leftover after the string': inspector.byte(44),
  };
  await expect(inspector.byte(44)).toHaveClass(/after-string/);
  for (const [what, cell] of Object.entries(marked)) {
    expect(await look(cell), `${what} looks different from an ordinary byte`).not.toEqual(ordinary);
  }
  // Two marks look different from each other too: the cursor within the selection stands out.
  expect(await look(inspector.byte(4))).not.toEqual(await look(inspector.byte(3)));
  // The find match keeps a mark other than a colour the system overrides.
  const match = await look(inspector.byte(20));
  expect(match.outline !== 'none' || match.border !== 'none', 'the find match is outlined').toBe(true);

  // The scrollbar's match mark is drawn in a system colour, not the track's.
  const track = await look(page.getByTestId('hex-scrollbar'));
  const mark = await look(page.locator('[data-testid=scrollbar-mark][data-kind=match]'));
  expect(mark.background, 'the match mark stands out of the scrollbar track').not.toBe(track.background);
  expect(mark.background).not.toBe('none');

  // Focus is visible: the hex view's ring, and a button's.
  await page.getByTestId('hex-viewport').focus();
  expect((await look(page.getByTestId('hex-viewport'))).outline).not.toBe('none');
  await page.getByTestId('goto-input').focus();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement!);
    return cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1;
  });
  expect(focused, 'the focused control has a ring').toBe(true);

  await saveScreenshot(page, 'forced-colors');
  expect(await seriousViolations(page)).toEqual([]);
});
