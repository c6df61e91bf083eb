// The data inspector's other rows (the ones ImHex adds: ASCII, binary, Unix
// times, FILETIME, GUID, LEB128) and its editor: a value typed for a type and
// a byte order is encoded (src-shared/lib/decoders.ts) and written at the
// cursor as one edit of this window, so Undo takes it back.
import { memo, useState, type FormEvent } from 'react';
import { decodeRow, ROW_IDS, ROW_LABELS, type RowId } from '../../../src-shared/lib/decoders';
import { encodeAtCursor } from './valueEncoding';
import { useHexView, useSession } from '../sessionContext';
import { byteAt, type WatchedWindow } from '../stores/bytes';
import { useBytesAt } from '../components/useBytesAt';

/** The rows the numeric table above does not show already. */
export const EXTRA_ROWS: readonly RowId[] = ['ascii', 'binary', 'unix32', 'unix64', 'filetime', 'guid', 'uleb128', 'sleb128'];

/** Enough bytes at the cursor for the longest row (a GUID; a 64-bit LEB128 takes at most 10). */
const LONGEST_ROW = 16;

/** The bytes from `cursor` the watched window holds, up to LONGEST_ROW. */
function bytesFrom(window: WatchedWindow | null, cursor: number, size: number): Uint8Array {
  const out: number[] = [];
  for (let at = cursor; at < Math.min(size, cursor + LONGEST_ROW); at++) {
    const value = byteAt(window, at);
    if (value === undefined) break;
    out.push(value);
  }
  return Uint8Array.from(out);
}

/**
 * The bytes from the cursor the watched window holds, up to LONGEST_ROW,
 * through useBytesAt: a change elsewhere in the window costs nothing here,
 * and a burst of changes at the cursor one update a frame.
 */
export function useBytesAtCursor(): Uint8Array {
  const cursor = useHexView((s) => s.cursor);
  const size = useHexView((s) => s.size);
  return useBytesAt(cursor, Math.max(0, Math.min(LONGEST_ROW, size - cursor)));
}

/** Table rows for EXTRA_ROWS, little and big endian, in the inspector's table. */
export function ExtraRows({ bytes }: { bytes: Uint8Array }) {
  return (
    <>
      {EXTRA_ROWS.map((id) => (
        <tr key={id} data-testid={`inspect-${id}`}>
          <th>{ROW_LABELS[id]}</th>
          <td>{decodeRow(id, bytes, true)?.text ?? '—'}</td>
          <td>{decodeRow(id, bytes, false)?.text ?? '—'}</td>
        </tr>
      ))}
    </>
  );
}

/** Memoised, without props: a byte change does not re-render (and re-set) its controls. */
export const ValueEditor = memo(function ValueEditor() {
  const session = useSession();
  const cursor = useHexView((s) => s.cursor);
  const [type, setType] = useState<RowId>('u32');
  const [littleEndian, setLittleEndian] = useState(true);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);

  function write(event: FormEvent) {
    event.preventDefault();
    const { window, size } = session.stores.bytes.getState();
    const encoded = encodeAtCursor(type, value, littleEndian, bytesFrom(window, cursor, size));
    if (!encoded.ok) return setError(encoded.error);
    setError(null);
    void session.edit(cursor, encoded.value, `${ROW_LABELS[type]} edit`);
  }

  return (
    <form className="value-editor edit-row" onSubmit={write} aria-label="Edit value at cursor">
      <select aria-label="Value type" value={type} onChange={(e) => setType(e.target.value as RowId)}>
        {ROW_IDS.map((id) => (
          <option key={id} value={id}>
            {ROW_LABELS[id]}
          </option>
        ))}
      </select>
      <select
        aria-label="Byte order"
        value={littleEndian ? 'little' : 'big'}
        onChange={(e) => setLittleEndian(e.target.value === 'little')}
      >
        <option value="little">Little endian</option>
        <option value="big">Big endian</option>
      </select>
      <input aria-label="New value" value={value} onChange={(e) => setValue(e.target.value)} size={14} spellCheck={false} />
      <button type="submit">Write value</button>
      {error && (
        <div className="form-error" role="alert" data-testid="value-editor-error">
          {error}
        </div>
      )}
    </form>
  );
});
