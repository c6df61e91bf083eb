// The Struct overlay's parser against hostile text: it was quadratic (1 MB,
// 40k fields, took 38.8 s), and 10,000 levels of nesting overflowed the stack
// with a RangeError parseLayout did not catch. Now: the text's length is
// checked first, parsing is linear, and nesting and rows have caps, each a
// coded error (ERR_INPUT_TOO_LARGE) with a line and column.
import { describe, expect, it } from 'vitest';
import { createStructStore, parseLayout } from '../../src-renderer/src/stores/struct';
import { MAX_STRUCT_DEPTH, MAX_STRUCT_ROWS, MAX_STRUCT_SOURCE_LENGTH } from '../../src-shared/limits';
import { decodeStruct, parseStructs, structRows } from '../../src-shared/lib/struct';

/** Generous for a noisy 2-core machine: the quadratic parser took 38.8 s for 1 MB. */
const QUICK_MS = 1000;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = fn();
  return { value, ms: performance.now() - started };
}

/** `struct Big { uint32_t field_number_0; ... }` with as many fields as fit in `maxLength` characters. */
function manyFields(maxLength: number): string {
  const lines = ['struct Big {\n'];
  let length = lines[0]!.length + 2;
  for (let i = 0; ; i++) {
    const line = `  uint32_t field_number_${i};\n`;
    if (length + line.length > maxLength) break;
    lines.push(line);
    length += line.length;
  }
  return `${lines.join('')}};`;
}

describe('struct text is bounded before it is parsed', () => {
  it('1 MB of text (40k fields) is refused at once with ERR_INPUT_TOO_LARGE', () => {
    const source = manyFields(1_230_000);
    expect(source.length).toBeGreaterThan(1_000_000);
    const { value, ms } = timed(() => parseStructs(source));
    expect(value).toMatchObject({ ok: false, code: 'ERR_INPUT_TOO_LARGE', line: 1, column: 1 });
    expect(ms).toBeLessThan(100);
  });

  it('one character past the cap is refused; text of exactly the cap is parsed', () => {
    const fields = 'struct S { int a; };';
    const padded = (length: number) => `${fields}/*${' '.repeat(length - fields.length - 4)}*/`;
    expect(parseStructs(padded(MAX_STRUCT_SOURCE_LENGTH))).toMatchObject({ ok: true });
    expect(parseStructs(padded(MAX_STRUCT_SOURCE_LENGTH + 1))).toMatchObject({ ok: false, code: 'ERR_INPUT_TOO_LARGE' });
  });
});

describe('struct parsing is linear', () => {
  it('text at the cap, one field a line, parses and lays out its rows in well under a second', () => {
    const source = manyFields(MAX_STRUCT_SOURCE_LENGTH);
    const { value: parsed, ms } = timed(() => parseStructs(source));
    expect(parsed.ok).toBe(true);
    expect(ms).toBeLessThan(QUICK_MS);
    if (!parsed.ok) return;
    const rows = timed(() => decodeStruct(parsed.value.root!, new Uint8Array(1 << 20), true));
    expect(rows.value.length).toBeGreaterThan(8000);
    expect(rows.ms).toBeLessThan(QUICK_MS);
  });

  it('text at the cap, 30,000 declarators on one line, is answered in well under a second', () => {
    const names = Array.from({ length: 40_000 }, (_, i) => `a${i}`).join(',');
    const source = `struct W { int ${names}`.slice(0, MAX_STRUCT_SOURCE_LENGTH - 20).replace(/,[^,]*$/, '; };');
    const { value, ms } = timed(() => parseStructs(source));
    expect(value).toMatchObject({ ok: true });
    expect(ms).toBeLessThan(QUICK_MS);
  });
});

describe('nesting and rows have caps', () => {
  it('10,000 levels of nesting as written give ERR_INPUT_TOO_LARGE at the level past the cap, not a RangeError', () => {
    const source = `struct R { ${'struct A { '.repeat(10_000)}int x; ${'} a; '.repeat(10_000)}};`;
    const parsed = parseStructs(source);
    expect(parsed).toMatchObject({ ok: false, code: 'ERR_INPUT_TOO_LARGE', line: 1 });
    expect(parsed.ok || parsed.error).toContain(`${MAX_STRUCT_DEPTH} levels`);
    // The level at the cap is fine.
    const opens = Array.from({ length: MAX_STRUCT_DEPTH }, (_, i) => `struct A${i} { `).join('');
    const atCap = `${opens}int x; ${'} a; '.repeat(MAX_STRUCT_DEPTH - 1)}};`;
    expect(parseStructs(atCap)).toMatchObject({ ok: true });
  });

  it('the store shows the coded error for 10,000 levels instead of throwing', () => {
    const store = createStructStore({ call: () => Promise.reject(new Error('no host')) } as never);
    const source = `${'struct A { '.repeat(10_000)}int x; ${'} a; '.repeat(10_000)}`;
    store.getState().setSource(source);
    expect(store.getState().layout).toMatchObject({ ok: false, message: expect.stringContaining('ERR_INPUT_TOO_LARGE') });
    expect(parseLayout(source)).toMatchObject({ ok: false });
  });

  it('nesting as laid out (a chain of 7,000 structs, each holding the last; 10,000 array dimensions) is capped too', () => {
    const chain = Array.from({ length: 7000 }, (_, i) => (i === 0 ? 'struct S0 { int x; };' : `struct S${i} { struct S${i - 1} s; };`));
    const parsed = parseStructs(chain.join('\n'));
    // S0 is one level deep, so S64 (line 65) is the first past the cap.
    expect(parsed).toMatchObject({ ok: false, code: 'ERR_INPUT_TOO_LARGE', line: MAX_STRUCT_DEPTH + 1 });
    expect(parseStructs(`struct D { int a${'[1]'.repeat(10_000)}; };`)).toMatchObject({ ok: false, code: 'ERR_INPUT_TOO_LARGE' });
    // A chain as deep as the cap is shown, rows and all.
    const shown = parseStructs(chain.slice(0, MAX_STRUCT_DEPTH).join('\n'));
    expect(shown.ok).toBe(true);
    if (shown.ok) expect(structRows(shown.value.root!)).toHaveLength(MAX_STRUCT_DEPTH + 1);
  });

  it('arrays of arrays of records that would show millions of rows are refused', () => {
    const source = 'struct A { int a[256]; }; struct B { struct A b[256]; }; struct C { struct B c[256]; };';
    const parsed = parseStructs(source);
    expect(parsed).toMatchObject({ ok: false, code: 'ERR_INPUT_TOO_LARGE', line: 1 });
    expect(parsed.ok || parsed.error).toContain(`at most ${MAX_STRUCT_ROWS}`);
    // 254 of them fit: B, its array, and 254 times A's 258 rows (A, its array, 256 elements).
    const fits = parseStructs('struct A { int a[256]; }; struct B { struct A b[254]; };');
    expect(fits.ok && structRows(fits.value.root!).length).toBe(1 + 1 + 254 * 258);
    expect(parseStructs('struct A { int a[256]; }; struct B { struct A b[255]; };')).toMatchObject({
      ok: false,
      code: 'ERR_INPUT_TOO_LARGE',
    });
  });

  it('a char16_t text field of 500,000 units decodes (String.fromCharCode is not given 500,000 arguments)', () => {
    const parsed = parseStructs('struct T { char16_t s[500000]; };');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const rows = decodeStruct(parsed.value.root!, new Uint8Array(1 << 20).fill(0x41), true);
    expect(rows[1]!.value).toHaveLength(500_002);
  });
});
