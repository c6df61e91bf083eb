// Finding decorations by range, so no byte ever scans a whole list: providers
// look their items up by binary search, the view files each decoration under
// the visible rows it touches once per render, and a row resolves its cells
// from its own short list.
import type { Decoration, UnderlineDecoration, VisibleRange } from './types';
import { firstAtOrAfter } from '../lib/sorted';

export { firstAtOrAfter };

interface Interval {
  readonly start: number;
  readonly end: number;
}

/** The index of the first of `ranges` (ascending, disjoint) that ends after `offset`: ranges.length if none. */
export function firstRangeEndingAfter(ranges: readonly { offset: number; length: number }[], offset: number): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const r = ranges[mid]!;
    if (r.offset + r.length <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * An index over intervals that may overlap (bookmarks, a union's fields):
 * sorted by start with the running maximum of the ends, so a query walks only
 * back from the last interval starting before the range's end while an
 * earlier one can still reach into it. Answers in the items' own order.
 */
export function indexIntervals<T extends Interval>(items: readonly T[]): (start: number, end: number) => T[] {
  const order = items.map((_, i) => i).sort((a, b) => items[a]!.start - items[b]!.start || a - b);
  const reach: number[] = [];
  for (const i of order) reach.push(Math.max(reach[reach.length - 1] ?? -Infinity, items[i]!.end));
  const starts = order.map((i) => items[i]!.start);
  return (start, end) => {
    const hits: number[] = [];
    for (let k = firstAtOrAfter(starts, end) - 1; k >= 0 && reach[k]! > start; k--) {
      if (items[order[k]!]!.end > start) hits.push(order[k]!);
    }
    return hits.sort((a, b) => a - b).map((i) => items[i]!);
  };
}

/**
 * Each visible row's decorations, in priority order (the providers' order,
 * then each provider's own): every decoration is filed under the rows it
 * touches, once.
 */
export function decorationsByRow(lists: readonly (readonly Decoration[])[], range: VisibleRange): Map<number, Decoration[]> {
  const rows = new Map<number, Decoration[]>();
  const { bytesPerRow } = range;
  const firstRow = Math.floor(range.start / bytesPerRow);
  const endRow = Math.ceil(range.end / bytesPerRow);
  for (const list of lists) {
    for (const d of list) {
      const from = Math.max(firstRow, Math.floor(d.start / bytesPerRow));
      const to = Math.min(endRow, Math.ceil(d.end / bytesPerRow));
      for (let row = from; row < to; row++) {
        const offset = row * bytesPerRow;
        const found = rows.get(offset);
        if (found) found.push(d);
        else rows.set(offset, [d]);
      }
    }
  }
  return rows;
}

/** What a row's decorations make of each of its cells (indexed by column) and of its header. */
export interface ResolvedRow {
  /** The classes a cell adds, each after a space ('' for none). */
  readonly classes: string[];
  /** A cell's tooltip from its cell decorations. */
  readonly titles: (string | undefined)[];
  /** The underline that won a hex cell. */
  readonly underlines: (UnderlineDecoration | undefined)[];
  readonly gutterClass: string;
  readonly gutterData: Record<string, string>;
}

/** Resolves a row's decorations to its cells: the work follows the bytes they cover, never the decorations elsewhere. */
export function resolveRow(rowOffset: number, rowLength: number, decorations: readonly Decoration[]): ResolvedRow {
  const classes: string[] = new Array<string>(rowLength).fill('');
  const titles: (string | undefined)[] = new Array<string | undefined>(rowLength).fill(undefined);
  const underlines: (UnderlineDecoration | undefined)[] = new Array<UnderlineDecoration | undefined>(rowLength).fill(undefined);
  const layers = new Map<string, (true | undefined)[]>();
  let gutterClass = '';
  const gutterData: Record<string, string> = {};
  for (const d of decorations) {
    if (d.kind === 'gutter') {
      if (d.start < rowOffset + rowLength && d.end > rowOffset) {
        gutterClass = withClass(gutterClass, d.className);
        Object.assign(gutterData, d.data);
      }
      continue;
    }
    const from = Math.max(d.start, rowOffset) - rowOffset;
    const to = Math.min(d.end, rowOffset + rowLength) - rowOffset;
    if (d.kind === 'underline') {
      for (let i = from; i < to; i++) underlines[i] ??= d;
      continue;
    }
    const taken = d.layer === undefined ? undefined : layerOf(layers, d.layer);
    for (let i = from; i < to; i++) {
      if (taken) {
        if (taken[i]) continue;
        taken[i] = true;
      }
      classes[i] = withClass(classes[i]!, d.className);
      if (d.title !== undefined) titles[i] = withTitle(titles[i], d.title);
    }
  }
  return { classes, titles, underlines, gutterClass, gutterData };
}

function layerOf(layers: Map<string, (true | undefined)[]>, name: string): (true | undefined)[] {
  let taken = layers.get(name);
  if (!taken) layers.set(name, (taken = []));
  return taken;
}

/** Adds a class once: two Find matches over one byte still give it one 'find-match'. */
function withClass(classes: string, added: string): string {
  return ` ${classes} `.includes(` ${added} `) ? classes : `${classes} ${added}`;
}

function withTitle(title: string | undefined, added: string): string {
  if (title === undefined) return added;
  return title.split('; ').includes(added) ? title : `${title}; ${added}`;
}

/** Whether two rows' decoration lists show the same: compared by value, so a provider may build new objects each render. */
export function sameDecorations(a: readonly Decoration[] | undefined, b: readonly Decoration[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((d, i) => sameDecoration(d, b[i]!));
}

function sameDecoration(a: Decoration, b: Decoration): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind || a.start !== b.start || a.end !== b.end) return false;
  switch (a.kind) {
    case 'cells': {
      const c = b as typeof a;
      return a.className === c.className && a.title === c.title && a.layer === c.layer;
    }
    case 'underline': {
      const u = b as typeof a;
      return a.color === u.color && a.title === u.title;
    }
    case 'gutter': {
      const g = b as typeof a;
      return a.className === g.className && sameData(a.data, g.data);
    }
  }
}

function sameData(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
