// Find's matches: each match's bytes highlighted, and a tick on the
// scrollbar per row holding one (bucketed, so at most a few hundred).
import { useFind } from '../sessionContext';
import { findMarkRows } from '../stores/find';
import { firstAtOrAfter } from './intervals';
import { decorationProvider, type CellDecoration } from './types';

export const findMatchDecorations = decorationProvider({
  name: 'find-matches',
  useSource: () => useFind((s) => s.matches),
  decorate(matches, range) {
    if (!matches) return [];
    const { offsets, patternLength } = matches;
    const shown: CellDecoration[] = [];
    for (let i = firstAtOrAfter(offsets, range.start - patternLength + 1); i < offsets.length && offsets[i]! < range.end; i++) {
      shown.push({ kind: 'cells', start: offsets[i]!, end: offsets[i]! + patternLength, className: 'find-match' });
    }
    return shown;
  },
  marks(matches, { bytesPerRow, totalRows }) {
    return findMarkRows(matches, bytesPerRow, totalRows).map((row) => ({ at: row / totalRows, span: 1 / totalRows, kind: 'match' }));
  },
});
