// The note each panel shows while the window shows a moment other than live:
// the same words everywhere (historyView.ts `momentLabel`), so a user sees at
// once that every panel shows the moment the Timeline shows.
import { useMoment, type ShownMoment } from './historyView';
import './MomentBadge.css';

export function MomentBadge({ moment }: { moment: ShownMoment | null }) {
  if (!moment) return null;
  return (
    <span className="moment-badge" role="note" aria-label={`Shown ${moment.label}`} data-testid="moment-badge">
      {moment.label}
    </span>
  );
}

/** What a panel says where the History's bytes for the moment do not hold what it needs (it shows nothing rather than mix moments). */
export function OutsideMoment({ moment, what }: { moment: ShownMoment; what: string }) {
  return (
    <div className="moment-outside" role="status" data-testid="moment-outside">
      {what} is outside the bytes the History kept {moment.label}: press Live, or scroll the hex view there.
    </div>
  );
}

/** The badge for the moment the Timeline shows now (for a view that reads no bytes through useMomentBytes). */
export function CurrentMomentBadge() {
  return <MomentBadge moment={useMoment()} />;
}
