// Files: Export (the block or the selection, as a download: in Electron its
// default download handling asks where to save), Import (a file into the
// block at an offset, after a confirmation that says how many bytes will
// change) and Compare with file (the differing ranges, listed and
// highlighted in the hex view).
import { useEffect, useRef, useState, type ChangeEvent, type RefObject } from 'react';
import { parseGoto } from '../../../src-shared/lib/goto';
import { countOf, hex, spanLabel } from '../lib/offsets';
import { useBlock, useFiles, useHexView, useSession } from '../sessionContext';
import { selectionRange } from '../stores/hexView';
import { chosenFile } from '../lib/chosenFile';
import { IMPORTING } from '../stores/files';
import './FilesPanel.css';
import { downloadBlob } from '../lib/download';

/** Ranges listed under a comparison; the rest are counted. */
const LISTED_RANGES = 50;

function StopImportButton() {
  const session = useSession();
  return (
    <button type="button" onClick={() => session.stores.files.getState().stopImport()}>
      Stop import
    </button>
  );
}

export function FilesPanel() {
  const busy = useFiles((s) => s.busy);
  const error = useFiles((s) => s.error);
  const note = useFiles((s) => s.note);
  return (
    <section className="panel files-panel" aria-label="Files" data-testid="files-panel">
      <h2>Files</h2>
      <ExportForm />
      <ImportForm />
      <CompareForm />
      <div role="status" className="muted" data-testid="files-status">
        {busy ?? note}
      </div>
      {busy === IMPORTING && <StopImportButton />}
      {error && (
        <div className="form-error" role="alert" data-testid="files-error">
          {error}
        </div>
      )}
    </section>
  );
}

function ExportForm() {
  const session = useSession();
  const name = useBlock((s) => s.info?.name ?? null);
  const size = useHexView((s) => s.size);
  const cursor = useHexView((s) => s.cursor);
  const anchor = useHexView((s) => s.anchor);
  const busy = useFiles((s) => s.busy !== null);
  const [what, setWhat] = useState<'block' | 'selection'>('block');
  const selection = selectionRange({ cursor, anchor });
  const button = useRef<HTMLButtonElement>(null);
  useMenuCommand('export', () => button.current?.click());

  async function exportNow() {
    if (!name) return;
    const [offset, end] = what === 'selection' && selection ? selection : [0, size - 1];
    const blob = await session.stores.files.getState().exportRange(name, offset, end - offset + 1);
    if (blob) downloadBlob(blob, what === 'selection' && selection ? `${name}-0x${hex(offset, 1)}-0x${hex(end, 1)}.bin` : `${name}.bin`);
  }

  return (
    <div className="files-row">
      <select aria-label="Export what" value={what} onChange={(e) => setWhat(e.target.value as 'block' | 'selection')}>
        <option value="block">the whole block</option>
        <option value="selection" disabled={!selection}>
          the selection
        </option>
      </select>
      <button type="button" ref={button} disabled={busy || !name} onClick={() => void exportNow()} title="Ctrl+E in the app's menu">
        Export
      </button>
    </div>
  );
}

function ImportForm() {
  const session = useSession();
  const name = useBlock((s) => s.info?.name ?? null);
  const size = useHexView((s) => s.size);
  const cursor = useHexView((s) => s.cursor);
  const busy = useFiles((s) => s.busy !== null);
  const plan = useFiles((s) => s.importPlan);
  const [at, setAt] = useState('0');
  const [atError, setAtError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useMenuCommand('import', () => input.current?.click());

  async function onChosen(event: ChangeEvent<HTMLInputElement>) {
    const file = chosenFile(event);
    const offset = parseGoto(at, { cursor, size });
    if (!offset.ok) return void setAtError(offset.error);
    setAtError(null);
    if (file && name) await session.stores.files.getState().planImport(name, size, file, offset.value);
  }

  return (
    <>
      <div className="files-row">
        <label>
          at
          <input
            className="files-offset"
            aria-label="Import at offset"
            value={at}
            onChange={(e) => setAt(e.target.value)}
            spellCheck={false}
            title="Hex as in Go to (FA0, 0xFA0), #decimal, +N/-N from the cursor"
          />
        </label>
        <FilePicker inputRef={input} label="Import file" onChange={onChosen} />
        <button type="button" disabled={busy || !name} onClick={() => input.current?.click()}>
          Import
        </button>
      </div>
      {atError && <div className="form-error">{atError}</div>}
      {plan && (
        <div className="files-confirm" role="alertdialog" aria-label="Confirm import" data-testid="import-confirm">
          <p>
            Write “{plan.fileName}” ({countOf(plan.bytes.length, 'byte')}) at 0x{hex(plan.offset, 1)}?{' '}
            <b>{countOf(plan.changed, 'byte')} will change.</b>
          </p>
          <button type="button" className="primary" onClick={() => void session.stores.files.getState().confirmImport()}>
            Write
          </button>
          <button type="button" onClick={() => session.stores.files.getState().cancelImport()}>
            Cancel
          </button>
        </div>
      )}
    </>
  );
}

function CompareForm() {
  const session = useSession();
  const name = useBlock((s) => s.info?.name ?? null);
  const size = useHexView((s) => s.size);
  const busy = useFiles((s) => s.busy !== null);
  const comparison = useFiles((s) => s.comparison);
  const input = useRef<HTMLInputElement>(null);

  async function onChosen(event: ChangeEvent<HTMLInputElement>) {
    const file = chosenFile(event);
    if (file && name) await session.stores.files.getState().compare(name, size, file);
  }

  return (
    <>
      <div className="files-row">
        <FilePicker inputRef={input} label="Compare file" onChange={onChosen} />
        <button type="button" disabled={busy || !name} onClick={() => input.current?.click()}>
          Compare with file
        </button>
        {comparison && (
          <button type="button" onClick={() => session.stores.files.getState().clearComparison()}>
            Clear comparison
          </button>
        )}
      </div>
      {comparison && (
        <div className="files-diff" data-testid="compare-result">
          <p>
            “{comparison.fileName}”: {countOf(comparison.changed, 'byte')} differ in {countOf(comparison.ranges.length, 'range')}
            {comparison.fileLength !== size &&
              ` (the file is ${comparison.fileLength.toLocaleString('en')} bytes, the block ${size.toLocaleString('en')}; ${comparison.compared.toLocaleString('en')} compared)`}
            .
          </p>
          <ul aria-label="Differing ranges">
            {comparison.ranges.slice(0, LISTED_RANGES).map((r) => (
              <li key={r.offset}>
                <button
                  type="button"
                  data-testid="diff-range"
                  onClick={() => session.stores.hexView.getState().moveCursor(r.offset, false)}
                >
                  {spanLabel(r.offset, r.length)}
                </button>
              </li>
            ))}
          </ul>
          {comparison.ranges.length > LISTED_RANGES && (
            <p className="muted">and {countOf(comparison.ranges.length - LISTED_RANGES, 'more range', 'more ranges')}</p>
          )}
        </div>
      )}
    </>
  );
}

/** Runs `act` when the host's menu sends `command` (Electron's File › Export…, Import…). */
function useMenuCommand(command: string, act: () => void) {
  const session = useSession();
  const latest = useRef(act);
  useEffect(() => {
    latest.current = act;
  });
  useEffect(() => session.onMenuCommand((sent) => sent === command && latest.current()), [session, command]);
}

/** A file input kept out of sight (the button beside it opens it), still named for assistive tools and tests. */
function FilePicker({
  inputRef,
  label,
  onChange,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  label: string;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
}) {
  return <input ref={inputRef} type="file" className="files-input" aria-label={label} tabIndex={-1} onChange={(e) => void onChange(e)} />;
}
