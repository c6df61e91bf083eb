// The data inspector's editor, without the component: a typed value to the
// bytes written at the cursor.
import { decodeRow, encodeRow, ROW_LABELS, type RowId } from '../../../src-shared/lib/decoders';
import { fail, type Parsed } from '../../../src-shared/lib/result';

/**
 * The bytes that make `type` read `text` at the cursor, or why not. A LEB128
 * has no fixed size: one of another length than the value at the cursor would
 * shift nothing and corrupt what follows, so it is refused.
 */
export function encodeAtCursor(type: RowId, text: string, littleEndian: boolean, atCursor: Uint8Array): Parsed<Uint8Array> {
  const encoded = encodeRow(type, text, littleEndian);
  if (!encoded.ok) return fail(`${ROW_LABELS[type]}: ${encoded.error}.`);
  const current = decodeRow(type, atCursor, littleEndian);
  if ((type === 'uleb128' || type === 'sleb128') && current && current.size !== encoded.value.length) {
    return fail(
      `${ROW_LABELS[type]}: the new value takes ${encoded.value.length} bytes, the one at the cursor ${current.size}; nothing was written.`,
    );
  }
  return encoded;
}
