// Tokens of the C subset the Struct overlay reads, each with its line and
// column (1-based) so errors can point at them. Comments and whitespace are
// skipped; `#pragma ...` becomes one token holding the rest of its line.

export type TokenKind = 'ident' | 'number' | 'punct' | 'pragma' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  line: number;
  column: number;
}

export class StructSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    /** Set when the text passes a cap (size, nesting, rows) rather than C's grammar. */
    readonly code?: 'ERR_INPUT_TOO_LARGE',
  ) {
    super(`${line}:${column}: ${message}`);
  }
}

const PUNCTUATION = new Set(['{', '}', '[', ']', ';', ',', '*', ':', '(', ')', '=']);

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const here = (): { line: number; column: number } => ({ line, column: i - lineStart + 1 });
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    if (source.startsWith('/*', i)) {
      const start = here();
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new StructSyntaxError('this comment is never closed with */', start.line, start.column);
      for (; i < end + 2; i++) {
        if (source[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      continue;
    }
    const at = here();
    if (ch === '#') {
      const end = source.indexOf('\n', i);
      const text = source.slice(i + 1, end < 0 ? source.length : end).trim();
      if (!/^pragma\b/.test(text))
        throw new StructSyntaxError(`only #pragma is understood here, not "#${text.split(/\s/)[0]}"`, at.line, at.column);
      tokens.push({ kind: 'pragma', text: text.slice('pragma'.length).trim(), ...at });
      i = end < 0 ? source.length : end;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 256));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], ...at });
      i += ident[0].length;
      continue;
    }
    const number = /^(0x[0-9a-f]+|\d+)[uUlL]*/i.exec(source.slice(i, i + 64));
    if (number) {
      tokens.push({ kind: 'number', text: number[1]!, ...at });
      i += number[0].length;
      continue;
    }
    if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: 'punct', text: ch, ...at });
      i++;
      continue;
    }
    throw new StructSyntaxError(`unexpected character "${ch}"`, at.line, at.column);
  }
  tokens.push({ kind: 'end', text: 'end of input', line, column: i - lineStart + 1 });
  return tokens;
}
