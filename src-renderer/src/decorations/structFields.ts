// The Struct overlay's fields: each leaf field's bytes coloured (neighbours
// differ) and named in their tooltip.
import { useMemo } from 'react';
import { fieldLeaves } from '../lib/structFields';
import { useStruct } from '../sessionContext';
import { indexIntervals } from './intervals';
import { decorationProvider, type CellDecoration } from './types';

export const structFieldDecorations = decorationProvider({
  name: 'struct-fields',
  useSource() {
    const layout = useStruct((s) => s.layout);
    const base = useStruct((s) => s.base);
    return useMemo(() => {
      if (!layout?.ok || base === null) return null;
      const fields: CellDecoration[] = fieldLeaves(layout.root, base).map((leaf, index) => ({
        kind: 'cells',
        start: leaf.start,
        end: leaf.end,
        className: `struct-field struct-field-${index % 4}`,
        title: `struct field ${leaf.name}`,
        // A union's members overlap: a byte shows the first of them.
        layer: 'struct-field',
      }));
      return indexIntervals(fields);
    }, [layout, base]);
  },
  decorate: (fieldsIn, range) => fieldsIn?.(range.start, range.end) ?? [],
});
