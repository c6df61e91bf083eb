// What the timeline adds to the hex view, as small hooks the view calls: the
// frozen bytes to show instead of the live window, each row's change heat and
// the differences to highlight, and the scrollbar's marks.
import { useMemo } from 'react';
import { useTimeline } from '../sessionContext';
import { heatOf, type MarkedRange } from '../stores/timeline';
import type { ScrollbarMark } from './HexScrollbar';

/** At most this many marks are drawn; nearby ones merge beyond it. */
const MAX_MARKS = 400;

/** A byte getter over the frozen bytes while the view is paused or in the past; null when live. */
export function useShownBytes(): ((offset: number) => number | undefined) | null {
  const frozen = useTimeline((s) => s.frozen);
  return useMemo(() => {
    if (!frozen) return null;
    return (offset: number) => {
      const i = offset - frozen.offset;
      return i >= 0 && i < frozen.bytes.length ? frozen.bytes[i] : undefined;
    };
  }, [frozen]);
}

/** Each row's heat level (0 cold .. 4 hot: 1, 2-3, 4-7, 8+ changes in the last 10 s) and whether a byte differs from the baseline. */
export function useRowHeat(): { heatOf: (start: number, end: number) => number; differs: ((offset: number) => boolean) | undefined } {
  const recent = useTimeline((s) => s.recent);
  const differences = useTimeline((s) => s.differences);
  // Two memos: the heat moves with every change, the differences seldom, and the rows re-render when a callback they get is new.
  const level = useMemo(
    () => (start: number, end: number) => {
      const count = heatOf(recent, start, end);
      return count === 0 ? 0 : Math.min(4, Math.floor(Math.log2(count)) + 1);
    },
    [recent],
  );
  const differs = useMemo(() => {
    const ranges = differences?.ranges ?? [];
    return ranges.length === 0 ? undefined : (offset: number) => inRanges(ranges, offset);
  }, [differences]);
  return { heatOf: level, differs };
}

/** Marks for changes anywhere in the block and for differences from the baseline, as fractions of the block. */
export function useScrollbarMarks(size: number): ScrollbarMark[] {
  const changed = useTimeline((s) => s.changedRegions);
  const differences = useTimeline((s) => s.differences);
  return useMemo(() => {
    if (size === 0) return [];
    return [...toMarks(changed, size, 'changed'), ...toMarks(differences?.ranges ?? [], size, 'differs')];
  }, [changed, differences, size]);
}

function toMarks(ranges: readonly MarkedRange[], size: number, kind: ScrollbarMark['kind']): ScrollbarMark[] {
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

/** Binary search over sorted, disjoint ranges. */
function inRanges(ranges: readonly MarkedRange[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = ranges[mid]!;
    if (offset < r.offset) hi = mid - 1;
    else if (offset >= r.offset + r.length) lo = mid + 1;
    else return true;
  }
  return false;
}
