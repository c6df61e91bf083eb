// The seed's string: live, and the original SetSharedMem / GetSharedMem.
import { useBlockStore } from '../stores/block';
import { useTextStore } from '../stores/text';

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
  const live = useTextStore((s) => s.live);
  const units = useTextStore((s) => s.liveUnits);
  const loaded = useTextStore((s) => s.liveLoaded);
  const capacity = useBlockStore((s) => s.info?.capacityUnits ?? 0);
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
  const draft = useTextStore((s) => s.draft);
  const setDraft = useTextStore((s) => s.setDraft);
  const doSet = useTextStore((s) => s.set);
  const busy = useTextStore((s) => s.busy);
  const lastSet = useTextStore((s) => s.lastSet);
  const capacity = useBlockStore((s) => s.info?.capacityUnits ?? 0);
  const tooLong = draft.length > capacity;
  return (
    <form
      className="set-form"
      onSubmit={(e) => {
        e.preventDefault();
        void doSet();
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
            void doSet();
          }
        }}
      />
      <div className="form-row">
        <span className={`count${tooLong ? ' warn' : ''}`} data-testid="draft-count">
          {draft.length} / {capacity}
          {tooLong && ' — longer than the block holds; Set will truncate'}
        </span>
        <button type="submit" className="primary" disabled={busy} data-testid="set-button" title="SetSharedMem (Ctrl+Enter)">
          Set
        </button>
      </div>
      {lastSet && <SetResult result={lastSet} />}
    </form>
  );
}

function SetResult({ result }: { result: NonNullable<ReturnType<typeof useTextStore.getState>['lastSet']> }) {
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
  const cchDraft = useTextStore((s) => s.cchDraft);
  const setCchDraft = useTextStore((s) => s.setCchDraft);
  const doGet = useTextStore((s) => s.get);
  const busy = useTextStore((s) => s.busy);
  const lastGet = useTextStore((s) => s.lastGet);
  return (
    <form
      className="get-form"
      onSubmit={(e) => {
        e.preventDefault();
        void doGet();
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
        <button type="submit" disabled={busy} data-testid="get-button" title="GetSharedMem">
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

function TextError() {
  const error = useTextStore((s) => s.error);
  if (!error) return null;
  return (
    <div className="form-error" role="alert" data-testid="text-error">
      {error}
    </div>
  );
}
