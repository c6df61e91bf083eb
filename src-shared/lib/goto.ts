// Go to: what HxD and ImHex users type, turned into an offset in the block.
//
//   parseGoto('FA0', { cursor, size })   -> { ok: true, value: 0xFA0 }
//
//   FA0, 0xFA0, FA0h      hexadecimal (bare hex is hex, as in HxD)
//   #4000                 decimal
//   +10, -0x10, +#16      relative to the cursor (the number after the sign as above)
//   end                   the last byte of the block
//
// Spaces and `_` between digits are ignored. The offset must be inside the
// block (0 to size - 1); otherwise the error says where the block ends.
import { fail, ok, type Parsed } from './result';

export interface GotoContext {
  /** The offset the cursor is at (for +N / -N). */
  cursor: number;
  /** The block's size in bytes. */
  size: number;
}

function hex(n: number): string {
  return '0x' + n.toString(16).toUpperCase();
}

/** A non-negative number in one of the absolute forms (without a sign). */
function parseMagnitude(text: string): Parsed<number> {
  const digits = text.replace(/[\s_]/g, '');
  let value: number;
  if (digits.startsWith('#')) {
    if (!/^#\d+$/.test(digits)) return fail(`"${text}" is not a decimal number: after # come the digits 0-9 only`);
    value = Number(digits.slice(1));
  } else {
    const body = /^0x/i.test(digits) ? digits.slice(2) : /h$/i.test(digits) ? digits.slice(0, -1) : digits;
    if (!/^[0-9a-f]+$/i.test(body)) {
      return fail(`"${text}" is not an offset: write hex (FA0, 0xFA0, FA0h), decimal with # (#4000), +N/-N, or end`);
    }
    value = parseInt(body, 16);
  }
  if (!Number.isSafeInteger(value)) return fail(`"${text}" is too large`);
  return ok(value);
}

export function parseGoto(input: string, context: GotoContext): Parsed<number> {
  const text = input.trim();
  if (text === '') return fail('type an offset: FA0, 0xFA0, #4000, +10, -10 or end');
  const { cursor, size } = context;
  if (size <= 0) return fail('the block is empty');
  let target: number;
  if (/^end$/i.test(text)) {
    target = size - 1;
  } else if (text.startsWith('+') || text.startsWith('-')) {
    const magnitude = parseMagnitude(text.slice(1).trim());
    if (!magnitude.ok) return magnitude;
    target = text.startsWith('+') ? cursor + magnitude.value : cursor - magnitude.value;
  } else {
    const absolute = parseMagnitude(text);
    if (!absolute.ok) return absolute;
    target = absolute.value;
  }
  if (target < 0) return fail(`${text} goes before the start of the block (the cursor is at ${hex(cursor)})`);
  if (target >= size) return fail(`${hex(target)} is past the end of the block (the last byte is ${hex(size - 1)})`);
  return ok(target);
}
