// The Blocks panel's rows (stores/blockBrowser.ts visibleRows): sections in
// the order named, unlinked, memfd, anonymous, System V, Windows, and the
// filter by process (a pid, or part of a command line).
import { describe, expect, it } from 'vitest';
import type { SharedMemoryEntry, SharedMemoryKind } from '../../src-shared/listing';
import { KIND_TITLES, visibleRows } from '../../src-renderer/src/stores/blockBrowser';

function entry(kind: SharedMemoryKind, name: string, processes: Array<[number, string]>): SharedMemoryEntry {
  return {
    kind,
    name,
    systemName: name,
    size: 4096,
    ownerUid: 0,
    ownerName: 'root',
    mode: 0o600,
    changedAt: 0,
    processes: processes.map(([pid, commandLine]) => ({ pid, command: commandLine.split(' ')[0]!, commandLine })),
    hasLockCompanion: false,
  };
}

const entries = [
  entry('section', 'Local\\x', []),
  entry('sysv', '0x00001234', [[30, 'postgres: checkpointer']]),
  entry('anonymous', 'proc:40:map:1000-2000', [
    [40, 'python3 app.py'],
    [41, 'python3 app.py'],
  ]),
  entry('memfd', 'proc:50:fd:7', [[50, '/usr/bin/pipewire']]),
  entry('unlinked', 'proc:60:fd:9', [[60, '/usr/lib/chromium/chromium --type=renderer']]),
  entry('posix', 'dllmemfilemap', [[70, 'node reader.cjs']]),
];

describe('the Blocks panel groups', () => {
  it('shows one section per kind, named, unlinked, memfd, anonymous, System V, Windows', () => {
    const sections = visibleRows(entries, '', 'name', false).filter((r) => r.type === 'section');
    expect(sections.map((r) => r.type === 'section' && KIND_TITLES[r.kind])).toEqual([
      'Named (/dev/shm)',
      'Unlinked',
      'memfd',
      'Anonymous shared',
      'System V segments',
      'Windows sections',
    ]);
  });

  it.each([
    ['postgres: check', ['0x00001234']],
    ['41', ['proc:40:map:1000-2000']],
    ['CHROMIUM', ['proc:60:fd:9']],
    ['4', []], // a pid matches whole, never as a prefix; no command line here holds a 4
    ['', entries.map((e) => e.name).sort()],
  ])('the process filter %j keeps %j', (filter, names) => {
    const rows = visibleRows(entries, '', 'name', false, filter);
    expect(rows.flatMap((r) => (r.type === 'entry' ? [r.entry.name] : [])).sort()).toEqual(names);
  });
});
