// The value at the cursor, read as each common type, both byte orders.
import { memo, useDeferredValue, useMemo } from 'react';
import { readingsAt, utf16At } from '../lib/inspect';
import { hex } from '../lib/offsets';
import { useBytes, useHexView } from '../sessionContext';
import { ExtraRows, useBytesAtCursor, ValueEditor } from '../edit/ValueEditor';
import { useMoment, type ShownMoment } from './historyView';
import { MomentBadge } from './MomentBadge';
import { PlotThis } from './PlotButtons';
import { countRender } from '../lib/renderCounts';

/** As many bytes from the cursor as the longest reading takes (a GUID). */
const LONGEST_READING = 16;

/** The bytes the readings are made of: from the cursor, as many as the window holds (up to 16). */
interface AtCursor {
  cursor: number;
  bytes: Uint8Array;
}

export function DataInspector() {
  countRender('data-inspector');
  const cursor = useHexView((s) => s.cursor);
  const hasWindow = useBytes((s) => s.window !== null);
  const size = useHexView((s) => s.size);
  // Only the bytes at the cursor: a write elsewhere does not re-render the inspector.
  const liveBytes = useBytesAtCursor();
  // At a moment in the History, the bytes of that moment, as the hex view shows them.
  const moment = useMoment();
  const bytes = useMemo(() => (moment ? momentAtCursor(moment, cursor, size) : liveBytes), [moment, cursor, size, liveBytes]);
  const current = useMemo((): AtCursor => ({ cursor, bytes }), [cursor, bytes]);
  const shown = useDeferredOnMove(current);
  const loaded = shown.bytes.length > 0;
  return (
    <section className="panel data-inspector" data-testid="data-inspector" aria-label="Data inspector">
      <h2>
        Data inspector <span className="muted">at 0x{hex(shown.cursor, 1)}</span>
      </h2>
      <MomentBadge moment={moment} />
      {!loaded ? (
        <div className="muted" data-testid="inspector-idle">
          {hasWindow ? 'The cursor is scrolled out of view: click a byte to inspect it.' : 'Loading the bytes…'}
        </div>
      ) : (
        <Readings at={shown} />
      )}
      {/* A moment in the History is read-only: a value written now would not be what the readings show. */}
      {loaded && !moment && <ValueEditor />}
      {loaded && <PlotThis cursor={shown.cursor} />}
    </section>
  );
}

/**
 * The readings to show. A cursor move (a key held down) reaches the hex view
 * first: the forty readings at the new cursor render after it, in a render
 * React runs once that one is in the DOM, and meanwhile the old cursor's
 * readings stay (cursor and bytes together, never one cursor with another's
 * bytes). A write at the cursor is shown at once: it comes in the panels'
 * frame (useBytesAt), in the frame that paints the hex cells, and deferring it
 * would paint one more frame.
 */
function useDeferredOnMove(current: AtCursor): AtCursor {
  const deferred = useDeferredValue(current);
  return deferred.cursor === current.cursor ? current : deferred;
}

/** The table, memoised on the deferred bytes: the urgent render of a write passes it the same object and skips it. */
const Readings = memo(function Readings({ at }: { at: AtCursor }) {
  const { cursor, bytes } = at;
  const get = (offset: number) => (offset >= cursor ? bytes[offset - cursor] : undefined);
  return (
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
        <ExtraRows bytes={bytes} />
      </tbody>
    </table>
  );
});

/** The bytes from the cursor at a moment in the History, as far as its bytes reach (and the block). */
function momentAtCursor(moment: ShownMoment, cursor: number, size: number): Uint8Array {
  return moment.bytesFrom(cursor, Math.min(LONGEST_READING, size - cursor));
}
