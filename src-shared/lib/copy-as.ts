// Copy as / paste: bytes to the text formats hex editors copy, and pasted
// text back to bytes. Pure (no Buffer: it runs in the renderer too).
//
//   formatBytes(bytes, 'hex')          "DE AD BE EF"
//   formatBytes(bytes, 'c-array')      "const unsigned char data[4] = {\n  0xDE, 0xAD, 0xBE, 0xEF\n};"
//   formatBytes(bytes, 'python')       b"\xde\xad\xbe\xef"   (printable ASCII as itself, as repr does)
//   formatBytes(bytes, 'base64')       "3q2+7w=="
//   formatBytes(bytes, 'text', { encoding: 'utf16le' })   the bytes decoded (U+FFFD where they are not text)
//
//   parseHexBytes(text)                hex as users paste it: "DE AD", "dead", "0xDE, 0xAD", a C array,
//                                      a Python bytes literal; -> Parsed<Uint8Array>
//   encodeText(text, encoding)         text to bytes for pasting in the text column -> Parsed<Uint8Array>
import { fail, ok, type Parsed } from './result';

export type TextEncoding = 'ascii' | 'latin1' | 'utf8' | 'utf16le' | 'utf16be';
export type CopyFormat = 'hex' | 'c-array' | 'python' | 'base64' | 'text';

export interface FormatOptions {
  encoding?: TextEncoding;
  /** The C array's name. */
  name?: string;
  /** Bytes per line in a C array. */
  perLine?: number;
}

const HEX = '0123456789ABCDEF';

function byteHex(byte: number): string {
  return HEX[byte >> 4]! + HEX[byte & 15]!;
}

export function formatBytes(bytes: Uint8Array, format: CopyFormat, options: FormatOptions = {}): string {
  switch (format) {
    case 'hex':
      return Array.from(bytes, byteHex).join(' ');
    case 'c-array':
      return cArray(bytes, options.name ?? 'data', options.perLine ?? 12);
    case 'python':
      return pythonBytes(bytes);
    case 'base64':
      return toBase64(bytes);
    case 'text':
      return decodeText(bytes, options.encoding ?? 'utf8');
  }
}

function cArray(bytes: Uint8Array, name: string, perLine: number): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += perLine) {
    lines.push('  ' + Array.from(bytes.subarray(i, i + perLine), (b) => '0x' + byteHex(b)).join(', '));
  }
  return `const unsigned char ${name}[${bytes.length}] = {\n${lines.join(',\n')}\n};`;
}

const PYTHON_ESCAPES: Record<number, string> = { 0x5c: '\\\\', 0x22: '\\"', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t' };

function pythonBytes(bytes: Uint8Array): string {
  let out = 'b"';
  for (const b of bytes) {
    out += PYTHON_ESCAPES[b] ?? (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '\\x' + byteHex(b).toLowerCase());
  }
  return out + '"';
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  switch (encoding) {
    case 'ascii':
      return Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : '\uFFFD')).join('');
    case 'latin1':
      return Array.from(bytes, (b) => String.fromCharCode(b)).join('');
    case 'utf8':
      return new TextDecoder('utf-8').decode(bytes);
    case 'utf16le':
      return new TextDecoder('utf-16le').decode(bytes);
    case 'utf16be':
      return new TextDecoder('utf-16be').decode(bytes);
  }
}

/** Text to bytes in an encoding; refuses characters the encoding cannot hold. */
export function encodeText(text: string, encoding: TextEncoding): Parsed<Uint8Array> {
  if (encoding === 'ascii' || encoding === 'latin1') {
    const limit = encoding === 'ascii' ? 0x7f : 0xff;
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > limit) return fail(`"${text[i]}" (character ${i + 1}) has no ${encoding === 'ascii' ? 'ASCII' : 'Latin-1'} byte`);
      out[i] = code;
    }
    return ok(out);
  }
  if (encoding === 'utf8') return ok(new TextEncoder().encode(text));
  const out = new Uint8Array(text.length * 2);
  const little = encoding === 'utf16le';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[2 * i + (little ? 0 : 1)] = unit & 0xff;
    out[2 * i + (little ? 1 : 0)] = unit >> 8;
  }
  return ok(out);
}

/** Hex as people paste it, including C arrays and Python bytes literals. */
export function parseHexBytes(input: string): Parsed<Uint8Array> {
  const text = input.trim();
  const python = /^b(['"])([\s\S]*)\1$/.exec(text);
  if (python) return parsePythonLiteral(python[2]!);
  // A C array: keep what is between the braces.
  const braces = /\{([\s\S]*)\}/.exec(text);
  const body = braces ? braces[1]! : text;
  const tokens = body
    .replace(/0x/gi, ' ')
    .split(/[\s,;:-]+/)
    .filter(Boolean);
  const out: number[] = [];
  for (const token of tokens) {
    if (!/^[0-9a-f]+$/i.test(token)) return fail(`"${token}" is not hex: paste digits 0-9 A-F, like DE AD BE EF`);
    if (token.length % 2 !== 0 && tokens.length === 1) return fail(`${token.length} hex digits: bytes need pairs of digits`);
    if (token.length % 2 !== 0) {
      if (token.length !== 1) return fail(`"${token}" has an odd number of digits`);
      out.push(parseInt(token, 16)); // "0x5" in a C array
      continue;
    }
    for (let i = 0; i < token.length; i += 2) out.push(parseInt(token.slice(i, i + 2), 16));
  }
  if (out.length === 0) return fail('nothing to paste: no hex digits found');
  return ok(Uint8Array.from(out));
}

const PYTHON_SIMPLE: Record<string, number> = {
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  '0': 0,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
};

function parsePythonLiteral(body: string): Parsed<Uint8Array> {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      const code = ch.charCodeAt(0);
      if (code > 0x7f) return fail(`"${ch}" cannot be in a bytes literal (only ASCII)`);
      out.push(code);
      continue;
    }
    const next = body[i + 1];
    if (next === 'x') {
      const digits = body.slice(i + 2, i + 4);
      if (!/^[0-9a-f]{2}$/i.test(digits)) return fail(`\\x must be followed by two hex digits (at character ${i + 1})`);
      out.push(parseInt(digits, 16));
      i += 3;
    } else if (next !== undefined && next in PYTHON_SIMPLE) {
      out.push(PYTHON_SIMPLE[next]!);
      i += 1;
    } else {
      return fail(`unknown escape \\${next ?? ''} at character ${i + 1}`);
    }
  }
  if (out.length === 0) return fail('the bytes literal is empty');
  return ok(Uint8Array.from(out));
}
