// shm-inspector list [PATTERN]: the core's listing (listBlocks), as a table or lines.
import { usedByProcess, type SharedMemoryEntry, type SharedMemoryKind, type ListingSortKey } from '../../../src-shared/listing';
import type { Runner } from '../context';
import { escapeForTerminal, humanSize, printTable, relativeAge, type Column, type Output } from '../output';

export const list: Runner = async ({ out, json, session }, parsed) => {
  const filter = parsed.positionals[0];
  const listing = await session().api.call('listBlocks', {
    ...(filter !== undefined ? { filter } : {}),
    ...(parsed.values['kind'] ? { kinds: parsed.values['kind'] as SharedMemoryKind[] } : {}),
    ...(parsed.values['sort'] ? { sort: parsed.values['sort'] as ListingSortKey } : {}),
    descending: parsed.values['reverse'] === true,
  });
  const holder = parsed.values['process'];
  if (typeof holder === 'string') listing.entries = listing.entries.filter((entry) => usedByProcess(entry, holder));
  if (json) {
    await out.line(JSON.stringify(listing));
  } else if (parsed.values['names']) {
    for (const entry of listing.entries) await out.line(escapeForTerminal(entry.name));
  } else {
    await printEntries(out, listing.entries);
    if (listing.note) out.status(`shm-inspector: note: ${listing.note}`);
  }
  return 0;
};

async function printEntries(out: Output, entries: SharedMemoryEntry[]): Promise<void> {
  const now = Date.now();
  const rows = entries.map((e) => [
    e.kind,
    escapeForTerminal(e.name) + (e.hasLockCompanion && out.terminal ? ' [lock]' : ''),
    out.terminal ? humanSize(e.size) : String(e.size ?? ''),
    escapeForTerminal(e.ownerName ?? (e.ownerUid === null ? '?' : String(e.ownerUid))),
    e.mode === null ? '?' : e.mode.toString(8).padStart(4, '0'),
    out.terminal ? relativeAge(e.changedAt, now) : e.changedAt === null ? '' : new Date(e.changedAt).toISOString(),
    processesCell(out, e),
    // Why a name is no block (a FIFO, a symlink and where to): hostile text, escaped like the name.
    e.unusable ? escapeForTerminal(e.unusable.reason) : '',
  ]);
  const columns: Column[] = [
    { title: 'KIND' },
    { title: 'NAME' },
    { title: 'SIZE', align: 'right' },
    { title: 'OWNER' },
    { title: 'MODE' },
    { title: 'AGE', align: 'right' },
    { title: 'PROCESSES' },
    { title: 'NOTE' },
  ];
  // Piped, every line has the note field (empty for a block); on a terminal the
  // NOTE column appears only when some name is no block.
  const withNotes = !out.terminal || entries.some((e) => e.unusable);
  await printTable(out, withNotes ? columns : columns.slice(0, -1), withNotes ? rows : rows.map((row) => row.slice(0, -1)), [
    null,
    'cyan',
    null,
    null,
    null,
    'dim',
    null,
    'yellow',
  ]);
}

function processesCell(out: Output, entry: SharedMemoryEntry): string {
  const pids = entry.processes.map((p) => (out.terminal ? `${p.pid} ${escapeForTerminal(p.command)}` : String(p.pid)));
  const attach = entry.sysv && entry.processes.length === 0 && entry.sysv.attachCount > 0 ? `nattch ${entry.sysv.attachCount}` : '';
  return pids.length ? pids.join(out.terminal ? ', ' : ',') : attach;
}
