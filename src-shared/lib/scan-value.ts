// A value scan's value read from bytes: shared by the core (candidates) and the
// window (its watch list). Pure: no Node API.
import type { ScanType } from '../contract';

export function scanTypeWidth(type: ScanType): 1 | 2 | 4 | 8 {
  return (Number(type.slice(1)) / 8) as 1 | 2 | 4 | 8;
}

/** The value a type's bytes hold (`bytes` holds at least the type's width); bigint for 64-bit integers. */
export function decodeScanValue(bytes: Uint8Array, type: ScanType, endianness: 'little' | 'big'): number | bigint {
  const little = endianness === 'little';
  const view = new DataView(bytes.buffer, bytes.byteOffset, scanTypeWidth(type));
  switch (type) {
    case 'i8':
      return view.getInt8(0);
    case 'u8':
      return view.getUint8(0);
    case 'i16':
      return view.getInt16(0, little);
    case 'u16':
      return view.getUint16(0, little);
    case 'i32':
      return view.getInt32(0, little);
    case 'u32':
      return view.getUint32(0, little);
    case 'i64':
      return view.getBigInt64(0, little);
    case 'u64':
      return view.getBigUint64(0, little);
    case 'f32':
      return view.getFloat32(0, little);
    case 'f64':
      return view.getFloat64(0, little);
  }
}
