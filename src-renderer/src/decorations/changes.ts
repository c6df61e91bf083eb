// Where the block changes: each visible row's heat (how often it changed in
// the last seconds, a colour in its offset header) and the regions changed
// anywhere in the block, marked on the scrollbar. The heat and a changed
// byte's own flash follow every write, so they are not decorations the rows
// render for: the row draws them as it renders, and the hex view's patcher
// (components/hexPatcher.ts) keeps them current between renders, outside
// React. This provider is the scrollbar's marks alone.
import { useTimeline } from '../sessionContext';
import type { TimelineState } from '../stores/timeline';
import { toMarks } from './differences';
import { decorationProvider } from './types';

/** The heat's levels: 0 cold .. HEAT_LEVELS hot. */
export const HEAT_LEVELS = 4;

/** 0 cold .. 4 hot: 1, 2-3, 4-7, 8+ changes in the heat window. */
export function heatLevel(count: number): number {
  return count === 0 ? 0 : Math.min(HEAT_LEVELS, Math.floor(Math.log2(count)) + 1);
}

/**
 * The heat level of each row in [start, end) (row-aligned `start`), in one
 * pass over the recent changes: index 0 is the row at `start`.
 */
export function rowHeats(recent: TimelineState['recent'], start: number, end: number, bytesPerRow: number): number[] {
  const rows = Math.max(0, Math.ceil((end - start) / bytesPerRow));
  const counts = new Array<number>(rows).fill(0);
  for (const r of recent) {
    if (r.end <= start || r.start >= end) continue;
    const first = Math.floor((Math.max(r.start, start) - start) / bytesPerRow);
    const last = Math.floor((Math.min(r.end, end) - 1 - start) / bytesPerRow);
    for (let row = first; row <= last; row++) counts[row]!++;
  }
  return counts.map(heatLevel);
}

export const changeDecorations = decorationProvider({
  name: 'changes',
  useSource: () => null,
  decorate: () => [],
  useMarkSource: () => useTimeline((s) => s.changedRegions),
  marks: (changedRegions, { size }) => toMarks(changedRegions, size, 'changed'),
});
