// Child reader processes: launched from here or from another window, updated
// by childUpdated events until they exit.
import { create } from 'zustand';
import type { ChildInfo, ReaderKind } from '../contract';
import { describeError } from '../transport/errors';
import { api } from './api';
import { currentBlockName } from './block';

interface ChildrenStore {
  /** Newest first. */
  children: ChildInfo[];
  batchSize: number;
  launching: boolean;
  error: string | null;
  setBatchSize(n: number): void;
  launch(kind: ReaderKind, count?: number): Promise<void>;
  clear(): Promise<void>;
  refresh(): Promise<void>;
  upsert(child: ChildInfo): void;
}

function merge(list: ChildInfo[], updates: ChildInfo[]): ChildInfo[] {
  const byId = new Map(list.map((c) => [c.id, c]));
  for (const child of updates) {
    // An exit event can overtake the launch call's answer; a finished child never goes back to running.
    const known = byId.get(child.id);
    if (known && known.state !== 'running' && child.state === 'running') continue;
    byId.set(child.id, child);
  }
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

export const useChildrenStore = create<ChildrenStore>()((set, get) => ({
  children: [],
  batchSize: 5,
  launching: false,
  error: null,

  setBatchSize(n) {
    set({ batchSize: n });
  },

  async launch(kind, count = 1) {
    const name = currentBlockName();
    if (!name) return;
    set({ launching: true, error: null });
    try {
      const started = await api().call('launchReaders', { name, kind, count });
      set({ children: merge(get().children, started), launching: false });
    } catch (error) {
      set({ launching: false, error: describeError(error) });
    }
  },

  async clear() {
    try {
      await api().call('clearChildren', {});
      await get().refresh();
    } catch (error) {
      set({ error: describeError(error) });
    }
  },

  async refresh() {
    try {
      const children = await api().call('listChildren', {});
      set({ children: merge([], children), error: null });
    } catch (error) {
      set({ error: describeError(error) });
    }
  },

  upsert(child) {
    set({ children: merge(get().children, [child]) });
  },
}));
