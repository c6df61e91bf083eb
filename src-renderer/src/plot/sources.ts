// The things a series can come from, as series requests: a bookmark read as a
// number, a scan candidate or watch-list entry (the scan's type), a Struct
// field (its C type) and the data inspector's cursor (the chosen type).
import type { NumberType, ScanStatus } from '../contract';
import type { Bookmark } from '../lib/bookmarkFile';
import type { WatchEntry } from '../stores/scan';
import type { SeriesRequest } from './series';

/** A bookmark read as the unsigned integer of its length (1, 2, 4 or 8 bytes), otherwise as a u32 at its start. */
export function bookmarkRequest(bookmark: Bookmark): SeriesRequest {
  const length = bookmark.end - bookmark.start + 1;
  const type: NumberType = length === 1 ? 'u8' : length === 2 ? 'u16' : length === 8 ? 'u64' : 'u32';
  return { offset: bookmark.start, type, endianness: 'little', label: bookmark.name, source: 'bookmark' };
}

/** A scan candidate at `offset`, read as the scan reads it. */
export function scanCandidateRequest(status: ScanStatus, offset: number): SeriesRequest {
  return { offset, type: status.type, endianness: status.endianness, source: 'scan' };
}

export function watchEntryRequest(entry: WatchEntry): SeriesRequest {
  return { offset: entry.offset, type: entry.type, endianness: entry.endianness, source: 'scan' };
}

/** A Struct field (`type` as the Struct store's editorFor reads its C type), named by its path. */
export function structFieldRequest(offset: number, type: NumberType, littleEndian: boolean, path: string): SeriesRequest {
  return { offset, type, endianness: littleEndian ? 'little' : 'big', label: path || '(struct)', source: 'struct' };
}

/** Colours of the eight series: distinct in hue and lightness, so neighbours differ for most colour vision too. */
export const SERIES_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#17becf', '#8c564b', '#e377c2'] as const;
