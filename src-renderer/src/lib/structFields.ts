// Which Struct overlay field a byte belongs to, for the hex view's colouring
// and tooltips: the layout's leaf fields as sorted ranges, looked up by binary search.
import { structRows, type RecordType } from '../../../src-shared/lib/struct';

export interface FieldHit {
  /** "quote.bid", "symbol". */
  name: string;
  /** The field's place among the leaves, so neighbours get different colours. */
  index: number;
}

export type FieldAt = (offset: number) => FieldHit | null;

/** A leaf field's bytes [start, end) at `base`, and its path. */
export interface FieldLeaf {
  start: number;
  end: number;
  name: string;
}

/** The layout's leaf fields at `base`, sorted by where they start. */
export function fieldLeaves(root: RecordType, base: number): FieldLeaf[] {
  return structRows(root)
    .filter((row) => row.hasValue && row.size > 0)
    .map((row) => ({ start: base + row.offset, end: base + row.offset + row.size, name: row.path }))
    .sort((a, b) => a.start - b.start);
}

export function fieldLookup(root: RecordType, base: number): FieldAt {
  const leaves = fieldLeaves(root, base);
  return (offset) => {
    let low = 0;
    let high = leaves.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const leaf = leaves[mid]!;
      if (offset < leaf.start) high = mid - 1;
      else if (offset >= leaf.end) low = mid + 1;
      else return { name: leaf.name, index: mid };
    }
    return null;
  };
}
