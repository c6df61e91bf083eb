// The seed's string: live, and the original SetSharedMem / GetSharedMem.
import { useBlock, useLiveString, useSession, useTextForm } from '../sessionContext';
import type { SetOutcome } from '../stores/textForm';

export function TextPanel() {
  return (
    <section className="panel text-panel" data-testid="text-panel" aria-label="Text">
      <h2>
        Text <span className="muted">UTF-16LE at offset 0</span>
      </h2>
      <LiveText />
      <SetForm />
      <GetForm />
      <TextError />
    </section>
  );
}

function LiveText() {
  const live = useLiveString((s) => s.text);
  const units = useLiveString((s) => s.units);
  const loaded = useLiveString((s) => s.loaded);
  const capacity = useBlock((s) => s.info?.capacityUnits ?? 0);
  return (
    <>
      <span className="field-label">In the block now</span>
      <div className="live-text" data-testid="live-text" data-empty={live === '' ? '1' : undefined}>
        {!loaded ? <span className="muted">Reading…</span> : live === '' ? <span className="muted">(empty: the block starts zero-filled)</span> : live}
      </div>
      <div className="count" data-testid="live-count">
        {units} / {capacity} characters
      </div>
    </>
  );
}

function SetForm() {
  const draft = useTextForm((s) => s.draft);
  const setDraft = useTextForm((s) => s.setDraft);
  const setting = useTextForm((s) => s.setting);
  const lastSet = useTextForm((s) => s.lastSet);
  const capacity = useBlock((s) => s.info?.capacityUnits ?? 0);
  const session = useSession();
  const doSet = () => void session.setString();
  const tooLong = draft.length > capacity;
  return (
    <form
      className="set-form"
      onSubmit={(e) => {
        e.preventDefault();
        doSet();
      }}
    >
      <label className="field-label" htmlFor="text-input">New text (SetSharedMem)</label>
      <textarea
        id="text-input"
        data-testid="text-input"
        aria-label="Text to store"
        placeholder="This is a test string"
        value={draft}
        rows={2}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            doSet();
          }
        }}
      />
      <div className="form-row">
        <span className={`count${tooLong ? ' warn' : ''}`} data-testid="draft-count">
          {draft.length} / {capacity}
          {tooLong && ' — longer than the block holds; Set will truncate'}
        </span>
        <button type="submit" className="primary" disabled={setting} data-testid="set-button" title="SetSharedMem (Ctrl+Enter)">
          Set
        </button>
      </div>
      {lastSet && <SetResult result={lastSet} />}
    </form>
  );
}

function SetResult({ result }: { result: SetOutcome }) {
  if (result.truncated) {
    return (
      <div className="note warn" role="status" data-testid="truncation-note">
        Truncated: stored {result.units} of {result.requestedUnits} characters. The block holds at most{' '}
        {result.capacityUnits} UTF-16 characters plus the terminating NUL.
      </div>
    );
  }
  return (
    <div className="note" role="status" data-testid="set-result">
      Stored {result.units} characters.
    </div>
  );
}

function GetForm() {
  const cchDraft = useTextForm((s) => s.cchDraft);
  const setCchDraft = useTextForm((s) => s.setCchDraft);
  const getting = useTextForm((s) => s.getting);
  const lastGet = useTextForm((s) => s.lastGet);
  const session = useSession();
  return (
    <form
      className="get-form"
      onSubmit={(e) => {
        e.preventDefault();
        void session.getString();
      }}
    >
      <div className="form-row">
        <label>
          cch
          <input
            data-testid="get-cch"
            className="cch-input"
            placeholder="all"
            inputMode="numeric"
            value={cchDraft}
            onChange={(e) => setCchDraft(e.target.value)}
            title="GetSharedMem's buffer size in characters: at most cch - 1 come back"
          />
        </label>
        <button type="submit" disabled={getting} data-testid="get-button" title="GetSharedMem">
          Get
        </button>
      </div>
      {lastGet && (
        <div className="get-result" data-testid="get-result">
          <span className="muted">
            GetSharedMem{lastGet.cch !== null ? `(cch ${lastGet.cch})` : ''} → {lastGet.units} characters:
          </span>
          <div className="get-text" data-testid="get-result-text">{lastGet.text}</div>
        </div>
      )}
    </form>
  );
}

/** What went wrong with Set, with Get, and with reading the live string: each its own line, none hides another. */
function TextError() {
  const setError = useTextForm((s) => s.setError);
  const getError = useTextForm((s) => s.getError);
  const liveError = useLiveString((s) => s.error);
  if (!setError && !getError && !liveError) return null;
  return (
    <div className="form-error" role="alert" data-testid="text-error">
      {setError && <div data-testid="set-error">{setError}</div>}
      {getError && <div data-testid="get-error">{getError}</div>}
      {liveError && <div data-testid="live-error">{liveError}</div>}
    </div>
  );
}
