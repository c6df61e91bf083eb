// Child reader processes: launched from here or from another window, updated
// by childUpdated events until they exit.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChildInfo, InspectorApi, ReaderKind } from '../contract';
import { describeForUser } from '../lib/userMessage';

export interface ChildrenState {
  /** Newest first. */
  children: ChildInfo[];
  /** The batch-size box, as typed: checked only when the batch is launched. */
  batchDraft: string;
  /** Why the typed batch size was refused (nothing was launched). */
  batchError: string | null;
  launching: boolean;
  error: string | null;
  setBatchDraft(text: string): void;
  /** Starts `count` readers of `kind` on the block named `blockName`. */
  launch(blockName: string, kind: ReaderKind, count?: number): Promise<void>;
  /** Starts as many native readers as the box says, if it says a whole number from 1 to `maxBatch`. */
  launchBatch(blockName: string, maxBatch: number): Promise<void>;
  /** Forgets the finished children of the block named `blockName`; other blocks' stay, in every window. */
  clear(blockName: string): Promise<void>;
  refresh(): Promise<void>;
  upsert(child: ChildInfo): void;
}

export type ChildrenStore = StoreApi<ChildrenState>;

/** The batch-size box: a whole number from 1 to `max`, in decimal digits; anything else says so. */
export function parseBatchSize(typed: string, max: number): { ok: true; count: number } | { ok: false; message: string } {
  const text = typed.trim();
  const count = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (Number.isSafeInteger(count) && count >= 1 && count <= max) return { ok: true, count };
  const got = text === '' ? 'the box is empty' : `got "${text}"`;
  return { ok: false, message: `Batch size must be a whole number from 1 to ${max} (${got}). Nothing was launched.` };
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

export function createChildrenStore(api: InspectorApi): ChildrenStore {
  return createStore<ChildrenState>()((set, get) => ({
    children: [],
    batchDraft: '5',
    batchError: null,
    launching: false,
    error: null,

    setBatchDraft(text) {
      set({ batchDraft: text, batchError: null });
    },

    async launch(blockName, kind, count = 1) {
      set({ launching: true, error: null });
      try {
        const started = await api.call('launchReaders', { name: blockName, kind, count });
        set({ children: merge(get().children, started), launching: false });
      } catch (error) {
        set({ launching: false, error: describeForUser(error) });
      }
    },

    async launchBatch(blockName, maxBatch) {
      const parsed = parseBatchSize(get().batchDraft, maxBatch);
      if (!parsed.ok) {
        set({ batchError: parsed.message });
        return;
      }
      set({ batchError: null });
      await get().launch(blockName, 'native', parsed.count);
    },

    async clear(blockName) {
      try {
        await api.call('clearChildren', { name: blockName });
        await get().refresh();
      } catch (error) {
        set({ error: describeForUser(error) });
      }
    },

    async refresh() {
      try {
        const children = await api.call('listChildren', {});
        set({ children: merge([], children), error: null });
      } catch (error) {
        set({ error: describeForUser(error) });
      }
    },

    upsert(child) {
      set({ children: merge(get().children, [child]) });
    },
  }));
}
