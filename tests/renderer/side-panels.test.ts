// The side panels, listed once in components/panelRegistry.ts: every panel
// has a unique id and name, the first ten an Alt+digit, and every one an
// entry in the Panels palette (so an eleventh is reachable by keyboard too);
// each renders in a window's session; the `?` list names each shortcut from
// the same table. And the tab store: which panel a narrow window shows.
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { lazyPanel, panelAfter, panelShortcut, PANELS } from '../../src-renderer/src/components/panelRegistry';
import { PanelPalette, panelsMatching } from '../../src-renderer/src/components/PanelPalette';
import { ShortcutsDialog, ShortcutsTable } from '../../src-renderer/src/edit/ShortcutsDialog';
import { panelIndexOfKey } from '../../src-renderer/src/lib/keymap';
import { SessionProvider } from '../../src-renderer/src/sessionContext';
import { createSidePanelsStore } from '../../src-renderer/src/stores/sidePanels';
import { useCoreSession } from './core-session';

describe('the panel registry', () => {
  it('names every panel once: unique ids and unique titles', () => {
    expect(PANELS.length).toBeGreaterThan(0);
    expect(new Set(PANELS.map((p) => p.id)).size).toBe(PANELS.length);
    expect(new Set(PANELS.map((p) => p.title.toLowerCase())).size).toBe(PANELS.length);
    for (const p of PANELS) expect(p.title.trim(), p.id).not.toBe('');
  });

  it('gives the first ten panels Alt+1 … Alt+0, each the key that picks it, and none to an eleventh', () => {
    PANELS.forEach((panel, index) => {
      if (index >= 10) return expect(panel.shortcut, panel.id).toBeNull();
      const digit = panel.shortcut?.replace('Alt+', '') ?? '';
      expect(panelIndexOfKey({ key: digit, altKey: true, ctrlKey: false, metaKey: false, shiftKey: false }), panel.id).toBe(index);
    });
    expect(new Set(PANELS.map((p) => p.shortcut).filter(Boolean)).size).toBe(Math.min(PANELS.length, 10));
    expect(panelShortcut(9)).toBe('Alt+0');
    expect(panelShortcut(10)).toBeNull();
  });

  it('lists every panel in the palette, each found by its own name', () => {
    expect(panelsMatching('').map((p) => p.id)).toEqual(PANELS.map((p) => p.id));
    for (const p of PANELS)
      expect(
        panelsMatching(p.title.toUpperCase()).map((m) => m.id),
        p.title,
      ).toContain(p.id);
    expect(panelsMatching('no panel is called this')).toEqual([]);
  });

  it('an eleventh panel gets no Alt+digit but its place in the palette', () => {
    const load = () => Promise.resolve(() => null);
    const eleventh = { id: 'eleventh', title: 'Eleventh', load, Component: lazyPanel(load), shortcut: panelShortcut(PANELS.length) };
    const grown = [...PANELS, eleventh];
    expect(eleventh.shortcut).toBeNull();
    expect(panelsMatching('', grown)).toContain(eleventh);
    expect(panelsMatching('elev', grown)).toEqual([eleventh]);
  });

  it('steps along the tabs, wrapping at both ends', () => {
    expect(panelAfter(PANELS[0]!.id, 1).id).toBe(PANELS[1]!.id);
    expect(panelAfter(PANELS[0]!.id, -1).id).toBe(PANELS.at(-1)!.id);
    expect(panelAfter(PANELS.at(-1)!.id, 1).id).toBe(PANELS[0]!.id);
  });
});

describe('each panel in a window', () => {
  const session = useCoreSession();
  const render = (element: ReactElement) =>
    renderToStaticMarkup(createElement(SessionProvider, { session: session.renderer, children: element }));

  it('renders every panel of the registry with the block open', async () => {
    await session.openFreshBlock('panels', 4096);
    for (const panel of PANELS) {
      const html = render(createElement(await panel.load()));
      expect(html.length, `${panel.title} renders something`).toBeGreaterThan(0);
    }
  });

  it('the palette offers every panel, with its shortcut where it has one', () => {
    const html = render(createElement(PanelPalette));
    expect(html).toContain('aria-label="Panels"');
    for (const panel of PANELS) {
      expect(html, panel.title).toContain(`data-panel-option="${panel.id}"`);
      expect(html).toContain(`<span>${panel.title}</span>`);
      if (panel.shortcut) expect(html).toContain(`<kbd>${panel.shortcut}</kbd>`);
    }
  });

  it('the shortcuts list names each panel shortcut from the registry, and the palette’s keys', () => {
    // The dialog's rows wait for the window's first frame (components/afterFirstPaint.ts; a server render is a first frame).
    expect(render(createElement(ShortcutsDialog))).not.toContain('<kbd>');
    const html = render(createElement(ShortcutsTable));
    for (const panel of PANELS.filter((p) => p.shortcut)) {
      expect(html, panel.title).toContain(`<kbd>${panel.shortcut}</kbd></td><td>Show the ${panel.title} panel</td>`);
    }
    expect(html).toContain('Ctrl+Shift+P');
  });
});

describe('the side panels store', () => {
  it('starts on the Text panel (the original scenario) and selects by id', () => {
    const store = createSidePanelsStore();
    expect(store.getState().active).toBe('text');
    store.getState().select('history');
    expect(store.getState().active).toBe('history');
  });

  it('keeps one window’s tab apart from another’s', () => {
    const first = createSidePanelsStore();
    const second = createSidePanelsStore();
    first.getState().select('files');
    expect(second.getState().active).toBe('text');
  });
});

describe('Alt+1 … Alt+0', () => {
  const key = (k: string, altKey = true, ctrlKey = false) => ({ key: k, altKey, ctrlKey, metaKey: false, shiftKey: false });

  it('are the panels 0 … 9, Alt+0 the tenth', () => {
    expect(panelIndexOfKey(key('1'))).toBe(0);
    expect(panelIndexOfKey(key('9'))).toBe(8);
    expect(panelIndexOfKey(key('0'))).toBe(9);
  });

  it('need Alt alone: a plain digit is typed, Ctrl+Alt is left to the system', () => {
    expect(panelIndexOfKey(key('1', false))).toBeNull();
    expect(panelIndexOfKey(key('1', true, true))).toBeNull();
    expect(panelIndexOfKey(key('a'))).toBeNull();
  });
});
