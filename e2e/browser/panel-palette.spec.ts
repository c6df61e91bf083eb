// The Panels palette (components/PanelPalette.tsx), with the keyboard only:
// Ctrl+Shift+P or the "Panels" button lists every side panel of the panel
// registry; typing filters, Enter or the arrows choose, and the chosen panel
// takes the focus: the stacked column's panel in a wide window, its tab in a
// narrow one. So a panel past the tenth, which has no Alt+digit, is reachable.
import { expect, openInspector, test } from '../fixtures/test';
import { listPanels } from '../fixtures/panels';

test.describe('a wide window', () => {
  test('Ctrl+Shift+P, a name, Enter: the panel takes the focus; the arrows reach every panel', async ({ page, host, blockName }) => {
    await openInspector(page, host, blockName);
    const palette = page.getByRole('dialog', { name: 'Panels' });
    await page.getByTestId('hex-viewport').focus();
    await page.keyboard.press('Control+Shift+P');
    await expect(palette).toBeVisible();
    await expect(palette.getByRole('searchbox', { name: 'Filter panels' })).toBeFocused();
    const panels = await listPanels(page);
    await expect(palette.locator('[data-panel-option]')).toHaveCount(panels.length);

    await page.keyboard.type('book');
    await expect(palette.locator('[data-panel-option]')).toHaveCount(1);
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect(page.locator('#panel-bookmarks')).toBeFocused();

    // The last panel, by the arrows alone: down into the list, then to its end.
    await page.keyboard.press('Control+Shift+P');
    await expect(palette).toBeVisible();
    await page.keyboard.press('ArrowDown');
    for (let i = 1; i < panels.length; i++) await page.keyboard.press('ArrowDown');
    const last = panels.at(-1)!;
    await expect(palette.locator(`[data-panel-option="${last.id}"]`)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect(page.locator(`#panel-${last.id}`)).toBeFocused();
  });

  test('the "Panels" button is a tab stop; Escape closes the palette and changes nothing', async ({ page, host, blockName }) => {
    await openInspector(page, host, blockName);
    const button = page.getByRole('button', { name: 'Panels' });
    await button.focus();
    await page.keyboard.press('Enter');
    const palette = page.getByRole('dialog', { name: 'Panels' });
    await expect(palette).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
    await expect(button).toBeFocused();
  });
});

test.describe('a narrow window', () => {
  test.use({ viewport: { width: 800, height: 600 } });

  test('the palette chooses the tab and focuses it, and its panel shows', async ({ page, host, blockName }) => {
    await openInspector(page, host, blockName);
    await page.getByTestId('hex-viewport').focus();
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('hist');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('panel-tab-history')).toBeFocused();
    await expect(page.getByTestId('panel-tab-history')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('tabpanel-history')).toBeVisible();
    await expect(page.getByTestId('tabpanel-text')).toBeHidden();
  });
});

test('? lists each panel’s Alt+digit from the panel registry, and the palette’s keys', async ({ page, host, blockName }) => {
  await openInspector(page, host, blockName);
  await page.getByTestId('hex-viewport').focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  const panels = await listPanels(page);
  for (const [index, panel] of panels.slice(0, 10).entries()) {
    await expect(dialog.getByRole('row', { name: `Alt+${(index + 1) % 10} Show the ${panel.label} panel` })).toHaveCount(1);
  }
  await expect(dialog).toContainText('Ctrl+Shift+P');
});
