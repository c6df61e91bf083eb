// axe-core on every main state of the page, in the dark and the light theme:
// no serious or critical violation (contrast, roles, names, headings...).
// Each state is set up once and judged in both themes (seriousViolationsInBothThemes).
// The page's CSP forbids injected scripts, so these pages bypass it: axe is
// the only script added.
import type { Route } from '@playwright/test';
import { uniqueBlockName, unlinkQuietly } from '../fixtures/addon';
import { seriousViolationsInBothThemes } from '../fixtures/axe';
import { startBrowserHost } from '../fixtures/browser-host';
import { expect, openInspector, pageUrl, test } from '../fixtures/test';

test.use({ bypassCSP: true });

test.describe('both themes', () => {
  test('start: the first block still opening, then refused', async ({ page, host, blockName }) => {
    // Hold the first openBlock so the page stays in its starting state while axe looks.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/call/openBlock', async (route: Route) => {
      await held;
      await route.continue();
    });
    await page.goto(pageUrl(host, blockName));
    await expect(page.getByTestId('loading')).toBeVisible();
    expect(await seriousViolationsInBothThemes(page), 'while opening').toEqual([]);
    release();
    await expect(page.getByTestId('block-name')).toHaveText(blockName);

    // A block name the host refuses: the start error with its retry button.
    await page.goto(pageUrl(host, 'bad/name'));
    await expect(page.getByTestId('start-error')).toBeVisible();
    expect(await seriousViolationsInBothThemes(page), 'start error').toEqual([]);
  });

  test('a block open, with text, a selection and lit bytes', async ({ page, host, blockName }) => {
    const inspector = await openInspector(page, host, blockName);
    await inspector.setText('This is a test string');
    await expect(page.getByTestId('live-text')).toHaveText('This is a test string');
    await inspector.byte(2).click();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    expect(await seriousViolationsInBothThemes(page)).toEqual([]);
  });

  test('child readers listed, running and finished', async ({ page, host, blockName }) => {
    await openInspector(page, host, blockName);
    await page.getByTestId('launch-node').click();
    await page.getByTestId('launch-batch').click();
    await expect(page.getByTestId('child-row').first()).toBeVisible();
    expect(await seriousViolationsInBothThemes(page), 'readers launched').toEqual([]);
    await expect(page.locator('[data-testid=child-row][data-state=running]')).toHaveCount(0, { timeout: 30_000 });
    expect(await seriousViolationsInBothThemes(page), 'readers finished').toEqual([]);
  });

  test('errors shown: a bad offset, a bad size, a failed Set', async ({ page, host, blockName }) => {
    const inspector = await openInspector(page, host, blockName);
    await inspector.goTo('zzz');
    await expect(page.getByTestId('goto-error')).toBeVisible();
    await page.getByTestId('open-size').fill('lots');
    await page.getByTestId('open-button').click();
    await expect(page.getByTestId('open-error')).toBeVisible();
    await page.context().setOffline(true);
    await inspector.setText('while offline');
    await expect(page.getByTestId('set-error')).toBeVisible();
    await page.context().setOffline(false);
    expect(await seriousViolationsInBothThemes(page)).toEqual([]);
  });

  test('offline: the host stopped', async ({ page }) => {
    const ownHost = await startBrowserHost();
    const name = uniqueBlockName('axeoff');
    try {
      await openInspector(page, ownHost, name);
      await ownHost.stop();
      await expect(page.getByTestId('status-line')).toHaveAttribute('data-status', 'offline');
      await expect(page.getByTestId('offline-message')).toBeVisible();
      expect(await seriousViolationsInBothThemes(page)).toEqual([]);
    } finally {
      await ownHost.stop();
      unlinkQuietly(name);
    }
  });
});

test.describe('keyboard and screen readers', () => {
  test('Tab reaches every control, each with a visible focus ring', async ({ page, host, blockName }) => {
    await openInspector(page, host, blockName);
    await page.getByTestId('launch-native').click();
    await expect(page.getByTestId('child-row')).toHaveCount(1);
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const controls = await page.evaluate(() =>
      Array.from(document.querySelectorAll('button:not(:disabled), input, select, textarea, [tabindex="0"]'))
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.id ?? el.tagName),
    );
    const reached = new Map<string, string>();
    for (let i = 0; i < controls.length + 5; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const name = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.id ?? el.tagName;
        return {
          name,
          ring:
            style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1
              ? 'ring'
              : `no ring (${style.outlineStyle} ${style.outlineWidth})`,
        };
      });
      if (focus) reached.set(focus.name, focus.ring);
    }
    for (const control of controls) expect(reached.get(control), `focus on ${control}`).toBe('ring');
  });

  test('the hex view is a grid whose cursor is announced', async ({ page, host, blockName }) => {
    const inspector = await openInspector(page, host, blockName);
    await inspector.setText('AB');
    const grid = page.getByRole('grid', { name: /Bytes/ });
    await expect(grid).toHaveAttribute('aria-rowcount', '256');
    await expect(grid.getByRole('row').first()).toHaveAttribute('aria-rowindex', '1');
    await expect(grid.getByRole('rowheader', { name: 'Offset 00000010' })).toBeVisible();
    await expect(grid.getByRole('gridcell', { name: '00000000: 41' })).toBeVisible();
    await expect(grid.getByRole('gridcell', { name: /^Text: AB/ }).first()).toBeVisible();

    await grid.focus();
    await expect(grid).toHaveAttribute('aria-activedescendant', 'hex-cell-0');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(grid).toHaveAttribute('aria-activedescendant', 'hex-cell-2');
    await expect(page.locator('#hex-cell-2')).toHaveAccessibleName('00000002: 42');
    await page.keyboard.press('Shift+ArrowRight');
    await expect(page.locator('#hex-cell-3')).toHaveAttribute('aria-selected', 'true');
    // Ctrl+End: the view follows the cursor to the last row, and so does the announced cell.
    await page.keyboard.press('Control+End');
    await expect(grid).toHaveAttribute('aria-activedescendant', 'hex-cell-4095');
  });
});
