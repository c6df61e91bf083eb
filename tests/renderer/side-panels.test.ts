// The side panels' tab store: which panel a narrow window's tab strip shows,
// per window (one store per session), moved by the APG's keys.
import { describe, expect, it } from 'vitest';
import { createSidePanelsStore, PANELS } from '../../src-renderer/src/stores/sidePanels';
import { panelIndexOfKey } from '../../src-renderer/src/lib/keymap';

describe('the side panels store', () => {
  it('starts on the Text panel (the original scenario) and selects by id', () => {
    const store = createSidePanelsStore();
    expect(store.getState().active).toBe('text');
    store.getState().select('history');
    expect(store.getState().active).toBe('history');
  });

  it('steps to the next and previous tab, wrapping at both ends', () => {
    const store = createSidePanelsStore();
    store.getState().step(1);
    expect(store.getState().active).toBe(PANELS[1].id);
    store.getState().step(-1);
    store.getState().step(-1);
    expect(store.getState().active).toBe(PANELS.at(-1)!.id);
    store.getState().step(1);
    expect(store.getState().active).toBe(PANELS[0].id);
  });

  it('selects by position (Home, End, Alt+digit) and ignores a position past the end', () => {
    const store = createSidePanelsStore();
    store.getState().selectAt(PANELS.length - 1);
    expect(store.getState().active).toBe('readers');
    store.getState().selectAt(3);
    expect(store.getState().active).toBe('scan');
    store.getState().selectAt(PANELS.length);
    expect(store.getState().active).toBe('scan');
  });

  it('keeps one window’s tab apart from another’s', () => {
    const first = createSidePanelsStore();
    const second = createSidePanelsStore();
    first.getState().select('files');
    expect(second.getState().active).toBe('text');
  });

  it('has ten panels with unique ids, one per Alt+digit', () => {
    expect(new Set(PANELS.map((p) => p.id)).size).toBe(PANELS.length);
    expect(PANELS.length).toBe(10);
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
