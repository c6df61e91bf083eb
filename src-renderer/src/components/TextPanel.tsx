// The seed's string: live, and the original SetSharedMem / GetSharedMem.
import { useLayoutEffect, useRef } from 'react';
import { countRender } from '../lib/renderCounts';
import { useAfterStringSpan, useBlock, useLiveString, useSession, useTextForm } from '../sessionContext';
import type { SetOutcome } from '../stores/textForm';
import { whyNoChanges } from '../session';
import { NO_CHANGES_REASON_ID } from './BlockSafety';

export function TextPanel() {
  return (
    <section className="panel text-panel" data-testid="text-panel" aria-label="Text">
      <h2>
        Text <span className="muted">UTF-16LE at offset 0</span>
      </h2>
      <LiveText />
      <SetForm />
      <GetForm />
    </section>
  );
}

/**
 * The string as it is now. Its text follows the store outside React
 * (zustand's transient updates), as the hex view's cells do: a writer that
 * changes the string at every write patches one text node and renders
 * nothing here (a render cost the page about 0.4 ms a write). React renders
 * only what changes its structure: loaded, empty, the length.
 */
function LiveText() {
  countRender('live-text');
  const session = useSession();
  const empty = useLiveString((s) => s.text === '');
  const units = useLiveString((s) => s.units);
  const loaded = useLiveString((s) => s.loaded);
  const capacity = useBlock((s) => s.info?.capacityUnits ?? 0);
  const textRef = useRef<HTMLDivElement>(null);
  const mode = !loaded ? 'reading' : empty ? 'empty' : 'text';
  useLayoutEffect(() => {
    const element = textRef.current;
    if (!element || mode !== 'text') return;
    const { liveString } = session.stores;
    element.textContent = liveString.getState().text;
    // An empty text changes the mode: React renders its note in a new element (the key below).
    return liveString.subscribe((state, previous) => {
      if (state.text !== previous.text && state.text !== '') element.textContent = state.text;
    });
  }, [session, mode]);
  return (
    <>
      <span className="field-label">In the block now</span>
      {/* Keyed by mode: the text element React renders empty and this component fills is never reused for a note. */}
      <div key={mode} ref={textRef} className="live-text" data-testid="live-text" data-empty={empty ? '1' : undefined}>
        {mode === 'reading' ? (
          <span className="muted">Reading…</span>
        ) : mode === 'empty' ? (
          <span className="muted">{EMPTY_STRING}</span>
        ) : null}
      </div>
      <div className="count" data-testid="live-count">
        {units} / {capacity} characters
      </div>
      <AfterStringNote />
      <LiveError />
    </>
  );
}

/** Says what the dimmed bytes after the NUL are, while there are some: they look like corruption otherwise. */
function AfterStringNote() {
  const span = useAfterStringSpan();
  if (!span) return null;
  return (
    <div className="note after-string-note" data-testid="after-string-legend">
      The {span[1] - span[0]} <span className="after-string">dimmed</span> bytes after the NUL are after the string: left over from a longer
      one. GetSharedMem and the readers stop at the NUL.
    </div>
  );
}

/** True whoever emptied it: a new block, a Set of "", or another process writing a NUL first. */
const EMPTY_STRING = '(empty: the first character is NUL)';

function LiveError() {
  const error = useLiveString((s) => s.error);
  if (!error) return null;
  return <FormError testId="live-error">{error}</FormError>;
}

/** A form's own error, right under that form, so it is never read as another form's. */
function FormError({ testId, children }: { testId: string; children: string }) {
  return (
    <div className="form-error" role="alert" data-testid={testId}>
      {children}
    </div>
  );
}

function SetForm() {
  const draft = useTextForm((s) => s.draft);
  const setDraft = useTextForm((s) => s.setDraft);
  const setting = useTextForm((s) => s.setting);
  const lastSet = useTextForm((s) => s.lastSet);
  const setError = useTextForm((s) => s.setError);
  const capacity = useBlock((s) => s.info?.capacityUnits ?? 0);
  const noChanges = useBlock(whyNoChanges);
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
      <label className="field-label" htmlFor="text-input">
        New text (SetSharedMem)
      </label>
      <textarea
        id="text-input"
        data-testid="text-input"
        aria-label="Text to store"
        placeholder="Type the text to store, e.g. This is a test string"
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
        <button
          type="submit"
          className="primary"
          disabled={setting || noChanges !== null}
          data-testid="set-button"
          title={noChanges ?? 'SetSharedMem (Ctrl+Enter)'}
          aria-describedby={noChanges ? NO_CHANGES_REASON_ID : undefined}
        >
          Set
        </button>
      </div>
      {lastSet && <SetResult result={lastSet} />}
      {setError && <FormError testId="set-error">{setError}</FormError>}
    </form>
  );
}

function SetResult({ result }: { result: SetOutcome }) {
  if (result.truncated) {
    return (
      <div className="note warn" role="status" data-testid="truncation-note">
        Truncated: stored {result.units} of {result.requestedUnits} characters. The block holds at most {result.capacityUnits} UTF-16
        characters plus the terminating NUL.
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
  const getError = useTextForm((s) => s.getError);
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
          <abbr className="jargon" data-testid="cch-explain" title={CCH_EXPLAINED}>
            cch
          </abbr>
          <input
            data-testid="get-cch"
            className="cch-input"
            placeholder="all"
            inputMode="numeric"
            value={cchDraft}
            onChange={(e) => setCchDraft(e.target.value)}
            title={CCH_EXPLAINED}
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
          <div className="get-text" data-testid="get-result-text">
            {lastGet.text}
          </div>
        </div>
      )}
      {getError && <FormError testId="get-error">{getError}</FormError>}
    </form>
  );
}

const CCH_EXPLAINED =
  'cch: count of characters, as in GetSharedMem(buf, cch): the size of the buffer in UTF-16 characters. ' +
  'At most cch - 1 come back, then the NUL. Leave it empty to read the whole string.';
