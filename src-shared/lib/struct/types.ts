// Types of the Struct overlay and C's rules for their size and alignment.

/** How a scalar's bytes are read. */
export type ScalarKind = 'signed' | 'unsigned' | 'float' | 'bool' | 'char' | 'char16' | 'char32' | 'pointer' | 'opaque';

export type CType =
  | { kind: 'scalar'; name: string; scalar: ScalarKind; size: number; align: number }
  | { kind: 'array'; element: CType; length: number; size: number; align: number }
  | { kind: 'record'; union: boolean; name: string | null; fields: FieldLayout[]; size: number; align: number; incomplete?: true };

export type RecordType = Extract<CType, { kind: 'record' }>;

export interface FieldLayout {
  name: string;
  /** Bytes from the start of the enclosing record. */
  offset: number;
  type: CType;
}

/** LP64: Linux, macOS (long and pointers 8 bytes). LLP64: Windows (long 4 bytes, wchar_t 2). */
export type DataModel = 'lp64' | 'llp64';

type Scalar = Extract<CType, { kind: 'scalar' }>;

const scalar = (name: string, kind: ScalarKind, size: number, align = size): Scalar => ({
  kind: 'scalar',
  name,
  scalar: kind,
  size,
  align,
});

/** The named scalar types (after normalising multi-word names like "unsigned long int"). */
export function scalarTypes(model: DataModel): Map<string, Scalar> {
  const long = model === 'lp64' ? 8 : 4;
  const list: Scalar[] = [
    scalar('char', 'char', 1),
    scalar('signed char', 'signed', 1),
    scalar('unsigned char', 'unsigned', 1),
    scalar('_Bool', 'bool', 1),
    scalar('bool', 'bool', 1),
    scalar('short', 'signed', 2),
    scalar('unsigned short', 'unsigned', 2),
    scalar('int', 'signed', 4),
    scalar('unsigned int', 'unsigned', 4),
    scalar('long', 'signed', long),
    scalar('unsigned long', 'unsigned', long),
    scalar('long long', 'signed', 8),
    scalar('unsigned long long', 'unsigned', 8),
    scalar('float', 'float', 4),
    scalar('double', 'float', 8),
    scalar('long double', 'opaque', model === 'lp64' ? 16 : 8),
    scalar('int8_t', 'signed', 1),
    scalar('uint8_t', 'unsigned', 1),
    scalar('int16_t', 'signed', 2),
    scalar('uint16_t', 'unsigned', 2),
    scalar('int32_t', 'signed', 4),
    scalar('uint32_t', 'unsigned', 4),
    scalar('int64_t', 'signed', 8),
    scalar('uint64_t', 'unsigned', 8),
    scalar('intptr_t', 'signed', 8),
    scalar('uintptr_t', 'unsigned', 8),
    scalar('size_t', 'unsigned', 8),
    scalar('ssize_t', 'signed', 8),
    scalar('ptrdiff_t', 'signed', 8),
    scalar('char8_t', 'char', 1),
    scalar('char16_t', 'char16', 2),
    scalar('char32_t', 'char32', 4),
    scalar('wchar_t', model === 'lp64' ? 'char32' : 'char16', model === 'lp64' ? 4 : 2),
    scalar('BYTE', 'unsigned', 1),
    scalar('WORD', 'unsigned', 2),
    scalar('DWORD', 'unsigned', 4),
    scalar('QWORD', 'unsigned', 8),
  ];
  return new Map(list.map((t) => [t.name, t]));
}

export function pointerType(model: DataModel, target: string): Scalar {
  void model; // both models have 8-byte pointers on 64-bit targets
  return scalar(`${target} *`, 'pointer', 8);
}

const KEYWORDS = ['signed', 'unsigned', 'short', 'long', 'int', 'char', 'float', 'double', '_Bool'] as const;
type Keyword = (typeof KEYWORDS)[number];

export function isTypeKeyword(word: string): boolean {
  return (KEYWORDS as readonly string[]).includes(word);
}

/** The canonical name of C type keywords in any order ("long unsigned int"), or null if they do not make a type. */
export function normaliseKeywords(words: string[]): string | null {
  const n = Object.fromEntries(KEYWORDS.map((k) => [k, 0])) as Record<Keyword, number>;
  for (const word of words) {
    if (!isTypeKeyword(word)) return null;
    n[word as Keyword]++;
  }
  if (n.long > 2 || KEYWORDS.some((k) => k !== 'long' && n[k] > 1) || n.signed + n.unsigned > 1) return null;
  const sign = n.unsigned ? 'unsigned ' : '';
  const others = (...allowed: Keyword[]): number => KEYWORDS.filter((k) => !allowed.includes(k)).reduce((sum, k) => sum + n[k], 0);
  if (n.char) return others('char', 'signed', 'unsigned') ? null : n.signed ? 'signed char' : `${sign}char`;
  if (n.float || n._Bool) return others('float', '_Bool') || n.float + n._Bool > 1 ? null : n.float ? 'float' : '_Bool';
  if (n.double) return others('double', 'long') || n.long > 1 ? null : n.long ? 'long double' : 'double';
  if (n.short) return others('short', 'int', 'signed', 'unsigned') ? null : `${sign}short`;
  return `${sign}${n.long === 2 ? 'long long' : n.long === 1 ? 'long' : 'int'}`;
}

export function alignUp(value: number, align: number): number {
  return Math.ceil(value / align) * align;
}

/** Elements of an array the Struct panel shows rows for (the first ones). */
export const MAX_ELEMENT_ROWS = 256;

/** Arrays of char, char16_t and char32_t: one row, their text. */
export function isTextArray(type: CType): boolean {
  return type.kind === 'array' && type.element.kind === 'scalar' && ['char', 'char16', 'char32'].includes(type.element.scalar);
}
