// Child reader processes, as in the original example: each opens the block by
// name and prints what it read. On a block this window only reads (another
// program's, opened read-only) they matter little, so the strip starts
// collapsed to its heading there, a disclosure button that opens it.
import { useState } from 'react';
import type { ChildInfo, ReaderKind } from '../contract';
import { useBlock, useChildren } from '../sessionContext';
import { isReadOnly } from '../stores/block';
import { DisclosureButton } from './DisclosureButton';

/** One button per kind of reader, in the order the example's readme names them. */
const READER_BUTTONS: readonly { kind: ReaderKind; label: string; title: string }[] = Object.freeze([
  { kind: 'native', label: 'Launch native reader', title: 'Start the shm-reader executable on this block' },
  { kind: 'node', label: 'Launch Node reader', title: 'Start a Node.js process that reads the block through the addon' },
]);

export function ChildrenPanel() {
  const name = useBlock((s) => s.info?.name ?? null);
  const readOnly = useBlock(isReadOnly);
  // A new block (or access) starts the strip over: open on a writable block, collapsed on a read-only one.
  return <ChildrenStrip key={`${name}:${readOnly}`} startOpen={!readOnly} />;
}

function ChildrenStrip({ startOpen }: { startOpen: boolean }) {
  const [open, setOpen] = useState(startOpen);
  return (
    <section className="panel children-panel" data-testid="children-panel" aria-label="Child readers">
      <div className="children-controls">
        <h2>
          <DisclosureButton open={open} controls="children-body" onToggle={() => setOpen(!open)} data-testid="children-toggle">
            Child readers
          </DisclosureButton>
        </h2>
        {open && <ChildControls />}
      </div>
      {open && (
        <div id="children-body" className="children-body">
          <ChildList />
        </div>
      )}
    </section>
  );
}

function ChildControls() {
  const launch = useChildren((s) => s.launch);
  const launching = useChildren((s) => s.launching);
  const clear = useChildren((s) => s.clear);
  const batchDraft = useChildren((s) => s.batchDraft);
  const setBatchDraft = useChildren((s) => s.setBatchDraft);
  const launchBatch = useChildren((s) => s.launchBatch);
  const batchError = useChildren((s) => s.batchError);
  const error = useChildren((s) => s.error);
  const blockName = useBlock((s) => s.info?.name ?? null);
  const maxBatch = useBlock((s) => s.hello?.limits.maxBatch ?? 64);
  const disabled = launching || blockName === null;
  const start = (kind: ReaderKind, count = 1) => {
    if (blockName !== null) void launch(blockName, kind, count);
  };
  return (
    <>
      {READER_BUTTONS.map(({ kind, label, title }) => (
        <button key={kind} type="button" disabled={disabled} onClick={() => start(kind)} data-testid={`launch-${kind}`} title={title}>
          {label}
        </button>
      ))}
      <form
        className="batch"
        onSubmit={(e) => {
          e.preventDefault();
          if (blockName !== null) void launchBatch(blockName, maxBatch);
        }}
      >
        {/* Text, not type=number: what the user types stays as typed until Batch checks it. */}
        <input
          inputMode="numeric"
          value={batchDraft}
          aria-label={`Batch size, 1 to ${maxBatch}`}
          aria-invalid={batchError !== null}
          aria-describedby={batchError ? 'batch-error' : undefined}
          className="batch-input"
          data-testid="batch-size"
          spellCheck={false}
          onChange={(e) => setBatchDraft(e.target.value)}
        />
        <button
          type="submit"
          disabled={disabled}
          data-testid="launch-batch"
          title={`Start that many native readers at once (1 to ${maxBatch})`}
        >
          Batch ×{batchDraft.trim() || '?'}
        </button>
      </form>
      <button
        type="button"
        className="quiet"
        disabled={blockName === null}
        data-testid="clear-children"
        onClick={() => blockName !== null && void clear(blockName)}
        title="Forget this block's finished readers"
      >
        Clear finished
      </button>
      {batchError && (
        <span className="form-error inline" role="alert" id="batch-error" data-testid="batch-error">
          {batchError}
        </span>
      )}
      {error && (
        <span className="form-error inline" role="alert" data-testid="children-error">
          {error}
        </span>
      )}
    </>
  );
}

/** The host runs children for every block; this window lists those of its own block. */
function ChildList() {
  const all = useChildren((s) => s.children);
  const blockName = useBlock((s) => s.info?.name);
  const children = all.filter((c) => c.blockName === blockName);
  const elsewhere = all.length - children.length;
  const otherNote = elsewhere > 0 && (
    <span className="muted" data-testid="children-elsewhere">
      {' '}
      ({elsewhere} more on other blocks)
    </span>
  );
  if (children.length === 0) {
    return (
      <div className="empty" data-testid="children-empty">
        No child readers on this block yet. Launch one: it opens the block by name from another process and prints what it reads, like the
        original example's child.{otherNote}
      </div>
    );
  }
  return (
    <div className="children-table-wrap">
      <table className="children-table" data-testid="children-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Kind</th>
            <th>PID</th>
            <th>State</th>
            <th>Duration</th>
            <th>Exit</th>
            <th>Output</th>
          </tr>
        </thead>
        <tbody>
          {children.map((child) => (
            <ChildRow key={child.id} child={child} />
          ))}
        </tbody>
      </table>
      {otherNote}
    </div>
  );
}

function exitText(child: ChildInfo): string {
  if (child.state === 'running') return '';
  if (child.signal) return `signal ${child.signal}${child.timedOut ? ' (timed out)' : ''}`;
  if (child.exitCode !== null) return `code ${child.exitCode}`;
  return child.state === 'failed' ? 'did not start' : '';
}

function ChildRow({ child }: { child: ChildInfo }) {
  const output = [child.stdout.trimEnd(), child.stderr.trimEnd()].filter((s) => s !== '').join('\n');
  return (
    <tr data-testid="child-row" data-child-id={child.id} data-kind={child.kind} data-state={child.state}>
      <td>{child.id}</td>
      <td>{child.kind}</td>
      <td data-testid="child-pid">{child.pid ?? '—'}</td>
      <td>
        <span className={`state state-${child.state}`} data-testid="child-state">
          {child.state}
        </span>
      </td>
      <td>{child.durationMs === null ? '…' : `${child.durationMs.toFixed(0)} ms`}</td>
      <td data-testid="child-exit" className={child.exitCode === 0 ? 'ok' : 'bad'}>
        {exitText(child)}
      </td>
      <td className="child-output">
        <pre data-testid="child-stdout">{child.stdout.trimEnd()}</pre>
        {child.stderr.trim() !== '' && (
          <pre className="stderr" data-testid="child-stderr">
            {child.stderr.trimEnd()}
          </pre>
        )}
        {child.outputTruncated && <span className="muted"> (output truncated)</span>}
        {output === '' && child.state === 'running' && <span className="muted">…</span>}
      </td>
    </tr>
  );
}
