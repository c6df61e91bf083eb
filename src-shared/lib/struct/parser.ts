// A small recursive-descent parser for the C declarations of the Struct
// overlay, computing each field's offset, size and type as a C compiler does.
//
// Why not tree-sitter's C grammar: it would need its grammar's wasm (and
// web-tree-sitter) shipped to the renderer, none of which is installed here,
// and it would give a syntax tree only: the real work is the layout (C's
// alignment, padding, #pragma pack), which no parser does. The subset below
// is small enough to parse by hand with exact error positions, and the
// layout rules are checked against gcc's offsetof/sizeof in the tests.
//
// Understood: struct and union (named, anonymous, nested, anonymous members),
// fixed-size arrays (also multi-dimensional), pointers (8 bytes), typedefs,
// const/volatile, every C integer and floating type in any keyword order,
// <stdint.h> and char16_t/char32_t/wchar_t, Windows BYTE/WORD/DWORD/QWORD,
// `#pragma pack(N)`, `pack(push[, N])`, `pack(pop)`, `pack()`; comments.
// Refused with line and column: bit-fields, arrays without a size, unknown
// types, a struct used by value before it is defined.
//
// Linear in its input, and bounded (src-shared/limits.ts): the text's length
// is checked before it is tokenized, nesting as written and as laid out has a
// depth cap (the parser and the rows recurse once a level), and every type
// must fit in MAX_STRUCT_ROWS rows. These refusals carry ERR_INPUT_TOO_LARGE.
import { MAX_STRUCT_DEPTH, MAX_STRUCT_ROWS, MAX_STRUCT_SOURCE_LENGTH } from '../../limits';
import { StructSyntaxError, tokenize, type Token } from './lexer';
import {
  alignUp,
  isTextArray,
  isTypeKeyword,
  MAX_ELEMENT_ROWS,
  normaliseKeywords,
  pointerType,
  scalarTypes,
  type CType,
  type DataModel,
  type FieldLayout,
  type RecordType,
} from './types';

export interface ParseOptions {
  /** lp64 (default: Linux, macOS) or llp64 (Windows). */
  model?: DataModel;
}

export interface ParsedLayouts {
  /** The last struct or union defined at the top level: the one the overlay shows. */
  root: RecordType | null;
  /** Every named struct/union by tag ("Quote") and every typedef name. */
  types: Map<string, CType>;
}

export type StructParseResult =
  { ok: true; value: ParsedLayouts } | { ok: false; error: string; line: number; column: number; code?: 'ERR_INPUT_TOO_LARGE' };

/** What a type costs the Struct panel: its rows (structRows) and their deepest level below it. */
interface Shape {
  rows: number;
  depth: number;
}

/** `void`: only behind a pointer. */
const VOID: CType = { kind: 'scalar', name: 'void', scalar: 'opaque', size: 0, align: 1 };
const QUALIFIERS = new Set(['const', 'volatile', 'static', 'extern', 'register']);
const PACK_VALUES = new Set([1, 2, 4, 8, 16]);

interface Member {
  name: string;
  type: CType;
  /** #pragma pack in effect at the member (null: natural alignment). */
  pack: number | null;
  at: Token;
}

class Parser {
  private pos = 0;
  private pack: number | null = null;
  private readonly packStack: Array<number | null> = [];
  private readonly scalars;
  private readonly tags = new Map<string, RecordType>();
  private readonly typedefs = new Map<string, CType>();
  private root: RecordType | null = null;
  /** Records being parsed inside one another now. */
  private nesting = 0;
  /** The shape of every record and array type made so far (each from its parts', so no recursion). */
  private readonly shapes = new Map<CType, Shape>();

  constructor(
    private readonly tokens: Token[],
    private readonly model: DataModel,
  ) {
    this.scalars = scalarTypes(model);
  }

  parse(): ParsedLayouts {
    while (this.peek().kind !== 'end') this.topLevel();
    const types = new Map<string, CType>([...this.tags, ...this.typedefs]);
    return { root: this.root, types };
  }

  // ---- tokens ----
  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.pos++;
    return token;
  }
  private is(text: string): boolean {
    const token = this.peek();
    return (token.kind === 'punct' || token.kind === 'ident') && token.text === text;
  }
  private accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.pos++;
    return true;
  }
  private expect(text: string, what = `"${text}"`): Token {
    if (!this.is(text)) this.fail(`expected ${what}, found ${this.describe(this.peek())}`);
    return this.next();
  }
  private describe(token: Token): string {
    return token.kind === 'end' ? 'the end of the input' : `"${token.text}"`;
  }
  private fail(message: string, at: Token = this.peek()): never {
    throw new StructSyntaxError(message, at.line, at.column);
  }
  private tooLarge(message: string, at: Token): never {
    throw new StructSyntaxError(message, at.line, at.column, 'ERR_INPUT_TOO_LARGE');
  }

  // ---- caps ----
  private shapeOf(type: CType): Shape {
    if (type.kind === 'scalar' || (type.kind === 'record' && type.incomplete) || isTextArray(type)) return { rows: 1, depth: 0 };
    return this.shapes.get(type) ?? { rows: 1, depth: 0 };
  }
  /** Records the shape of a new record or array type, refusing one past the depth or row cap. */
  private checkShape(type: CType, at: Token): void {
    let shape: Shape;
    if (type.kind === 'record') {
      shape = { rows: 1, depth: 1 };
      for (const field of type.fields) {
        const part = this.shapeOf(field.type);
        shape.rows += part.rows;
        shape.depth = Math.max(shape.depth, 1 + part.depth);
      }
    } else if (type.kind === 'array') {
      const element = this.shapeOf(type.element);
      shape = isTextArray(type)
        ? { rows: 1, depth: 0 }
        : { rows: 1 + Math.min(type.length, MAX_ELEMENT_ROWS) * element.rows, depth: 1 + element.depth };
    } else return;
    if (shape.depth > MAX_STRUCT_DEPTH)
      this.tooLarge(`this type nests ${shape.depth} levels deep; at most ${MAX_STRUCT_DEPTH} are shown`, at);
    if (shape.rows > MAX_STRUCT_ROWS)
      this.tooLarge(
        `this type would show ${shape.rows} rows (arrays show their first ${MAX_ELEMENT_ROWS} elements); at most ${MAX_STRUCT_ROWS}`,
        at,
      );
    this.shapes.set(type, shape);
  }

  // ---- declarations ----
  private topLevel(): void {
    if (this.peek().kind === 'pragma') return this.pragma(this.next());
    if (this.accept(';')) return;
    if (this.accept('typedef')) return this.typedef();
    const start = this.peek();
    const type = this.typeSpecifier();
    if (type.kind === 'record' && !type.incomplete && (start.text === 'struct' || start.text === 'union')) this.root = type;
    if (this.accept(';')) return;
    // Variables at the top level (`struct Quote q;`) are allowed and ignored.
    do this.declarator(type);
    while (this.accept(','));
    this.expect(';', '";" after the declaration');
  }

  private typedef(): void {
    const type = this.typeSpecifier();
    if (type.kind === 'record' && !type.incomplete) this.root = type;
    do {
      const { name, type: declared } = this.declarator(type);
      this.typedefs.set(name, declared);
    } while (this.accept(','));
    this.expect(';', '";" after the typedef');
  }

  private pragma(token: Token): void {
    const match = /^pack\s*\(\s*([^)]*)\)\s*$/.exec(token.text);
    if (!match) {
      if (/^pack\b/.test(token.text)) this.fail('write #pragma pack(N), pack(push, N), pack(pop) or pack()', token);
      return; // other pragmas (once, ...) change no layout
    }
    const args = match[1]!
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const value = (text: string | undefined): number => {
      const n = Number(text);
      if (!PACK_VALUES.has(n)) this.fail(`#pragma pack takes 1, 2, 4, 8 or 16, not "${text}"`, token);
      return n;
    };
    if (args.length === 0) this.pack = null;
    else if (args[0] === 'push') {
      this.packStack.push(this.pack);
      if (args.length > 1) this.pack = value(args[1]);
    } else if (args[0] === 'pop') {
      if (this.packStack.length === 0) this.fail('#pragma pack(pop) without a matching push', token);
      this.pack = this.packStack.pop()!;
    } else if (args.length === 1) this.pack = value(args[0]);
    else this.fail(`#pragma pack(${match[1]}) is not understood`, token);
  }

  /** A type specifier: qualifiers, then a struct/union, keywords, or a type name. */
  private typeSpecifier(): CType {
    while (QUALIFIERS.has(this.peek().text) && this.peek().kind === 'ident') this.next();
    const start = this.peek();
    if (start.kind !== 'ident') this.fail(`expected a type, found ${this.describe(start)}`);
    if (start.text === 'struct' || start.text === 'union') return this.record();
    if (start.text === 'void') {
      this.next();
      return VOID;
    }
    if (start.text === 'enum') this.fail("enums are not supported yet: use int32_t (or the enum's underlying type)");
    if (isTypeKeyword(start.text)) {
      const words: string[] = [];
      while (this.peek().kind === 'ident' && (isTypeKeyword(this.peek().text) || QUALIFIERS.has(this.peek().text))) {
        const word = this.next().text;
        if (!QUALIFIERS.has(word)) words.push(word);
      }
      const name = normaliseKeywords(words);
      if (!name) this.fail(`"${words.join(' ')}" is not a C type`, start);
      return this.scalars.get(name)!;
    }
    this.next();
    while (QUALIFIERS.has(this.peek().text) && this.peek().kind === 'ident') this.next();
    const named = this.typedefs.get(start.text) ?? this.scalars.get(start.text);
    if (!named) this.fail(`unknown type "${start.text}"`, start);
    return named;
  }

  private record(): RecordType {
    const keyword = this.next();
    const union = keyword.text === 'union';
    const tagToken = this.peek().kind === 'ident' ? this.next() : null;
    const tag = tagToken?.text ?? null;
    if (!this.is('{')) {
      if (!tag) this.fail(`expected a name or "{" after ${keyword.text}`);
      const known = this.tags.get(tag);
      if (known) {
        if (known.union !== union) this.fail(`"${tag}" was defined as a ${known.union ? 'union' : 'struct'}`, tagToken!);
        return known;
      }
      return { kind: 'record', union, name: tag, fields: [], size: 0, align: 1, incomplete: true };
    }
    if (this.nesting >= MAX_STRUCT_DEPTH) this.tooLarge(`structs nest ${MAX_STRUCT_DEPTH} levels deep at most`, keyword);
    this.nesting++;
    const open = this.expect('{');
    const members: Member[] = [];
    const names = new Set<string>(); // a duplicate check by scanning `members` made 40k fields take 38.8 s
    while (!this.is('}')) {
      if (this.peek().kind === 'end') this.fail(`the ${keyword.text} opened at ${open.line}:${open.column} is never closed`);
      if (this.peek().kind === 'pragma') {
        this.pragma(this.next());
        continue;
      }
      this.member(members, names);
    }
    this.expect('}');
    this.nesting--;
    const laidOut = layout(union, tag, members);
    if (!Number.isSafeInteger(laidOut.size)) this.fail(`this ${keyword.text} is too large to lay out`, keyword);
    this.checkShape(laidOut, keyword);
    if (tag) {
      if (this.tags.has(tag)) this.fail(`${keyword.text} ${tag} is defined twice`, tagToken!);
      this.tags.set(tag, laidOut);
    }
    return laidOut;
  }

  private member(members: Member[], names: Set<string>): void {
    const start = this.peek();
    const type = this.typeSpecifier();
    if (this.is(';') && type.kind === 'record' && type.name === null) {
      // C11 anonymous struct/union member: its fields are the parent's.
      this.next();
      members.push({ name: '', type, pack: this.pack, at: start });
      return;
    }
    do {
      const at = this.peek();
      const { name, type: declared } = this.declarator(type);
      if (declared.kind === 'record' && declared.incomplete)
        this.fail(`${declared.union ? 'union' : 'struct'} ${declared.name} is used before it is defined`, at);
      if (names.has(name))
        this.fail(`"${name}" is declared twice in this ${type.kind === 'record' && type.union ? 'union' : 'struct'}`, at);
      names.add(name);
      members.push({ name, type: declared, pack: this.pack, at });
    } while (this.accept(','));
    if (this.is(':')) this.fail('bit-fields are not supported: declare the whole integer and read its bits');
    this.expect(';', '";" after the member');
  }

  /** `*`s, a name, then `[N]`s: the declared name and its type. */
  private declarator(base: CType): { name: string; type: CType } {
    let type = base;
    let pointers = 0;
    while (this.accept('*')) {
      pointers++;
      while (QUALIFIERS.has(this.peek().text) && this.peek().kind === 'ident') this.next();
    }
    if (pointers > 0) type = pointerType(this.model, typeName(base) + ' *'.repeat(pointers - 1));
    const nameToken = this.peek();
    if (nameToken.kind !== 'ident' || QUALIFIERS.has(nameToken.text)) this.fail(`expected a name, found ${this.describe(nameToken)}`);
    if (type === VOID) this.fail('void has no size: only a pointer (void *) can be a member', nameToken);
    this.next();
    const lengths: number[] = [];
    while (this.accept('[')) {
      const size = this.peek();
      if (size.kind !== 'number')
        this.fail(size.text === ']' ? 'arrays need a fixed size here, like [8]' : `expected an array size, found ${this.describe(size)}`);
      this.next();
      const length = parseCNumber(size.text);
      if (!Number.isSafeInteger(length) || length > 1 << 30) this.fail(`array size ${size.text} is too large`, size);
      lengths.push(length);
      if (lengths.length > MAX_STRUCT_DEPTH) this.tooLarge(`arrays have ${MAX_STRUCT_DEPTH} dimensions at most`, size);
      this.expect(']');
    }
    for (const length of lengths.reverse()) {
      type = { kind: 'array', element: type, length, size: type.size * length, align: type.align };
      if (!Number.isSafeInteger(type.size)) this.fail(`the array ${nameToken.text} is too large to lay out`, nameToken);
      this.checkShape(type, nameToken);
    }
    return { name: nameToken.text, type };
  }
}

function parseCNumber(text: string): number {
  if (/^0x/i.test(text)) return parseInt(text.slice(2), 16);
  if (/^0\d/.test(text)) return parseInt(text, 8);
  return parseInt(text, 10);
}

/** C's layout: each member at the next multiple of its alignment (capped by pack); size rounded to the record's alignment. */
function layout(union: boolean, name: string | null, members: Member[]): RecordType {
  let offset = 0;
  let size = 0;
  let align = 1;
  const fields: FieldLayout[] = [];
  for (const member of members) {
    const memberAlign = member.pack === null ? member.type.align : Math.min(member.type.align, member.pack);
    align = Math.max(align, memberAlign);
    const at = union ? 0 : alignUp(offset, memberAlign);
    fields.push({ name: member.name, offset: at, type: member.type });
    offset = at + member.type.size;
    size = Math.max(size, offset);
  }
  return { kind: 'record', union, name, fields, size: alignUp(size, align), align };
}

/** A type as C writes it: "uint64_t", "char16_t[8]", "struct Quote". */
export function typeName(type: CType): string {
  switch (type.kind) {
    case 'scalar':
      return type.name;
    case 'array':
      return `${typeName(type.element)}[${type.length}]`;
    case 'record':
      return `${type.union ? 'union' : 'struct'}${type.name ? ' ' + type.name : ''}`;
  }
}

/** Parses C declarations and lays them out; errors carry their line and column. */
export function parseStructs(source: string, options: ParseOptions = {}): StructParseResult {
  if (source.length > MAX_STRUCT_SOURCE_LENGTH) {
    return {
      ok: false,
      error: `the struct text is ${source.length} characters long; at most ${MAX_STRUCT_SOURCE_LENGTH} (256 Ki) are read`,
      line: 1,
      column: 1,
      code: 'ERR_INPUT_TOO_LARGE',
    };
  }
  try {
    return { ok: true, value: new Parser(tokenize(source), options.model ?? 'lp64').parse() };
  } catch (error) {
    if (!(error instanceof StructSyntaxError)) throw error;
    return { ok: false, error: error.message, line: error.line, column: error.column, ...(error.code ? { code: error.code } : {}) };
  }
}
