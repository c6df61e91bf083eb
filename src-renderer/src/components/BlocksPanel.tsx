// The block browser ("Blocks"): every shared memory object on the machine, in
// sections (named, unlinked, memfd, anonymous, System V, Windows), refreshed
// every second while open, filtered by name and by process (pid or command
// line) and sorted by any column. Each entry shows its processes by pid and
// full command line. Only the rows in view are
// rendered (fixed-height rows under one tall spacer), so 10,000 entries scroll
// as smoothly as ten. An entry opens read-only in this window; Ctrl/Cmd+click
// or its "Open in new window" button opens it in a new window. A name that is
// no block (FIFO, symlink, directory...) is listed with the reason, not openable.
import { useEffect, useMemo, useRef, useState } from 'react';
import { writePageParams } from '../../../src-shared/page-params';
import type { ListingSortKey, SharedMemoryEntry } from '../contract';
import { countOf, formatSizeShort } from '../lib/offsets';
import { KIND_TITLES, openNameOf, visibleRows, type BrowserRow } from '../stores/blockBrowser';
import { useBlockBrowser, useSession } from '../sessionContext';
import { DisclosureButton } from './DisclosureButton';
import './BlocksPanel.css';

const REFRESH_MS = 1000;
const ROW_HEIGHT = 28;
const VIEW_HEIGHT = 320;
/** Rows rendered beyond each edge of the view, so a fast scroll shows no gap. */
const OVERSCAN = 8;

const COLUMNS: ReadonlyArray<{ key: ListingSortKey; label: string }> = [
  { key: 'name', label: 'Name' },
  { key: 'size', label: 'Size' },
  { key: 'owner', label: 'Owner' },
  { key: 'mode', label: 'Mode' },
  { key: 'changed', label: 'Last change' },
  { key: 'processes', label: 'Processes' },
];

export function BlocksPanel() {
  const open = useBlockBrowser((s) => s.open);
  const toggle = useBlockBrowser((s) => s.toggle);
  const panelRef = useRef<HTMLElement>(null);
  const focusToggle = () => panelRef.current?.querySelector<HTMLButtonElement>('button[aria-expanded]')?.focus();
  return (
    <section className="blocks-panel" aria-label="Blocks" ref={panelRef}>
      <DisclosureButton open={open} controls="blocks-browser" onToggle={toggle} data-testid="blocks-toggle">
        Blocks
      </DisclosureButton>
      {open && <BlockBrowser onOpened={focusToggle} />}
    </section>
  );
}

function BlockBrowser({ onOpened }: { onOpened: () => void }) {
  const session = useSession();
  const { entries, note, error, filter, processFilter, sortKey, descending, setFilter, setProcessFilter, refresh, close } = useBlockBrowser(
    (s) => s,
  );
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  const rows = useMemo(
    () => visibleRows(entries, filter, sortKey, descending, processFilter),
    [entries, filter, sortKey, descending, processFilter],
  );
  // Opened, the browser closes and the focus goes back to its button (the entry's button is gone); a refusal keeps it open.
  const openHere = async (entry: SharedMemoryEntry) => {
    if (!(await session.openBlock({ name: openNameOf(entry), readOnly: true }))) return;
    close();
    onOpened();
  };
  return (
    <div id="blocks-browser" className="blocks-browser">
      <div className="form-row">
        <input
          type="search"
          aria-label="Filter blocks"
          placeholder="Filter by name"
          value={filter}
          data-testid="blocks-filter"
          onChange={(e) => setFilter(e.target.value)}
        />
        <input
          type="search"
          aria-label="Filter by process"
          placeholder="Filter by process (pid or command line)"
          value={processFilter}
          data-testid="blocks-process-filter"
          onChange={(e) => setProcessFilter(e.target.value)}
        />
        <span className="muted" data-testid="blocks-count">
          {rows.filter((r) => r.type === 'entry').length} of {entries.length}
        </span>
      </div>
      {note && (
        <p className="muted" data-testid="blocks-note">
          {note}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div role="table" aria-label="Shared memory objects" aria-rowcount={rows.length + 1} className="blocks-table">
        <ColumnHeaders />
        <VirtualRows rows={rows} onOpen={(entry) => void openHere(entry)} />
      </div>
    </div>
  );
}

function ColumnHeaders() {
  const { sortKey, descending, sortBy } = useBlockBrowser((s) => s);
  return (
    <div role="row" aria-rowindex={1} className="blocks-row blocks-head">
      {COLUMNS.map((column) => (
        <span
          key={column.label}
          role="columnheader"
          aria-sort={column.key === sortKey ? (descending ? 'descending' : 'ascending') : 'none'}
        >
          <button type="button" className="link" onClick={() => sortBy(column.key)}>
            {column.label}
          </button>
        </span>
      ))}
      <span role="columnheader">Notes</span>
    </div>
  );
}

function VirtualRows({ rows, onOpen }: { rows: BrowserRow[]; onOpen: (entry: SharedMemoryEntry) => void }) {
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div
      className="blocks-scroll"
      style={{ height: VIEW_HEIGHT }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid="blocks-scroll"
    >
      <div role="rowgroup" style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
        {rows.slice(first, last).map((row, i) => {
          const index = first + i;
          const style = { position: 'absolute' as const, top: index * ROW_HEIGHT, height: ROW_HEIGHT, left: 0, right: 0 };
          return row.type === 'section' ? (
            <div key={`section-${row.kind}`} role="row" aria-rowindex={index + 2} className="blocks-row blocks-section" style={style}>
              <span role="cell">
                {KIND_TITLES[row.kind]} ({row.count})
              </span>
            </div>
          ) : (
            <EntryRow key={`${row.entry.kind}-${row.entry.name}`} entry={row.entry} rowIndex={index + 2} style={style} onOpen={onOpen} />
          );
        })}
      </div>
    </div>
  );
}

function EntryRow({
  entry,
  rowIndex,
  style,
  onOpen,
}: {
  entry: SharedMemoryEntry;
  rowIndex: number;
  style: React.CSSProperties;
  onOpen: (entry: SharedMemoryEntry) => void;
}) {
  // Each process by pid and full command line (`postgres: checkpointer`, not `postgres`).
  const processes = entry.processes.map((p) => `${p.pid} ${p.commandLine}`).join('\n');
  return (
    <div role="row" aria-rowindex={rowIndex} className="blocks-row" style={style} data-testid="blocks-entry" data-name={entry.name}>
      <span role="cell">
        <button
          type="button"
          className="link"
          title={entry.unusable ? entry.unusable.reason : 'Open read-only in this window (Ctrl/Cmd+click: in a new window)'}
          disabled={entry.unusable !== undefined}
          onClick={(e) => (e.ctrlKey || e.metaKey ? openInNewWindow(entry) : onOpen(entry))}
        >
          {entry.name}
        </button>
      </span>
      <span role="cell" title={entry.size === null ? undefined : countOf(entry.size, 'byte')}>
        {entry.size === null ? '—' : formatSizeShort(entry.size)}
      </span>
      <span role="cell">{entry.ownerName ?? entry.ownerUid ?? '—'}</span>
      <span role="cell">{entry.mode === null ? '—' : entry.mode.toString(8).padStart(4, '0')}</span>
      <span role="cell">{entry.changedAt === null ? '—' : new Date(entry.changedAt).toLocaleTimeString()}</span>
      <span role="cell" title={processes} className="blocks-processes" data-testid="blocks-processes">
        {entry.processes.length === 0
          ? '—'
          : entry.processes.map((p) => (
              <span key={p.pid} className="blocks-process">
                <span className="blocks-pid">{p.pid}</span> {p.commandLine}
              </span>
            ))}
      </span>
      <span role="cell">
        {notesOf(entry)}{' '}
        <button
          type="button"
          className="small"
          aria-label={`Open ${entry.name} in new window`}
          disabled={entry.unusable !== undefined}
          onClick={() => openInNewWindow(entry)}
        >
          ↗
        </button>
      </span>
    </div>
  );
}

function notesOf(entry: SharedMemoryEntry): string {
  const notes: string[] = [];
  if (entry.unusable) notes.push(entry.unusable.reason); // a FIFO, a symlink (and where to): listed, never opened
  if (entry.hasLockCompanion) notes.push('our lock beside it');
  // What maps shows (`/memfd:wayland-shm (deleted)`): the only name such an object has.
  if (entry.proc) notes.push(`${entry.systemName}, device ${entry.proc.device}, inode ${entry.proc.inode}`);
  if (entry.sysv)
    notes.push(`key 0x${(entry.sysv.key >>> 0).toString(16).padStart(8, '0')}, id ${entry.sysv.id}, ${entry.sysv.attachCount} attached`);
  return notes.join('; ');
}

/** A new window on the entry, read-only and never creating it (page-params: access=read-only, create=0). */
function openInNewWindow(entry: SharedMemoryEntry): void {
  const query = writePageParams({ block: openNameOf(entry), access: 'read-only', create: false }, window.location.search);
  window.open(`${window.location.pathname}?${query}`, '_blank', 'noopener');
}
