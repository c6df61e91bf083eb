// Decodes one hex row's bytes for the text column. UTF-16LE is the seed's
// layout (one character per two bytes); ASCII and UTF-8 show one cell per byte.
// Unprintable values show as '.', like every hex editor.

export type TextEncoding = 'utf16le' | 'ascii' | 'utf8';

export const ENCODINGS: readonly { value: TextEncoding; label: string }[] = [
  { value: 'utf16le', label: 'UTF-16LE' },
  { value: 'ascii', label: 'ASCII' },
  { value: 'utf8', label: 'UTF-8' },
];

export interface TextCell {
  /** The first byte this character comes from. */
  offset: number;
  /** How many bytes the cell stands for in the row (2 for UTF-16, 1 otherwise). */
  span: number;
  char: string;
  /** false for '.' placeholders and continuation bytes. */
  printable: boolean;
}

/** Returns the byte at an absolute offset, or undefined when it is not loaded. */
export type ByteSource = (offset: number) => number | undefined;

const UNKNOWN = ' ';

export function decodeRow(get: ByteSource, rowOffset: number, rowLength: number, encoding: TextEncoding): TextCell[] {
  switch (encoding) {
    case 'utf16le':
      return decodeUtf16Row(get, rowOffset, rowLength);
    case 'ascii':
      return decodeAsciiRow(get, rowOffset, rowLength);
    case 'utf8':
      return decodeUtf8Row(get, rowOffset, rowLength);
  }
}

function isPrintableCodePoint(cp: number): boolean {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if (cp === 0xfffe || cp === 0xffff) return false;
  return true;
}

function unit16(get: ByteSource, offset: number): number | undefined {
  const lo = get(offset);
  const hi = get(offset + 1);
  return lo === undefined || hi === undefined ? undefined : lo | (hi << 8);
}

function decodeUtf16Row(get: ByteSource, rowOffset: number, rowLength: number): TextCell[] {
  const cells: TextCell[] = [];
  for (let at = rowOffset; at < rowOffset + rowLength; at += 2) {
    const span = Math.min(2, rowOffset + rowLength - at);
    const unit = span === 2 ? unit16(get, at) : undefined;
    if (unit === undefined) {
      cells.push({ offset: at, span, char: get(at) === undefined ? UNKNOWN : '.', printable: false });
      continue;
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = unit16(get, at + 2);
      if (low !== undefined && low >= 0xdc00 && low <= 0xdfff) {
        // The pair's character shows on its high half; the low half is a continuation.
        cells.push({ offset: at, span, char: String.fromCharCode(unit, low), printable: true });
        continue;
      }
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) {
      const high = unit16(get, at - 2);
      if (high !== undefined && high >= 0xd800 && high <= 0xdbff) {
        cells.push({ offset: at, span, char: '\u00a0', printable: false });
        continue;
      }
    }
    const printable = isPrintableCodePoint(unit);
    cells.push({ offset: at, span, char: printable ? String.fromCharCode(unit) : '.', printable });
  }
  return cells;
}

function decodeAsciiRow(get: ByteSource, rowOffset: number, rowLength: number): TextCell[] {
  const cells: TextCell[] = [];
  for (let at = rowOffset; at < rowOffset + rowLength; at++) {
    const b = get(at);
    const printable = b !== undefined && b >= 0x20 && b < 0x7f;
    cells.push({ offset: at, span: 1, char: b === undefined ? UNKNOWN : printable ? String.fromCharCode(b) : '.', printable });
  }
  return cells;
}

/** The UTF-8 sequence starting at `offset`, if it is a valid one. */
export function utf8SequenceAt(get: ByteSource, offset: number): { codePoint: number; length: number } | null {
  const b0 = get(offset);
  if (b0 === undefined) return null;
  if (b0 < 0x80) return { codePoint: b0, length: 1 };
  const length = b0 >= 0xf0 && b0 <= 0xf4 ? 4 : b0 >= 0xe0 ? (b0 <= 0xef ? 3 : 0) : b0 >= 0xc2 ? 2 : 0;
  if (length === 0) return null;
  let cp = b0 & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const b = get(offset + k);
    if (b === undefined || (b & 0xc0) !== 0x80) return null;
    cp = (cp << 6) | (b & 0x3f);
  }
  const minimum = [0, 0, 0x80, 0x800, 0x10000][length]!;
  if (cp < minimum || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return { codePoint: cp, length };
}

function decodeUtf8Row(get: ByteSource, rowOffset: number, rowLength: number): TextCell[] {
  const cells: TextCell[] = [];
  for (let at = rowOffset; at < rowOffset + rowLength; at++) {
    const b = get(at);
    if (b === undefined) {
      cells.push({ offset: at, span: 1, char: UNKNOWN, printable: false });
      continue;
    }
    const seq = utf8SequenceAt(get, at);
    if (seq) {
      const printable = isPrintableCodePoint(seq.codePoint);
      cells.push({ offset: at, span: 1, char: printable ? String.fromCodePoint(seq.codePoint) : '.', printable });
    } else if (isContinuation(get, at)) {
      cells.push({ offset: at, span: 1, char: '\u00a0', printable: false });
    } else {
      cells.push({ offset: at, span: 1, char: '.', printable: false });
    }
  }
  return cells;
}

function isContinuation(get: ByteSource, offset: number): boolean {
  for (let back = 1; back <= 3; back++) {
    const seq = utf8SequenceAt(get, offset - back);
    if (seq && seq.length > back) return true;
  }
  return false;
}
