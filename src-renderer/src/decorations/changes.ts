// Where the block changes: each visible row's heat (how often it changed in
// the last seconds, a colour in its offset header) and the regions changed
// anywhere in the block, marked on the scrollbar. A changed byte's own flash
// is the row's (it follows the bytes, not a feature).
import { useTimeline } from '../sessionContext';
import { heatOf } from '../stores/timeline';
import { toMarks } from './differences';
import { decorationProvider, type GutterDecoration } from './types';

/** 0 cold .. 4 hot: 1, 2-3, 4-7, 8+ changes in the heat window. */
function heatLevel(count: number): number {
  return count === 0 ? 0 : Math.min(4, Math.floor(Math.log2(count)) + 1);
}

export const changeDecorations = decorationProvider({
  name: 'changes',
  useSource: () => useTimeline((s) => s.recent),
  decorate(recent, { start, end, bytesPerRow }) {
    const rows: GutterDecoration[] = [];
    if (recent.length === 0) return rows;
    for (let row = start - (start % bytesPerRow); row < end; row += bytesPerRow) {
      const level = heatLevel(heatOf(recent, row, row + bytesPerRow));
      if (level > 0)
        rows.push({ kind: 'gutter', start: row, end: row + bytesPerRow, className: `heat-${level}`, data: { 'data-heat': String(level) } });
    }
    return rows;
  },
  useMarkSource: () => useTimeline((s) => s.changedRegions),
  marks: (changedRegions, { size }) => toMarks(changedRegions, size, 'changed'),
});
