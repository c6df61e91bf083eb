// What a plotted series is, how its past is rebuilt from the History, and its
// statistics. The value itself is read by src-shared/lib/typed-value.ts, the
// code `shm-inspector watch --type` uses too.
import type { HistoryEntry, NumberType } from '../contract';
import {
  overlayRange,
  typedValueNumber,
  typedValueTypeLabel,
  type Endianness,
  type TypedValueSpec,
} from '../../../src-shared/lib/typed-value';
import type { PointArrays } from './ring';

/** Where a series came from (the control that added it). */
export type SeriesSource = 'inspector' | 'struct' | 'bookmark' | 'scan' | 'form';

export interface SeriesRequest {
  offset: number;
  type: NumberType;
  endianness: Endianness;
  /** Its name in the legend and the table; a default names its type and offset. */
  label?: string;
  source: SeriesSource;
}

export interface SeriesInfo extends TypedValueSpec {
  id: string;
  label: string;
  source: SeriesSource;
  /** true until its past is loaded from the History. */
  loading: boolean;
  /** Why its past or its value could not be read; it still records what arrives. */
  error: string | null;
}

export interface SeriesStats {
  count: number;
  min: number;
  max: number;
  /** Of the recorded samples (one per change), not weighted by how long each value held. */
  mean: number;
  last: number;
  lastTime: number;
}

export function defaultLabel(request: SeriesRequest): string {
  return `${typedValueTypeLabel(request)} @ 0x${request.offset.toString(16)}`;
}

/** Same offset, type and byte order: the same line. */
export function sameValue(a: TypedValueSpec, b: TypedValueSpec): boolean {
  return a.offset === b.offset && a.type === b.type && a.endianness === b.endianness;
}

/**
 * The series' points from the History's changes (oldest first) and its bytes
 * after the newest of them: walking back, each change's `before` bytes undo it.
 * A point at `completeSince` holds the value before the oldest change.
 */
export function pastPoints(
  spec: TypedValueSpec,
  entries: readonly HistoryEntry[],
  bytesAtNewest: Uint8Array,
  completeSince: number,
): PointArrays {
  const state = bytesAtNewest.slice();
  const withStart = Number.isFinite(completeSince) && entries.length > 0 && completeSince < entries[0]!.time;
  const count = entries.length + (withStart ? 1 : 0);
  const times = new Float64Array(count);
  const values = new Float64Array(count);
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    const at = i + (withStart ? 1 : 0);
    times[at] = entry.time;
    values[at] = typedValueNumber(spec, state);
    overlayRange(spec, state, { offset: entry.offset, bytes: entry.before });
  }
  if (withStart) {
    times[0] = completeSince;
    values[0] = typedValueNumber(spec, state);
  }
  return { times, values };
}

/** Min, max, mean and last of a series' points; null when it has none. */
export function seriesStats({ times, values }: PointArrays): SeriesStats | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
    sum += value;
  }
  const last = values.length - 1;
  return { count: values.length, min, max, mean: sum / values.length, last: values[last]!, lastTime: times[last]! };
}
