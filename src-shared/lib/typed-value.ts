// One typed value at an offset, followed through changed byte ranges: the
// Plot panel's series and `shm-inspector watch --type` share it, so both read
// the same bytes as the same number (decoded by the value scan's decoder,
// scan-value.ts, as the data inspector reads them). Pure: no Node, no DOM.
import type { ByteRange, NumberType } from '../contract';
import { decodeScanValue, scanTypeWidth } from './scan-value';

export type Endianness = 'little' | 'big';

export interface TypedValueSpec {
  offset: number;
  type: NumberType;
  endianness: Endianness;
}

/** Bytes the value takes. */
export function typedValueWidth(spec: Pick<TypedValueSpec, 'type'>): number {
  return scanTypeWidth(spec.type);
}

/**
 * Copies the part of `range` that overlaps the value into `bytes` (the value's
 * bytes, `typedValueWidth` long). Returns whether any of the value's bytes changed.
 */
export function overlayRange(spec: TypedValueSpec, bytes: Uint8Array, range: ByteRange): boolean {
  const start = Math.max(spec.offset, range.offset);
  const end = Math.min(spec.offset + bytes.length, range.offset + range.bytes.length);
  let changed = false;
  for (let at = start; at < end; at++) {
    const next = range.bytes[at - range.offset]!;
    if (bytes[at - spec.offset] !== next) {
      bytes[at - spec.offset] = next;
      changed = true;
    }
  }
  return changed;
}

/** The value its bytes hold: exact (bigint for 64-bit integers). */
export function decodeTypedValue(spec: TypedValueSpec, bytes: Uint8Array): number | bigint {
  return decodeScanValue(bytes, spec.type, spec.endianness);
}

/** The value as a plain number, as a chart draws it (64-bit integers past 2^53 round to the nearest double). */
export function typedValueNumber(spec: TypedValueSpec, bytes: Uint8Array): number {
  return Number(decodeTypedValue(spec, bytes));
}

/** "u32" or "u32 BE": how a series or a CLI line names the type (little endian is the default). */
export function typedValueTypeLabel(spec: Pick<TypedValueSpec, 'type' | 'endianness'>): string {
  return spec.endianness === 'big' && spec.type !== 'u8' && spec.type !== 'i8' ? `${spec.type} BE` : spec.type;
}
