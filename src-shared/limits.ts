// Caps the window enforces itself, before anything reaches the host: text the
// user pastes and files they choose. Pure (no imports): the renderer and the
// core both read it. The host's own caps are in src-main/core/limits.ts.

/**
 * Characters of the Struct overlay's C text, counted before it is tokenized
 * (ERR_INPUT_TOO_LARGE past it). Real layouts are a few KiB; 256 Ki is
 * about 8,000 fields and parses in well under a second.
 */
export const MAX_STRUCT_SOURCE_LENGTH = 256 * 1024;
/**
 * Levels of nesting in a struct, as written (a struct defined inside a
 * struct) and as laid out (records, arrays, array dimensions): the parser and
 * the rows recurse once a level, and 10,000 levels overflowed the stack.
 */
export const MAX_STRUCT_DEPTH = 64;
/**
 * Rows the Struct panel would show for one type (every field, and the first
 * 256 elements of each array, nested arrays multiplying): three nested
 * arrays of 256 already make 16 million.
 */
export const MAX_STRUCT_ROWS = 65_536;
/**
 * Bytes of a file the window reads for Import or Compare with file (256 MiB,
 * the baseline's cap too). Its size is checked before any byte is read; the
 * room in the block bounds an import further, and Compare reads only as far
 * as the block goes.
 */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
