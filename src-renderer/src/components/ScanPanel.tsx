// Value scan (Cheat Engine's workflow): a type, a first scan, then next scans
// that narrow the candidates. The scan runs in the main process over the whole
// block; this panel shows its progress, a page of candidates with their live
// values (re-read every half second), and a watch list. At a moment in the
// History the watch list shows that moment's values (the candidates are the
// scan's, of the block now, and say so).
import { useEffect, type FormEvent } from 'react';
import { decodeScanValue, scanTypeWidth } from '../../../src-shared/lib/scan-value';
import { SCAN_TYPES, type ScanNextMode, type ScanType } from '../contract';
import { hex } from '../lib/offsets';
import { useScan, useSession } from '../sessionContext';
import { SCAN_PAGE_ROWS, type ScanFirstMode, type WatchEntry } from '../stores/scan';
import { useMoment, type ShownMoment } from './historyView';
import { MomentBadge, OutsideMoment } from './MomentBadge';
import { usePanelShown } from './useBytesAt';
import './ScanPanel.css';

const REFRESH_MS = 500;

const FIRST_MODES: readonly { mode: ScanFirstMode; label: string }[] = [
  { mode: 'exact', label: 'Exact value' },
  { mode: 'range', label: 'Value between' },
  { mode: 'unknown', label: 'Unknown initial value' },
];

const NEXT_MODES: readonly { mode: ScanNextMode; label: string }[] = [
  { mode: 'increased', label: 'Increased' },
  { mode: 'decreased', label: 'Decreased' },
  { mode: 'changed', label: 'Changed' },
  { mode: 'unchanged', label: 'Unchanged' },
  { mode: 'increasedBy', label: 'Increased by' },
  { mode: 'decreasedBy', label: 'Decreased by' },
  { mode: 'exact', label: 'Exact value' },
  { mode: 'range', label: 'Value between' },
];

export function ScanPanel() {
  const session = useSession();
  const scan = session.stores.scan;
  const form = useScan((s) => s.form);
  const status = useScan((s) => s.status);
  const running = useScan((s) => s.running);
  const error = useScan((s) => s.error);
  const scanned = status !== null && status.steps > 0;
  const mode = scanned ? form.nextMode : form.firstMode;

  // Live values: the shown candidates and the watch list are re-read while the panel is shown and has some.
  const shown = usePanelShown();
  const hasValues = useScan((s) => s.watchList.length > 0 || s.candidates.length > 0);
  useEffect(() => {
    if (!shown || !hasValues) return;
    const timer = setInterval(() => void scan.getState().refreshValues(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [scan, shown, hasValues]);

  function submit(event: FormEvent) {
    event.preventDefault();
    void (scanned ? scan.getState().nextScan() : scan.getState().firstScan());
  }

  const set = scan.getState().setForm;
  return (
    <section className="panel scan-panel" data-testid="scan-panel" aria-label="Value scan">
      <h2>Value scan</h2>
      <form onSubmit={submit} className="scan-form">
        <div className="scan-row">
          <label>
            Type{' '}
            <select
              aria-label="Scan type"
              value={form.type}
              disabled={scanned || running}
              onChange={(e) => set({ type: e.target.value as ScanType })}
            >
              {SCAN_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            <select
              aria-label="Scan byte order"
              value={form.endianness}
              disabled={scanned || running}
              onChange={(e) => set({ endianness: e.target.value as 'little' | 'big' })}
            >
              <option value="little">little endian</option>
              <option value="big">big endian</option>
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              checked={form.aligned}
              disabled={scanned || running}
              onChange={(e) => set({ aligned: e.target.checked })}
            />{' '}
            Aligned
          </label>
        </div>
        <div className="scan-row">
          {scanned ? (
            <select
              aria-label="Next scan kind"
              value={form.nextMode}
              disabled={running}
              onChange={(e) => set({ nextMode: e.target.value as ScanNextMode })}
            >
              {NEXT_MODES.map((m) => (
                <option key={m.mode} value={m.mode}>
                  {m.label}
                </option>
              ))}
            </select>
          ) : (
            <select
              aria-label="First scan kind"
              value={form.firstMode}
              disabled={running}
              onChange={(e) => set({ firstMode: e.target.value as ScanFirstMode })}
            >
              {FIRST_MODES.map((m) => (
                <option key={m.mode} value={m.mode}>
                  {m.label}
                </option>
              ))}
            </select>
          )}
          {mode === 'exact' && (
            <input aria-label="Scan value" value={form.value} onChange={(e) => set({ value: e.target.value })} size={12} />
          )}
          {mode === 'range' && (
            <>
              <input aria-label="Scan minimum" value={form.min} onChange={(e) => set({ min: e.target.value })} size={8} />
              <input aria-label="Scan maximum" value={form.max} onChange={(e) => set({ max: e.target.value })} size={8} />
            </>
          )}
          {(mode === 'increasedBy' || mode === 'decreasedBy') && (
            <input aria-label="Scan by" value={form.by} onChange={(e) => set({ by: e.target.value })} size={8} />
          )}
        </div>
        <div className="scan-row">
          {scanned ? (
            <>
              <button type="submit" disabled={running}>
                Next scan
              </button>
              <button type="button" disabled={running} onClick={() => void scan.getState().newScan()}>
                New scan
              </button>
            </>
          ) : (
            <button type="submit" disabled={running}>
              First scan
            </button>
          )}
          {running && (
            <button type="button" onClick={() => void scan.getState().cancel()}>
              Cancel scan
            </button>
          )}
        </div>
      </form>
      <ScanProgress />
      {error && (
        <div className="error" role="alert" data-testid="scan-error">
          {error}
        </div>
      )}
      {scanned && <CandidateList />}
      <WatchList />
    </section>
  );
}

function ScanProgress() {
  const progress = useScan((s) => s.progress);
  if (!progress) return null;
  return <progress aria-label="Scan progress" data-testid="scan-progress" max={progress.total || 1} value={progress.done} />;
}

function CandidateList() {
  const session = useSession();
  const scan = session.stores.scan;
  const status = useScan((s) => s.status);
  const pageStart = useScan((s) => s.pageStart);
  const candidates = useScan((s) => s.candidates);
  const total = status?.count ?? 0;
  const live = useMoment() === null;
  const goThere = (offset: number) => session.stores.hexView.getState().moveCursor(offset, false);
  return (
    <div className="scan-candidates">
      <div data-testid="scan-count" data-steps={status?.steps ?? 0} role="status">
        {total.toLocaleString('en-US')} candidate{total === 1 ? '' : 's'}
        {total > SCAN_PAGE_ROWS && ` (showing ${pageStart + 1}–${Math.min(total, pageStart + SCAN_PAGE_ROWS)})`}
      </div>
      {total > SCAN_PAGE_ROWS && (
        <div className="scan-row">
          <button type="button" disabled={pageStart === 0} onClick={() => void scan.getState().showPage(pageStart - SCAN_PAGE_ROWS)}>
            Previous candidates
          </button>
          <button
            type="button"
            disabled={pageStart + SCAN_PAGE_ROWS >= total}
            onClick={() => void scan.getState().showPage(pageStart + SCAN_PAGE_ROWS)}
          >
            More candidates
          </button>
        </div>
      )}
      <table aria-label="Candidates">
        <thead>
          <tr>
            <th>Offset</th>
            <th>{live ? 'Value' : 'Value (live)'}</th>
            <th>Previous</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((c) => (
            <tr key={c.offset} data-testid="scan-candidate" data-offset={c.offset}>
              <td>
                <button type="button" className="link" aria-label={`Go to 0x${hex(c.offset, 1)}`} onClick={() => goThere(c.offset)}>
                  0x{hex(c.offset, 1)}
                </button>
              </td>
              <td data-testid="scan-current">{c.current}</td>
              <td className="muted">{c.previous}</td>
              <td>
                <button type="button" aria-label={`Watch 0x${hex(c.offset, 1)}`} onClick={() => scan.getState().addWatch(c.offset)}>
                  Watch
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WatchList() {
  const session = useSession();
  const watchList = useScan((s) => s.watchList);
  const moment = useMoment();
  if (watchList.length === 0) return null;
  const outside = moment !== null && watchList.some((w) => !moment.slice(w.offset, scanTypeWidth(w.type)));
  return (
    <>
      <MomentBadge moment={moment} />
      <table aria-label="Watch list" className="scan-watch">
        <thead>
          <tr>
            <th>Watched</th>
            <th>Type</th>
            <th>Value</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {watchList.map((w) => (
            <tr key={w.offset} data-testid="scan-watch" data-offset={w.offset}>
              <td>
                <button
                  type="button"
                  className="link"
                  aria-label={`Go to watched 0x${hex(w.offset, 1)}`}
                  onClick={() => session.stores.hexView.getState().moveCursor(w.offset, false)}
                >
                  0x{hex(w.offset, 1)}
                </button>
              </td>
              <td>
                {w.type} {w.endianness === 'big' ? 'BE' : 'LE'}
              </td>
              <WatchValue entry={w} moment={moment} />
              <td>
                <button
                  type="button"
                  aria-label={`Stop watching 0x${hex(w.offset, 1)}`}
                  onClick={() => session.stores.scan.getState().removeWatch(w.offset)}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {outside && <OutsideMoment moment={moment} what="A watched value shown as —" />}
    </>
  );
}

/** A watched value: live, or at the History's moment (a dash where its bytes do not reach, with why in the tooltip). */
function WatchValue({ entry, moment }: { entry: WatchEntry; moment: ShownMoment | null }) {
  if (!moment) return <td data-testid="scan-watch-value">{entry.value ?? '…'}</td>;
  const bytes = moment.slice(entry.offset, scanTypeWidth(entry.type));
  return (
    <td data-testid="scan-watch-value" title={bytes ? undefined : `Outside the bytes the History kept ${moment.label}`}>
      {bytes ? String(decodeScanValue(bytes, entry.type, entry.endianness)) : '—'}
    </td>
  );
}
