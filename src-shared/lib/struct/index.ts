// The Struct overlay's engine: parse C declarations, lay them out as C does,
// and decode the fields from bytes. See parser.ts (what C is understood and
// why a hand-written parser) and decode.ts (the rows).
//
//   const parsed = parseStructs('struct Quote { uint64_t seq; double bid, ask; char16_t symbol[8]; };');
//   if (!parsed.ok) show(`${parsed.line}:${parsed.column} ${parsed.error}`);
//   else decodeStruct(parsed.value.root!, bytesAtBase, true);
export { parseStructs, typeName, type ParseOptions, type ParsedLayouts, type StructParseResult } from './parser';
export { decodeStruct, structRows, MAX_ELEMENT_ROWS, type DecodedRow, type StructRow } from './decode';
export type { CType, DataModel, FieldLayout, RecordType, ScalarKind } from './types';
