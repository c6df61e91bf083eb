// The hex view's decorations (src-renderer/src/decorations): the interval
// lookups every provider and row use (a bookmark at a row's edge, overlapping
// decorations, priority order, a query that reads only what it finds), and
// a new provider added through the registry's list drawn on the real rows of
// a real session, beside the app's own providers.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HexRows } from '../../src-renderer/src/components/HexView';
import { AFTER_STRING_TITLE } from '../../src-renderer/src/decorations/afterString';
import { decorationsByRow, indexIntervals, resolveRow, sameDecorations } from '../../src-renderer/src/decorations/intervals';
import { decorationProviders } from '../../src-renderer/src/decorations/registry';
import { useScrollbarMarks } from '../../src-renderer/src/decorations/useDecorations';
import { decorationProvider, type Decoration } from '../../src-renderer/src/decorations/types';
import { afterStringSpan } from '../../src-renderer/src/lib/stringLayout';
import { SessionProvider } from '../../src-renderer/src/sessionContext';
import type { Stores } from '../../src-renderer/src/session';
import { waitFor } from '../support/wait';
import { useCoreSession } from './core-session';

const cells = (start: number, end: number, className: string, extra: Partial<Decoration> = {}): Decoration =>
  ({ kind: 'cells', start, end, className, ...extra }) as Decoration;

describe('interval lookup', () => {
  it('files a bookmark that ends on the last byte of a row under that row only, and one starting the next row under the next', () => {
    const lastOfRow0: Decoration = { kind: 'underline', start: 8, end: 16, color: '#112233', title: 'a' };
    const firstOfRow1: Decoration = { kind: 'underline', start: 16, end: 17, color: '#445566', title: 'b' };
    const rows = decorationsByRow([[lastOfRow0, firstOfRow1]], { start: 0, end: 64, bytesPerRow: 16 });
    expect(rows.get(0)).toEqual([lastOfRow0]);
    expect(rows.get(16)).toEqual([firstOfRow1]);
    expect(rows.has(32)).toBe(false);
    const row0 = resolveRow(0, 16, rows.get(0)!);
    expect(row0.underlines.map((u) => u?.title ?? null)).toEqual([...Array<null>(8).fill(null), ...Array<string>(8).fill('a')]);
  });

  it('files only the visible rows of a decoration that spans the block', () => {
    const whole = cells(0, 1 << 20, 'all');
    const rows = decorationsByRow([[whole]], { start: 160, end: 320, bytesPerRow: 16 });
    expect([...rows.keys()]).toEqual([160, 176, 192, 208, 224, 240, 256, 272, 288, 304]);
  });

  it('resolves overlapping decorations in priority order: classes and titles in order, once each; the first underline and the first of a layer win', () => {
    const row = resolveRow(0, 8, [
      cells(0, 4, 'struct-field struct-field-0', { title: 'struct field a', layer: 'struct' }),
      cells(2, 8, 'struct-field struct-field-1', { title: 'struct field b', layer: 'struct' }),
      cells(3, 6, 'after-string', { title: 'left over' }),
      cells(3, 5, 'find-match'),
      cells(4, 7, 'find-match'),
      { kind: 'underline', start: 1, end: 3, color: '#000001', title: 'first' },
      { kind: 'underline', start: 0, end: 8, color: '#000002', title: 'second' },
      { kind: 'gutter', start: 0, end: 8, className: 'heat-2', data: { 'data-heat': '2' } },
    ]);
    expect(row.classes).toEqual([
      ' struct-field struct-field-0',
      ' struct-field struct-field-0',
      ' struct-field struct-field-0',
      ' struct-field struct-field-0 after-string find-match',
      ' struct-field struct-field-1 after-string find-match',
      ' struct-field struct-field-1 after-string find-match',
      ' struct-field struct-field-1 find-match',
      ' struct-field struct-field-1',
    ]);
    expect(row.titles[3]).toBe('struct field a; left over');
    expect(row.titles[4]).toBe('struct field b; left over');
    expect(row.underlines.map((u) => u?.title)).toEqual(['second', 'first', 'first', 'second', 'second', 'second', 'second', 'second']);
    expect(row.gutterClass).toBe(' heat-2');
    expect(row.gutterData).toEqual({ 'data-heat': '2' });
  });

  it('compares row lists by value, so new objects that show the same do not re-render a row', () => {
    expect(sameDecorations([cells(1, 2, 'x', { title: 't' })], [cells(1, 2, 'x', { title: 't' })])).toBe(true);
    expect(sameDecorations([cells(1, 2, 'x')], [cells(1, 3, 'x')])).toBe(false);
    expect(sameDecorations([cells(1, 2, 'x')], [cells(1, 2, 'y')])).toBe(false);
    expect(sameDecorations(undefined, [])).toBe(false);
  });

  it('answers overlapping intervals in their own order, and a query reads the intervals near the range, not all of them', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ start: i * 10, end: i * 10 + 5, id: i }));
    items.push({ start: 50_000, end: 50_100, id: -1 }); // overlaps the later ones, listed last
    let reads = 0;
    const counted = new Proxy(items, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const query = indexIntervals(counted);
    reads = 0;
    expect(query(50_004, 50_021).map((x) => x.id)).toEqual([5000, 5001, 5002, -1]);
    expect(reads).toBeLessThan(40);
    expect(query(99_996, 100_000).map((x) => x.id)).toEqual([]);
  });
});

describe('scrollbar marks', () => {
  it('come from the providers that have marks, through the hook their marks need, in the providers order', () => {
    const read: string[] = [];
    const providers = [
      decorationProvider({
        name: 'rows only',
        useSource: () => read.push('rows only') && 0,
        decorate: () => [],
      }),
      decorationProvider({
        name: 'heat-like',
        useSource: () => read.push('heat-like rows') && 0,
        decorate: () => [],
        useMarkSource: () => read.push('heat-like marks') && 0.25,
        marks: (at: number) => [{ at, span: 0.01, kind: 'changed' }],
      }),
      decorationProvider({
        name: 'plain',
        useSource: () => read.push('plain') && 0.5,
        decorate: () => [],
        marks: (at: number, block) => [{ at, span: 1 / block.totalRows, kind: 'match' }],
      }),
    ];
    let marks: unknown = null;
    function Probe() {
      marks = useScrollbarMarks(providers, { size: 1024, bytesPerRow: 16, totalRows: 64 });
      return null;
    }
    renderToStaticMarkup(createElement(Probe));
    expect(read).toEqual(['heat-like marks', 'plain']);
    expect(marks).toEqual([
      { at: 0.25, span: 0.01, kind: 'changed' },
      { at: 0.5, span: 1 / 64, kind: 'match' },
    ]);
  });
});

describe('a provider added to the registry list, on the rendered rows', () => {
  const session = useCoreSession();

  /**
   * React renders on a server from each zustand store's initial state (the
   * server snapshot): make the stores' current state their initial one, so
   * the rows render what the session holds now.
   */
  function publishForServerRender(stores: Stores): void {
    for (const store of Object.values(stores)) Object.assign(store.getInitialState(), store.getState());
  }

  it('draws its class, title and gutter beside the bookmarks and the string leftovers, asked once per render', async () => {
    const { stores, renderer } = session;
    const info = await session.openFreshBlock('deco', 4096);
    stores.bytes.getState().showRange(0, 1024); // as the hex view's effect asks once it knows its rows
    stores.textForm.getState().setDraft('abcdefgh');
    await renderer.setString();
    stores.textForm.getState().setDraft('ab');
    await renderer.setString();
    await waitFor(() => {
      const live = stores.liveString.getState();
      return live.loaded && live.text === 'ab' && afterStringSpan(stores.bytes.getState().window, live.units, info.size) !== null;
    }, 'the leftovers after the string');
    stores.bookmarks.getState().add(0x0c, 0x0f); // ends on row 0's last byte
    stores.hexView.getState().setVisibleRows(4);

    let asked = 0;
    const tested = decorationProvider({
      name: 'test',
      useSource: () => 0x12,
      decorate(at: number, range) {
        asked++;
        return at < range.end
          ? [
              { kind: 'cells', start: at, end: at + 2, className: 'test-deco', title: 'tested' },
              { kind: 'gutter', start: at, end: at + 1, className: 'test-gutter', data: { 'data-test': 'yes' } },
            ]
          : [];
      },
    });
    publishForServerRender(stores);
    const html = renderToStaticMarkup(
      createElement(SessionProvider, {
        session: renderer,
        children: createElement(HexRows, { providers: [...decorationProviders, tested] }),
      }),
    );
    const cell = (offset: number) =>
      html.match(new RegExp(`<span[^>]*data-offset="${offset}"[^>]*data-testid="hex-byte"[^>]*>`))?.[0] ?? '';

    expect(asked).toBe(1);
    expect(cell(0x12)).toMatch(/class="[^"]*test-deco/);
    expect(cell(0x12)).toContain('title="tested"');
    expect(cell(0x13)).toMatch(/class="[^"]*test-deco/);
    expect(cell(0x14)).not.toContain('test-deco');
    expect(cell(0x11)).not.toContain('test-deco');
    expect(html).toMatch(/<span class="row-offset test-gutter" data-test="yes" role="rowheader" aria-label="Offset 00000010"/);
    expect(html.match(/test-gutter/g)).toHaveLength(1);
    // The app's own providers, through the same list: the bookmark, the leftovers, the heat of the row just written.
    expect(html).toMatch(/<span class="row-offset heat-\d" data-heat="\d" role="rowheader" aria-label="Offset 00000000"/);
    expect(cell(0x0f)).toContain('data-mark="1"');
    expect(cell(0x10)).not.toContain('data-mark');
    expect(cell(4)).not.toContain('after-string');
    expect(cell(6)).toMatch(/class="[^"]*after-string/);
    expect(cell(6)).toContain(`title="${AFTER_STRING_TITLE}"`);
  });
});
