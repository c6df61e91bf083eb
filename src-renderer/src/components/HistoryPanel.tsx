// The History panel: the timeline over the main process's recording of this
// block (scrub or step back; Live returns; Pause freezes the view while the
// recording goes on), Export history as JSON Lines, Take baseline and the
// Differences from it. Keys anywhere outside a text field: `[` or Alt+Left
// one change back, `]` or Alt+Right one forward (past the newest: Live).
import { useEffect, useState } from 'react';
import { matches } from '../lib/keymap';
import { countOf, formatSizeShort, hex } from '../lib/offsets';
import { useBlock, useSession, useTimeline } from '../sessionContext';
import type { Session } from '../session';
import type { MarkedRange } from '../stores/timeline';
import { DisclosureButton } from './DisclosureButton';
import { formatTime } from './historyView';
import { usePanelShown } from './useBytesAt';
import './history.css';
import { downloadBlob } from '../lib/download';

/** How often the panel cools the rows' heat and, after a change, asks for new steps and fresh differences. */
const REFRESH_MS = 500;

export function HistoryPanel() {
  const session = useSession();
  useFollowMarks(session);
  useHistoryRefresh(session);
  useStepKeys(session);
  return (
    <section className="panel history-panel" aria-label="History" data-testid="history-panel">
      <h2>History</h2>
      <TimelineControls />
      <HistoryNote />
      <BaselineControls />
    </section>
  );
}

/** The range the window watches: what the timeline rebuilds and steps through. */
function watchedRange(session: Session): MarkedRange {
  const window = session.stores.bytes.getState().window;
  return window ? { offset: window.offset, length: window.bytes.length } : { offset: 0, length: 0 };
}

function TimelineControls() {
  const session = useSession();
  const { timeline, bytes } = session.stores;
  const steps = useTimeline((s) => s.steps);
  const position = useTimeline((s) => s.position);
  const paused = useTimeline((s) => s.paused);
  const frozen = useTimeline((s) => s.frozen);
  const live = position === null && !paused;
  const value = position ?? steps.length;
  const moment = frozen ? formatTime(frozen.time) : 'live';

  function pause() {
    if (paused) return timeline.getState().goLive();
    const window = bytes.getState().window;
    if (window) timeline.getState().pause({ offset: window.offset, bytes: window.bytes, time: Date.now() });
  }

  return (
    <div className="history-row">
      <input
        type="range"
        aria-label="Timeline"
        aria-valuetext={
          position === null ? (paused ? `paused at ${moment}` : 'live') : `${moment}, change ${position} of ${steps.length - 1}`
        }
        aria-keyshortcuts="[ ] Alt+ArrowLeft Alt+ArrowRight"
        min={0}
        max={steps.length}
        step={1}
        value={value}
        disabled={steps.length === 0}
        onChange={(event) => void timeline.getState().showStep(Number(event.target.value), watchedRange(session))}
        data-testid="timeline"
      />
      <span className="history-moment" data-testid="timeline-moment">
        {frozen ? <span className="frozen-badge">{paused ? 'Paused' : moment}</span> : 'Live'}
      </span>
      <button type="button" onClick={() => timeline.getState().goLive()} disabled={live} aria-keyshortcuts="]">
        Live
      </button>
      <button type="button" onClick={pause} aria-pressed={paused}>
        Pause
      </button>
      <button type="button" onClick={() => void exportHistory(session)}>
        Export history
      </button>
    </div>
  );
}

function HistoryNote() {
  const completeSince = useTimeline((s) => s.completeSince);
  const dropped = useTimeline((s) => s.dropped);
  const count = useTimeline((s) => s.changeCount);
  const frozen = useTimeline((s) => s.frozen);
  const error = useTimeline((s) => s.error);
  if (error) {
    return (
      <div className="form-error" role="alert">
        {error}
      </div>
    );
  }
  if (completeSince === null) return <div className="history-note">Recording the watched bytes…</div>;
  return (
    <div className={`history-note${dropped > 0 ? ' incomplete' : ''}`} data-testid="history-note" role="status">
      {count} changes recorded. History is complete from {formatTime(completeSince)}
      {dropped > 0 ? ` (${dropped} older changes dropped to stay in budget)` : ''}.{frozen ? ' The view is read-only until Live.' : ''}{' '}
      <HistoryCoverage />
    </div>
  );
}

/** What the recording covers: the whole block, or (blocks over the host's limit) the rows on screen only. */
function HistoryCoverage() {
  const size = useTimeline((s) => s.size);
  const limit = useBlock((s) => s.hello?.limits.wholeBlockHistoryMaxBytes);
  if (limit === undefined) return null;
  const text =
    size > limit
      ? `It records the rows on screen: blocks over ${formatSizeShort(limit)} are not recorded whole.`
      : 'It records the whole block.';
  return <span data-testid="history-coverage">{text}</span>;
}

function BaselineControls() {
  const session = useSession();
  const { timeline, hexView } = session.stores;
  const takenAt = useTimeline((s) => s.baselineTakenAt);
  const differences = useTimeline((s) => s.differences);
  const [open, setOpen] = useState(true);
  return (
    <>
      <div className="history-row">
        <button type="button" onClick={() => void timeline.getState().takeBaseline()}>
          Take baseline
        </button>
        <DisclosureButton
          open={open}
          controls="differences-list"
          regionShown={Boolean(differences)}
          disabled={takenAt === null}
          onToggle={() => setOpen(!open)}
        >
          Differences
        </DisclosureButton>
        {takenAt !== null && differences && (
          <span className="muted" data-testid="differences-count">
            {countOf(differences.totalRanges, 'range')}, {countOf(differences.totalBytes, 'byte')} differ from {formatTime(takenAt)}
          </span>
        )}
      </div>
      {open && differences && (
        <ul className="differences" id="differences-list" aria-label="Differences" data-testid="differences">
          {differences.ranges.map((range) => (
            <li key={range.offset}>
              <button type="button" onClick={() => hexView.getState().moveCursor(range.offset, false)}>
                0x{hex(range.offset, 1)} – {range.length} {range.length === 1 ? 'byte' : 'bytes'}
              </button>
            </li>
          ))}
          {differences.next !== null && <li className="muted">… and {differences.totalRanges - differences.ranges.length} more</li>}
        </ul>
      )}
    </>
  );
}

/**
 * While the panel is shown, the host pushes the scrollbar's marks for the
 * whole block (marksChanged) instead of being asked for them: an idle block
 * costs the host nothing. (A host that came back is asked again by the session's resync.)
 */
function useFollowMarks(session: Session) {
  const name = useTimeline((s) => s.name);
  useEffect(() => {
    if (!name) return;
    const { timeline } = session.stores;
    void timeline.getState().followMarks(name, true);
    return () => void timeline.getState().followMarks(name, false);
  }, [name, session]);
}

/**
 * While the panel is shown: the steps of the watched range and fresh
 * differences after a change, cooling heat. Scrolled out of the side column
 * (or a narrow window's other tab), it asks for none, and catches up at once
 * when it is shown again.
 */
function useHistoryRefresh(session: Session) {
  const name = useTimeline((s) => s.name);
  const shown = usePanelShown();
  useEffect(() => {
    if (!name || !shown) return;
    const { timeline } = session.stores;
    let lastSeen = '';
    const refresh = () => {
      const state = timeline.getState();
      state.coolDown(Date.now());
      // A change on screen, marks moved anywhere (whole-block history records off screen too), or the view moved.
      const range = watchedRange(session);
      const seen = `${state.changeSerial} ${range.offset} ${range.length}`;
      if (seen !== lastSeen || state.steps.length === 0) {
        lastSeen = seen;
        void state.refreshSteps(range);
      }
      void state.refreshDifferencesIfChanged();
    };
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [name, session, shown]);
}

/** `[` / `]` and Alt+Left / Alt+Right step through the changes, unless the user is typing in a field. */
function useStepKeys(session: Session) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!matches(event, 'history-step')) return;
      const target = event.target as HTMLElement | null;
      const typing = target?.matches?.('input:not([type=range]), textarea, select, [contenteditable]') ?? false;
      if (typing && !event.altKey) return; // [ and ] are characters there
      const delta = event.key === '[' || event.key === 'ArrowLeft' ? -1 : 1;
      event.preventDefault();
      void session.stores.timeline.getState().step(delta, watchedRange(session));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [session]);
}

async function exportHistory(session: Session) {
  const { timeline } = session.stores;
  const text = await timeline.getState().exportHistory();
  const name = timeline.getState().name;
  if (text === null || !name) return;
  downloadBlob(new Blob([text], { type: 'application/x-ndjson' }), `${name}-history.jsonl`);
}
