// Child reader processes: launched from here or from another window, updated
// by childUpdated events until they exit.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChildInfo, InspectorApi, ReaderKind } from '../contract';
import { describeError } from '../transport/errors';

export interface ChildrenState {
  /** Newest first. */
  children: ChildInfo[];
  batchSize: number;
  launching: boolean;
  error: string | null;
  setBatchSize(n: number): void;
  /** Starts `count` readers of `kind` on the block named `blockName`. */
  launch(blockName: string, kind: ReaderKind, count?: number): Promise<void>;
  /** Forgets the finished children of the block named `blockName`; other blocks' stay, in every window. */
  clear(blockName: string): Promise<void>;
  refresh(): Promise<void>;
  upsert(child: ChildInfo): void;
}

export type ChildrenStore = StoreApi<ChildrenState>;

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

export function createChildrenStore(api: InspectorApi): ChildrenStore {
  return createStore<ChildrenState>()((set, get) => ({
    children: [],
    batchSize: 5,
    launching: false,
    error: null,

    setBatchSize(n) {
      set({ batchSize: n });
    },

    async launch(blockName, kind, count = 1) {
      set({ launching: true, error: null });
      try {
        const started = await api.call('launchReaders', { name: blockName, kind, count });
        set({ children: merge(get().children, started), launching: false });
      } catch (error) {
        set({ launching: false, error: describeError(error) });
      }
    },

    async clear(blockName) {
      try {
        await api.call('clearChildren', { name: blockName });
        await get().refresh();
      } catch (error) {
        set({ error: describeError(error) });
      }
    },

    async refresh() {
      try {
        const children = await api.call('listChildren', {});
        set({ children: merge([], children), error: null });
      } catch (error) {
        set({ error: describeError(error) });
      }
    },

    upsert(child) {
      set({ children: merge(get().children, [child]) });
    },
  }));
}
