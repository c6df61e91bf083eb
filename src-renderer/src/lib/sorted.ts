// Binary search over ascending offsets, shared by Find's stepping and the
// hex view's decorations.

/** The index of the first of `sorted` (ascending) at or after `value`: sorted.length if none. */
export function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
