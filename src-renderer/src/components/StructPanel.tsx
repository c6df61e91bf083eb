// The Struct overlay: a C layout at a base offset, each field with its live
// value (flashing when it changes) and editable in place. The bytes come from
// the watched window when it covers the struct, else from a small read polled
// every REFRESH_MS. At a moment in the History (the Timeline's position) the
// fields show that moment's bytes, read-only, or say that the History's bytes
// for it do not hold the struct.
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { decodeStruct, type DecodedRow } from '../../../src-shared/lib/struct';
import { PlotStructField } from './PlotButtons';
import { hex } from '../lib/offsets';
import { useSession, useStruct } from '../sessionContext';
import { useBytesAt, usePanelShown } from './useBytesAt';
import { editorFor, EXAMPLE_STRUCT_SOURCE } from '../stores/struct';
import { useMomentBytes } from './historyView';
import { MomentBadge, OutsideMoment } from './MomentBadge';
import './StructPanel.css';
import { countRender } from '../lib/renderCounts';

const REFRESH_MS = 250;

export function StructPanel() {
  countRender('struct-panel');
  const session = useSession();
  const struct = session.stores.struct;
  const source = useStruct((s) => s.source);
  const baseText = useStruct((s) => s.baseText);
  const base = useStruct((s) => s.base);
  const baseError = useStruct((s) => s.baseError);
  const littleEndian = useStruct((s) => s.littleEndian);
  const layout = useStruct((s) => s.layout);
  const readBytes = useStruct((s) => s.readBytes);
  const editError = useStruct((s) => s.editError);
  const root = layout?.ok ? layout.root : null;
  // Only the struct's own bytes, once a frame at most: a write elsewhere (or with no struct laid) costs nothing here.
  const fromWindow = useBytesAt(base ?? 0, root && base !== null ? root.size : 0);
  // The watched window holds the struct only when it holds every byte of it.
  const watched = base !== null && root && fromWindow.length === root.size ? fromWindow : null;
  const covered = watched !== null;
  const atMoment = useMomentBytes(base ?? 0, root?.size ?? 0);
  const moment = atMoment?.moment ?? null;

  // Polled only while shown, live, and the watched window does not hold the struct.
  const shown = usePanelShown();
  useEffect(() => {
    if (!shown || moment || covered || !root || base === null) return;
    void struct.getState().refresh();
    const timer = setInterval(() => void struct.getState().refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [shown, moment, covered, root, base, struct]);

  const bytes = atMoment ? atMoment.bytes : (watched ?? readBytes);
  const rows = useMemo(() => (root && bytes ? decodeStruct(root, bytes, littleEndian) : []), [root, bytes, littleEndian]);

  return (
    <section className="panel struct-panel" data-testid="struct-panel" aria-label="Struct">
      <h2>Struct</h2>
      <MomentBadge moment={moment} />
      <div className="struct-controls">
        <label>
          Base{' '}
          <input aria-label="Struct base offset" value={baseText} size={10} onChange={(e) => struct.getState().setBase(e.target.value)} />
        </label>
        <label>
          <select
            aria-label="Struct byte order"
            value={littleEndian ? 'little' : 'big'}
            onChange={(e) => struct.getState().setLittleEndian(e.target.value === 'little')}
          >
            <option value="little">little endian</option>
            <option value="big">big endian</option>
          </select>
        </label>
      </div>
      <textarea
        aria-label="Struct layout (C)"
        data-testid="struct-source"
        className="struct-source"
        spellCheck={false}
        rows={5}
        placeholder={EXAMPLE_STRUCT_SOURCE}
        value={source}
        onChange={(e) => struct.getState().setSource(e.target.value)}
      />
      {baseError && (
        <div className="error" role="alert">
          {baseError}
        </div>
      )}
      {layout && !layout.ok && (
        <div className="error" role="alert" data-testid="struct-error">
          Line {layout.line}, column {layout.column}: {layout.message}
        </div>
      )}
      {editError && (
        <div className="error" role="alert" data-testid="struct-edit-error">
          {editError}
        </div>
      )}
      {root && base !== null && moment && !bytes && <OutsideMoment moment={moment} what="The struct" />}
      {root && base !== null && !(moment && !bytes) && (
        <table aria-label="Struct fields" className="struct-fields">
          <thead>
            <tr>
              <th>Offset</th>
              <th>Field</th>
              <th>Type</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <FieldRow key={row.path} row={row} base={base} readOnly={moment !== null} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function FieldRow({ row, base, readOnly }: { row: DecodedRow; base: number; readOnly: boolean }) {
  const session = useSession();
  const [draft, setDraft] = useState<string | null>(null);
  // Each change of the value remounts its cell (a new key), which replays the flash animation.
  const [seen, setSeen] = useState(row.value);
  const [changes, setChanges] = useState(0);
  if (seen !== row.value) {
    setSeen(row.value);
    setChanges(changes + 1);
  }
  // A moment in the History is read-only: it shows bytes that are not the block's now.
  const editable = !readOnly && row.hasValue && editorFor(row.type) !== null;
  const name = row.path || '(struct)';

  async function commit() {
    if (draft === null) return;
    if (await session.stores.struct.getState().writeField(row.offset, row.type, draft)) setDraft(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') void commit();
    if (event.key === 'Escape') setDraft(null);
  }

  return (
    <tr data-testid="struct-field" data-path={row.path} data-changes={changes}>
      <td>
        <button
          type="button"
          className="link"
          aria-label={`Go to field ${name}`}
          onClick={() => session.stores.hexView.getState().moveCursor(base + row.offset, false)}
        >
          0x{hex(base + row.offset, 1)}
        </button>
      </td>
      <td style={{ paddingLeft: `${row.depth * 0.8 + 0.3}em` }}>{name}</td>
      <td className="muted">
        {row.type} {row.hasValue && <PlotStructField offset={base + row.offset} type={row.type} path={row.path} />}
      </td>
      <td key={changes} data-testid="struct-value" className={changes > 0 ? 'struct-flash' : undefined}>
        {draft !== null ? (
          <input
            aria-label={`New value of ${name}`}
            autoFocus
            value={draft}
            size={14}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            onBlur={() => setDraft(null)}
          />
        ) : editable ? (
          <button type="button" className="struct-value" aria-label={`Edit ${name}: ${row.value}`} onClick={() => setDraft(row.value)}>
            {row.value}
          </button>
        ) : (
          row.value
        )}
      </td>
    </tr>
  );
}
