// The Blocks panel's store and its rows: sections by kind, a filter, a sort
// per column (the same key twice reverses), System V entries opened by id, and
// a refresh from a real core that sees a block another handle made.
import { afterAll, describe, expect, it } from 'vitest';
import type { SharedMemoryEntry, SharedMemoryKind } from '../../src-shared/contract';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { loadNative } from '../../src-main/core/native';
import { createBlockBrowserStore, openNameOf, visibleRows } from '../../src-renderer/src/stores/blockBrowser';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

afterAll(() => unlinkUsedBlocks());

function entry(kind: SharedMemoryKind, name: string, size: number): SharedMemoryEntry {
  return {
    kind,
    name,
    systemName: kind === 'posix' ? `/dev/shm/${name}` : name,
    size,
    ownerUid: 1000,
    ownerName: 'me',
    mode: 0o600,
    changedAt: 0,
    processes: [],
    hasLockCompanion: false,
    ...(kind === 'sysv' ? { sysv: { key: 0x1234, id: size, attachCount: 1, creatorPid: 1, lastPid: 1 } } : {}),
  };
}

describe('visibleRows', () => {
  const many = Array.from({ length: 10_000 }, (_, i) =>
    entry(i % 10 === 0 ? 'sysv' : 'posix', `obj-${String(i).padStart(5, '0')}`, (i * 7919) % 100_000),
  );

  it('puts POSIX, then System V, each under a header with its count', () => {
    const rows = visibleRows(many, '', 'name', false);
    expect(rows).toHaveLength(10_002);
    expect(rows[0]).toEqual({ type: 'section', kind: 'posix', count: 9000 });
    expect(rows[9001]).toEqual({ type: 'section', kind: 'sysv', count: 1000 });
  });

  it('filters by a case-insensitive part of the name, and sorts by size both ways', () => {
    const rows = visibleRows(many, 'OBJ-0001', 'size', false).filter((r) => r.type === 'entry');
    expect(rows.map((r) => (r.type === 'entry' ? r.entry.name : '')).every((n) => n.startsWith('obj-0001'))).toBe(true);
    expect(rows).toHaveLength(10);
    const sizes = (descending: boolean) =>
      visibleRows(many, '', 'size', descending).flatMap((r) => (r.type === 'entry' && r.entry.kind === 'posix' ? [r.entry.size!] : []));
    const ascending = sizes(false);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(sizes(true)).toEqual([...ascending].reverse());
  });

  it('sorts the Mode column by the permission bits, a Windows section (no bits) first', () => {
    const modes = [0o644, 0o600, 0o666, 0o640];
    const entries = [
      ...modes.map((mode, i) => ({ ...entry('posix', `m-${i}`, 4096), mode })),
      { ...entry('section', 'win', 4096), mode: null },
    ];
    const shown = (descending: boolean) =>
      visibleRows(entries, '', 'mode', descending).flatMap((r) => (r.type === 'entry' && r.entry.kind === 'posix' ? [r.entry.mode] : []));
    expect(shown(false)).toEqual([0o600, 0o640, 0o644, 0o666]);
    expect(shown(true)).toEqual([0o666, 0o644, 0o640, 0o600]);
    const all = visibleRows([...entries].reverse(), '', 'mode', false).flatMap((r) => (r.type === 'entry' ? [r.entry.mode] : []));
    expect(all[all.length - 1]).toBeNull(); // sections come last as a group, whatever the sort
  });

  it('opens a System V segment by its id, anything else by its name', () => {
    expect(openNameOf(entry('sysv', '0x00001234', 42))).toBe('sysv:42');
    expect(openNameOf(entry('posix', 'plain', 1))).toBe('plain');
  });
});

describe('the block browser store', () => {
  it('refreshes from the host, and the same column twice reverses the sort', async () => {
    const core = new InspectorCore({ host: 'browser' });
    const api = createInProcessApi(core, 'browser-test');
    try {
      const store = createBlockBrowserStore(api);
      const name = uniqueBlockName('browse');
      loadNative().openBlock({ name, size: 4096 }).close();
      await store.getState().refresh();
      expect(store.getState().error).toBeNull();
      if (process.platform === 'linux') expect(store.getState().entries.map((e) => e.name)).toContain(name);
      store.getState().sortBy('size');
      expect(store.getState()).toMatchObject({ sortKey: 'size', descending: false });
      store.getState().sortBy('size');
      expect(store.getState()).toMatchObject({ sortKey: 'size', descending: true });
      store.getState().sortBy('name');
      expect(store.getState()).toMatchObject({ sortKey: 'name', descending: false });
    } finally {
      api.close();
      core.dispose();
    }
  });
});
