// Bytes that differ from something else: a compared file (Files panel) or
// the baseline (History panel). One kind of decoration, from two sources,
// each with its own look: sorted, disjoint ranges found by binary search.
import { useFiles, useTimeline } from '../sessionContext';
import { firstRangeEndingAfter } from './intervals';
import { decorationProvider, type CellDecoration, type DecorationProvider, type ScrollbarMark } from './types';

interface ByteRanges {
  readonly ranges: readonly { offset: number; length: number }[];
}

/** At most this many marks are drawn; nearby ones merge beyond it. */
const MAX_MARKS = 400;

function differencesFrom(
  name: string,
  useRanges: () => ByteRanges['ranges'] | null,
  look: { className: string; markKind?: string },
): DecorationProvider {
  return decorationProvider({
    name,
    useSource: useRanges,
    decorate(ranges, range) {
      if (!ranges) return [];
      const shown: CellDecoration[] = [];
      for (let i = firstRangeEndingAfter(ranges, range.start); i < ranges.length && ranges[i]!.offset < range.end; i++) {
        const { offset, length } = ranges[i]!;
        shown.push({ kind: 'cells', start: offset, end: offset + length, className: look.className });
      }
      return shown;
    },
    marks: look.markKind === undefined ? undefined : (ranges, { size }) => toMarks(ranges ?? [], size, look.markKind!),
  });
}

/** Differences from the file compared in the Files panel: outlined. */
export const comparedFileDecorations = differencesFrom('compared-file', () => useFiles((s) => s.comparison?.ranges ?? null), {
  className: 'diff-range',
});

/** Differences from the baseline taken in the History panel: highlighted, and marked on the scrollbar. */
export const baselineDecorations = differencesFrom('baseline', () => useTimeline((s) => s.differences?.ranges ?? null), {
  className: 'differs',
  markKind: 'differs',
});

/** Ranges as scrollbar marks, merging those closer than a mark's height apart. */
export function toMarks(ranges: readonly { offset: number; length: number }[], size: number, kind: string): ScrollbarMark[] {
  const marks: ScrollbarMark[] = [];
  const minGap = 1 / MAX_MARKS;
  for (const { offset, length } of ranges) {
    const at = offset / size;
    const end = (offset + length) / size;
    const last = marks[marks.length - 1];
    if (last && at - (last.at + last.span) < minGap) last.span = Math.max(last.span, end - last.at);
    else marks.push({ at, span: end - at, kind });
  }
  return marks;
}
