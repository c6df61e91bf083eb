// The hex view's decorations (src-renderer/src/decorations): the interval
// lookups every provider and row use (a bookmark at a row's edge, overlapping
// decorations, priority order, a query that reads only what it finds).
import { describe, expect, it } from 'vitest';
import { decorationsByRow, indexIntervals, resolveRow, sameDecorations } from '../../src-renderer/src/decorations/intervals';
import type { Decoration } from '../../src-renderer/src/decorations/types';

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
