// Selection facts: length, CRC-32, Adler-32 and SHA-256 of the selection (or
// of the byte at the cursor), computed in the main process. Asked for a short
// moment after the selection stops changing, so a drag costs one digest. At a
// moment in the History they are of that moment's bytes, computed in the
// window, and say so; where the History's bytes do not hold the selection,
// the panel says that instead of showing the live block's facts.
import { useEffect } from 'react';
import { countOf, hex } from '../lib/offsets';
import { useBlock, useHexView, useSelectionFacts, useSession } from '../sessionContext';
import { selectionRange } from '../stores/hexView';
import { useMomentBytes } from './historyView';
import { followBytesAt, usePanelShown } from './useBytesAt';
import { MomentBadge, OutsideMoment } from './MomentBadge';
import { countRender } from '../lib/renderCounts';
import './SelectionFacts.css';

const SETTLE_MS = 150;

export function SelectionFacts() {
  countRender('selection-facts');
  const session = useSession();
  const name = useBlock((s) => s.info?.name ?? null);
  const cursor = useHexView((s) => s.cursor);
  const anchor = useHexView((s) => s.anchor);
  const size = useHexView((s) => s.size);
  const computed = useSelectionFacts((s) => s.facts);
  const factsMoment = useSelectionFacts((s) => s.momentTime);
  const computing = useSelectionFacts((s) => s.computing);
  const error = useSelectionFacts((s) => s.error);
  const [start, end] = selectionRange({ cursor, anchor }) ?? [cursor, cursor];
  const length = size === 0 ? 0 : end - start + 1;
  const atMoment = useMomentBytes(start, length);
  const moment = atMoment?.moment ?? null;
  // Facts of another moment than the one shown are not shown (they wait for their own).
  const facts = factsMoment === (moment?.time ?? null) ? computed : null;
  const shown = usePanelShown();

  useEffect(() => {
    if (!name || length === 0) return;
    const store = session.stores.selectionFacts.getState();
    if (atMoment && !atMoment.bytes) return; // said on screen instead
    const compute = atMoment
      ? () => store.computeOf(start, atMoment.bytes!, atMoment.moment.time)
      : () => store.compute(name, start, length);
    let timer = setTimeout(() => void compute(), SETTLE_MS);
    // A write inside the selection (where this window watches) asks for the facts again once the
    // writes settle: it restarts the wait, and renders nothing. A hidden panel follows no bytes.
    const stopFollowing =
      atMoment || !shown
        ? null
        : followBytesAt(
            session.stores.bytes,
            start,
            length,
            () => {
              clearTimeout(timer);
              timer = setTimeout(() => void compute(), SETTLE_MS);
            },
            { newWindow: false },
          );
    return () => {
      clearTimeout(timer);
      stopFollowing?.();
    };
  }, [session, name, start, length, atMoment, shown]);

  const rows: [string, string][] = facts
    ? [
        ['Length', countOf(facts.length, 'byte')],
        ['CRC-32', hex(facts.crc32, 8)],
        ['Adler-32', hex(facts.adler32, 8)],
        ['SHA-256', facts.sha256],
      ]
    : [];
  return (
    <section className="panel selection-facts" aria-label="Selection facts" data-testid="selection-facts" aria-busy={computing}>
      <h2>
        Selection facts{' '}
        <span className="muted">
          0x{hex(start, 1)}–0x{hex(end, 1)}
        </span>
      </h2>
      <MomentBadge moment={moment} />
      {atMoment && !atMoment.bytes ? (
        <OutsideMoment moment={atMoment.moment} what="The selection" />
      ) : error ? (
        <div className="form-error" role="alert">
          {error}
        </div>
      ) : (
        <dl>
          {rows.map(([label, value]) => (
            <div key={label} className="fact-row">
              <dt>{label}</dt>
              <dd aria-label={label} data-testid={`facts-${label.toLowerCase().replace(/[^a-z0-9]/g, '')}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {computing && (
        <div className="muted" role="status">
          Computing…
        </div>
      )}
    </section>
  );
}
