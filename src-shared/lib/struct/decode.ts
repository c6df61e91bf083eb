// A laid-out struct as the rows the Struct panel shows, with their values
// decoded from the block's bytes in a chosen byte order.
//
//   structRows(root)                           -> StructRow[]  (path, offset, size, type, depth)
//   decodeStruct(root, bytes, littleEndian)    -> DecodedRow[] (the rows plus `value`)
//
// Arrays of char, char16_t and char32_t read as one string (to the first
// NUL); other arrays give a row per element (the first 256). Offsets are from
// the start of the struct: add the overlay's base offset for block offsets.
// A row whose bytes lie past the end of `bytes` gets the value "(past the end)".
import { typeName } from './parser';
import { isTextArray, MAX_ELEMENT_ROWS, type CType, type RecordType } from './types';

export { MAX_ELEMENT_ROWS };

export interface StructRow {
  /** "quote.symbol", "levels[2].price"; '' for the root. */
  path: string;
  offset: number;
  size: number;
  type: string;
  depth: number;
  /** Scalars and strings have a value; records and arrays of records are headings. */
  hasValue: boolean;
}

export interface DecodedRow extends StructRow {
  value: string;
}

export function structRows(root: RecordType): StructRow[] {
  const rows: StructRow[] = [];
  const visit = (type: CType, path: string, offset: number, depth: number): void => {
    const hasValue = type.kind === 'scalar' || isTextArray(type);
    rows.push({ path, offset, size: type.size, type: typeName(type), depth, hasValue });
    if (hasValue) return;
    if (type.kind === 'record') {
      for (const field of type.fields) {
        // An anonymous member's fields belong to the parent's path.
        const childPath = field.name === '' ? path : path ? `${path}.${field.name}` : field.name;
        visit(field.type, childPath, offset + field.offset, depth + 1);
      }
    } else if (type.kind === 'array') {
      for (let i = 0; i < Math.min(type.length, MAX_ELEMENT_ROWS); i++) {
        visit(type.element, `${path}[${i}]`, offset + i * type.element.size, depth + 1);
      }
    }
  };
  visit(root, '', 0, 0);
  return rows;
}

function scalarValue(type: Extract<CType, { kind: 'scalar' }>, bytes: Uint8Array, little: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const unsigned = (): bigint => {
    let value = 0n;
    for (let i = 0; i < type.size; i++) value |= BigInt(bytes[little ? i : type.size - 1 - i]!) << BigInt(8 * i);
    return value;
  };
  switch (type.scalar) {
    case 'unsigned':
      return unsigned().toString();
    case 'signed':
      return BigInt.asIntN(type.size * 8, unsigned()).toString();
    case 'float':
      return String(type.size === 4 ? view.getFloat32(0, little) : view.getFloat64(0, little));
    case 'bool':
      return bytes[0] === 0 ? 'false' : bytes[0] === 1 ? 'true' : `true (${bytes[0]})`;
    case 'char': {
      const b = bytes[0]!;
      return b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}' (${b})` : String(b);
    }
    case 'char16':
    case 'char32': {
      const code = Number(unsigned());
      const printable = code >= 0x20 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
      return printable ? `'${String.fromCodePoint(code)}' (U+${code.toString(16).toUpperCase().padStart(4, '0')})` : String(code);
    }
    case 'pointer':
      return (
        '0x' +
        unsigned()
          .toString(16)
          .toUpperCase()
          .padStart(type.size * 2, '0')
      );
    case 'opaque':
      return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
  }
}

function textValue(type: Extract<CType, { kind: 'array' }>, bytes: Uint8Array, little: boolean): string {
  const element = type.element as Extract<CType, { kind: 'scalar' }>;
  const units: number[] = [];
  for (let i = 0; i < type.length; i++) {
    let unit = 0;
    for (let b = 0; b < element.size; b++) unit += bytes[i * element.size + (little ? b : element.size - 1 - b)]! * 2 ** (8 * b);
    if (unit === 0) break;
    units.push(unit);
  }
  if (element.scalar === 'char') return JSON.stringify(new TextDecoder('utf-8').decode(Uint8Array.from(units)));
  if (element.scalar === 'char16') return JSON.stringify(fromCharCodes(units));
  return JSON.stringify(units.map((u) => (u <= 0x10ffff ? String.fromCodePoint(u) : '\uFFFD')).join(''));
}

/** UTF-16 units as a string, a slice at a time (spreading 500,000 arguments overflows the stack). */
function fromCharCodes(units: number[]): string {
  let text = '';
  for (let i = 0; i < units.length; i += 0x4000) text += String.fromCharCode(...units.slice(i, i + 0x4000));
  return text;
}

/** Every row with its value read from `bytes` (the struct's bytes, from its base offset). */
export function decodeStruct(root: RecordType, bytes: Uint8Array, littleEndian: boolean): DecodedRow[] {
  const types = new Map<string, CType>();
  const collect = (type: CType, path: string): void => {
    types.set(path, type);
    if (type.kind === 'record') for (const f of type.fields) collect(f.type, f.name === '' ? path : path ? `${path}.${f.name}` : f.name);
    else if (type.kind === 'array' && !isTextArray(type))
      for (let i = 0; i < Math.min(type.length, MAX_ELEMENT_ROWS); i++) collect(type.element, `${path}[${i}]`);
  };
  collect(root, '');
  return structRows(root).map((row) => {
    if (!row.hasValue) return { ...row, value: '' };
    if (row.offset + row.size > bytes.length) return { ...row, value: '(past the end)' };
    const type = types.get(row.path)!;
    const slice = bytes.subarray(row.offset, row.offset + row.size);
    const value =
      type.kind === 'scalar'
        ? scalarValue(type, slice, littleEndian)
        : textValue(type as Extract<CType, { kind: 'array' }>, slice, littleEndian);
    return { ...row, value };
  });
}
