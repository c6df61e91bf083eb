// The Struct overlay's parser and layout. Layouts are proven against gcc:
// each case is compiled with a program that prints offsetof/sizeof of every
// field our layout lists, and the two must agree field by field.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeStruct, parseStructs, structRows, type RecordType } from '../../src-shared/lib/struct';

const workDir = mkdtempSync(join(tmpdir(), 'engines-struct-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function parsedTypes(source: string): Map<string, unknown> {
  const parsed = parseStructs(source);
  if (!parsed.ok) throw new Error(`${parsed.line}:${parsed.column} ${parsed.error}`);
  return parsed.value.types;
}

/** gcc's offset and size of every row our layout has, for the type `cType` (e.g. "struct Quote"). */
function gccLayout(source: string, cType: string, record: RecordType): string[] {
  const rows = structRows(record).filter((row) => row.path !== '');
  const prints = rows.map(
    (row) => `  printf("%s %zu %zu\\n", "${row.path}", offsetof(${cType}, ${row.path}), sizeof(((${cType} *)0)->${row.path}));`,
  );
  const program =
    `#include <stdio.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <stdbool.h>\n#include <uchar.h>\n#include <wchar.h>\n${source}\n` +
    `int main(void) {\n  printf("size %zu %zu\\n", sizeof(${cType}), _Alignof(${cType}));\n${prints.join('\n')}\n  return 0;\n}\n`;
  const file = join(workDir, `case${Math.random().toString(36).slice(2)}.c`);
  writeFileSync(file, program);
  execFileSync('gcc', ['-std=c11', '-Wno-pragma-pack', '-o', `${file}.out`, file], { stdio: 'pipe' });
  return execFileSync(`${file}.out`).toString().trim().split('\n');
}

function ourLayout(record: RecordType): string[] {
  return [
    `size ${record.size} ${record.align}`,
    ...structRows(record)
      .filter((row) => row.path !== '')
      .map((row) => `${row.path} ${row.offset} ${row.size}`),
  ];
}

const CASES: Array<{ name: string; source: string; check: Array<[string, string]> }> = [
  {
    name: "the issue's Quote",
    source: 'struct Quote { uint64_t seq; double bid, ask; char16_t symbol[8]; };',
    check: [['Quote', 'struct Quote']],
  },
  {
    name: 'padding between and after members',
    source: 'struct P { char a; int b; char c; double d; short e; };\nstruct Q { short s; char c; };',
    check: [
      ['P', 'struct P'],
      ['Q', 'struct Q'],
    ],
  },
  {
    name: 'nested structs, unions, arrays of structs, anonymous members',
    source: `struct Inner { char c; short s; };
union U { int i; double d; char bytes[3]; };
struct Outer {
  char tag;
  struct Inner in;
  union U u;
  struct Inner arr[3];
  struct { char x; long long y; } named;
  union { int ai; float af; };
  char tail;
};`,
    check: [
      ['Inner', 'struct Inner'],
      ['U', 'union U'],
      ['Outer', 'struct Outer'],
    ],
  },
  {
    name: '#pragma pack(push, 1) / pack(pop), and a struct after it',
    source:
      '#pragma pack(push, 1)\nstruct Packed { char a; int b; double c; short d[3]; };\n#pragma pack(pop)\nstruct After { char a; int b; };',
    check: [
      ['Packed', 'struct Packed'],
      ['After', 'struct After'],
    ],
  },
  {
    name: '#pragma pack(2) over a nested struct, pack() resets',
    source:
      '#pragma pack(2)\nstruct S2 { char a; double b; struct N { char c; int d; } n; };\n#pragma pack()\nstruct S3 { char a; struct N n; double z; };',
    check: [
      ['S2', 'struct S2'],
      ['N', 'struct N'],
      ['S3', 'struct S3'],
    ],
  },
  {
    name: 'typedefs, multi-dimensional arrays, every C keyword type, pointers',
    source: `typedef unsigned long long u64;
typedef struct { u64 a; char b[2][3]; } T;
struct W {
  T t;
  long l;
  unsigned short int us;
  long unsigned int lu;
  signed char sc;
  long double ld;
  bool flag;
  char32_t c32;
  wchar_t wc;
  const int *p;
  void *vp;
  char **argv;
  int8_t i8; int16_t i16; int32_t i32; int64_t i64;
  float f;
  size_t n;
};`,
    check: [
      ['T', 'T'],
      ['W', 'struct W'],
    ],
  },
  {
    name: 'unions of structs and arrays in unions',
    source: 'union Value { struct { uint8_t tag; uint32_t n; } small; uint16_t words[5]; double d; };',
    check: [['Value', 'union Value']],
  },
];

describe('struct layout matches gcc', () => {
  for (const testCase of CASES) {
    it(testCase.name, () => {
      const types = parsedTypes(testCase.source);
      for (const [name, cType] of testCase.check) {
        const record = types.get(name) as RecordType;
        expect(record?.kind, name).toBe('record');
        expect(ourLayout(record)).toEqual(gccLayout(testCase.source, cType, record));
      }
    });
  }
});

describe('parseStructs', () => {
  it("takes the last top-level struct (also a typedef'd one) as the root", () => {
    const parsed = parseStructs('struct A { int x; };\ntypedef struct { char c; } B;');
    expect(parsed.ok && parsed.value.root?.size).toBe(1);
    const named = parseStructs('struct A { int x; }; struct B { struct A a; long y; };');
    expect(named.ok && named.value.root?.name).toBe('B');
  });

  it('knows the Windows data model: long is 4 bytes and wchar_t 2', () => {
    const parsed = parseStructs('struct S { char c; long l; wchar_t w; DWORD d; };', { model: 'llp64' });
    expect(parsed.ok && parsed.value.root!.fields.map((f) => [f.name, f.offset, f.type.size])).toEqual([
      ['c', 0, 1],
      ['l', 4, 4],
      ['w', 8, 2],
      ['d', 12, 4],
    ]);
  });

  it('points at the line and column of each error', () => {
    const cases: Array<[string, number, number, RegExp]> = [
      ['struct A {\n  int x : 3;\n};', 2, 9, /bit-fields are not supported/],
      ['struct A {\n  foo_t x;\n};', 2, 3, /unknown type "foo_t"/],
      ['struct A {\n  int x\n};', 3, 1, /expected ";"/],
      ['struct A { int x[]; };', 1, 18, /fixed size/],
      ['struct A { int x; int x; };', 1, 23, /declared twice/],
      ['struct A { struct B b; };', 1, 21, /used before it is defined/],
      ['struct A {\n  int x;\n', 3, 1, /never closed/],
      ['#pragma pack(3)\nstruct A { int x; };', 1, 1, /pack takes 1, 2, 4, 8 or 16/],
      ['#pragma pack(pop)', 1, 1, /without a matching push/],
      ['#include <stdint.h>', 1, 1, /only #pragma/],
      ['struct A { unsigned float f; };', 1, 12, /is not a C type/],
      ['struct A { int x; } /* never ends', 1, 21, /never closed with \*\//],
      ['struct A { int $x; };', 1, 16, /unexpected character "\$"/],
      ['struct A { void v; };', 1, 17, /only a pointer/],
    ];
    for (const [source, line, column, message] of cases) {
      const parsed = parseStructs(source);
      expect(parsed.ok, source).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error, source).toMatch(message);
        expect([parsed.line, parsed.column], source).toEqual([line, column]);
      }
    }
  });

  it('ignores comments and pragmas that change no layout', () => {
    const parsed = parseStructs('#pragma once\n// a quote\nstruct Q { /* seq */ uint64_t seq; };');
    expect(parsed.ok && parsed.value.root?.size).toBe(8);
  });
});

describe('decodeStruct', () => {
  it("decodes each field of the issue's Quote in both byte orders, strings to their NUL", () => {
    const parsed = parseStructs('struct Quote { uint64_t seq; double bid, ask; char16_t symbol[8]; };');
    if (!parsed.ok) throw new Error(parsed.error);
    const bytes = Buffer.alloc(40);
    bytes.writeBigUInt64LE(123456789n, 0);
    bytes.writeDoubleLE(101.25, 8);
    bytes.writeDoubleLE(-0.5, 16);
    bytes.write('EURUSD', 24, 'utf16le');
    const values = Object.fromEntries(decodeStruct(parsed.value.root!, bytes, true).map((row) => [row.path, row.value]));
    expect(values).toEqual({ '': '', seq: '123456789', bid: '101.25', ask: '-0.5', symbol: '"EURUSD"' });
    const big = Buffer.alloc(40);
    big.writeBigUInt64BE(5n, 0);
    big.writeDoubleBE(2.5, 8);
    big.write('AB', 24, 'utf16le');
    big.swap16(); // the whole buffer: only the string matters after this
    big.writeBigUInt64BE(5n, 0);
    big.writeDoubleBE(2.5, 8);
    const bigValues = decodeStruct(parsed.value.root!, big, false);
    expect(bigValues.map((row) => row.value)).toEqual(['', '5', '2.5', '0', '"AB"']);
  });

  it('gives a row per array element, nested paths, and says which fields lie past the end', () => {
    const parsed = parseStructs(
      'struct L { int32_t price; uint8_t flags; }; struct Book { char name[4]; struct L levels[2]; bool live; void *next; };',
    );
    if (!parsed.ok) throw new Error(parsed.error);
    const bytes = Buffer.alloc(20);
    bytes.write('ab', 0, 'latin1');
    bytes.writeInt32LE(-7, 4);
    bytes[8] = 0xff;
    bytes.writeInt32LE(9, 12);
    bytes[16] = 1;
    const rows = decodeStruct(parsed.value.root!, bytes, true);
    expect(rows.map((row) => [row.path, row.offset, row.value])).toEqual([
      ['', 0, ''],
      ['name', 0, '"ab"'],
      ['levels', 4, ''],
      ['levels[0]', 4, ''],
      ['levels[0].price', 4, '-7'],
      ['levels[0].flags', 8, '255'],
      ['levels[1]', 12, ''],
      ['levels[1].price', 12, '9'],
      ['levels[1].flags', 16, '1'],
      ['live', 20, '(past the end)'],
      ['next', 24, '(past the end)'],
    ]);
  });
});
