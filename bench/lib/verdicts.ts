// Whether a bench goal holds: the comparisons every measurement's goals use,
// in one pure place so tests/bench/verdicts.test.ts can feed them figures
// that miss each goal (a verdict forced to `holds: true` once survived).
// A figure that is missing or not a finite number never holds.

function measured(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A cost goal: the figure is at most `limit` (CPU %, ms, MiB). */
export function atMost(value: number | null | undefined, limit: number): boolean {
  return measured(value) && value <= limit;
}

/** A throughput goal: the figure is at least `floor`. */
export function atLeast(value: number | null | undefined, floor: number): boolean {
  return measured(value) && value >= floor;
}

/** A peer goal: `ours` is within `factor` times `reference` (both costs, reference > 0). */
export function withinFactor(ours: number, reference: number, factor: number): boolean {
  return measured(reference) && reference > 0 && atMost(ours / reference, factor);
}

/** A goal over a floor: `ours` is at most `margin` above `floor` (both measured; e.g. ms above the frame-wait floor). */
export function withinMargin(ours: number | null | undefined, floor: number | null | undefined, margin: number): boolean {
  return measured(ours) && measured(floor) && ours - floor <= margin;
}

/** A flatness goal: the largest of `values` is within `factor` times the smallest (all > 0). */
export function flatWithin(values: readonly number[], factor: number): boolean {
  if (values.length === 0 || !values.every((value) => measured(value) && value > 0)) return false;
  return Math.max(...values) / Math.min(...values) <= factor;
}

/** A correctness goal: something was checked and nothing was wrong. */
export function noneWrong(wrong: number, checked: number): boolean {
  return wrong === 0 && checked > 0;
}
