// The value at the cursor, read as each common type, both byte orders.
import { readingsAt, utf16At } from '../lib/inspect';
import { hex } from '../lib/offsets';
import { useBytes, useHexView } from '../sessionContext';
import { ExtraRows, useBytesAtCursor, ValueEditor } from '../edit/ValueEditor';

export function DataInspector() {
  const cursor = useHexView((s) => s.cursor);
  const hasWindow = useBytes((s) => s.window !== null);
  // Only the bytes at the cursor: a write elsewhere does not re-render the inspector.
  const atCursor = useBytesAtCursor();
  const get = (offset: number) => (offset >= cursor ? atCursor[offset - cursor] : undefined);
  const loaded = atCursor.length > 0;
  return (
    <section className="panel data-inspector" data-testid="data-inspector" aria-label="Data inspector">
      <h2>
        Data inspector <span className="muted">at 0x{hex(cursor, 1)}</span>
      </h2>
      {!loaded ? (
        <div className="muted" data-testid="inspector-idle">
          {hasWindow ? 'The cursor is scrolled out of view: click a byte to inspect it.' : 'Loading the bytes…'}
        </div>
      ) : (
        <table>
          <colgroup>
            <col className="type" />
            <col />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th>Type</th>
              <th>Little endian</th>
              <th>Big endian</th>
            </tr>
          </thead>
          <tbody>
            {readingsAt(get, cursor).map((r) => (
              <tr key={r.label} data-testid={`inspect-${r.label}`}>
                <th>{r.label}</th>
                <td>{r.little}</td>
                <td>{r.big}</td>
              </tr>
            ))}
            <tr data-testid="inspect-utf16">
              <th>UTF-16</th>
              <td colSpan={2}>{utf16At(get, cursor)}</td>
            </tr>
            <ExtraRows bytes={atCursor} />
          </tbody>
        </table>
      )}
      {loaded && <ValueEditor />}
    </section>
  );
}
