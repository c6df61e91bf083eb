// Which block this window shows, and the host's greeting (defaults, limits).
import { create } from 'zustand';
import type { BlockInfo, HelloResult, OpenBlockArgs } from '../contract';
import { describeError } from '../transport/errors';
import { api } from './api';

export type BlockPhase = 'starting' | 'ready' | 'failed';

interface BlockStore {
  hello: HelloResult | null;
  info: BlockInfo | null;
  phase: BlockPhase;
  /** Why the first block could not be opened; the whole window says so. */
  startError: string | null;
  /** Why the "open another block" form was refused; the current block stays. */
  openError: string | null;
  opening: boolean;
  /** What the last Unlink did, in words. */
  unlinkNote: string | null;
  start(requested: Partial<OpenBlockArgs>): Promise<void>;
  open(args: OpenBlockArgs): Promise<boolean>;
  /** Opens the current block again (after the host came back). */
  reopen(): Promise<void>;
  unlink(): Promise<void>;
  clearOpenError(): void;
}

export const useBlockStore = create<BlockStore>()((set, get) => ({
  hello: null,
  info: null,
  phase: 'starting',
  startError: null,
  openError: null,
  opening: false,
  unlinkNote: null,

  async start(requested) {
    set({ phase: 'starting', startError: null });
    try {
      const hello = await api().call('hello', {});
      set({ hello });
      const args = {
        name: requested.name ?? hello.defaultBlock.name,
        size: requested.size ?? hello.defaultBlock.size,
      };
      const info = await api().call('openBlock', args);
      set({ info, phase: 'ready', unlinkNote: null });
    } catch (error) {
      set({ phase: 'failed', startError: describeError(error) });
    }
  },

  async open(args) {
    set({ opening: true, openError: null });
    try {
      const info = await api().call('openBlock', args);
      set({ info, phase: 'ready', opening: false, unlinkNote: null });
      return true;
    } catch (error) {
      set({ opening: false, openError: describeError(error) });
      return false;
    }
  },

  async reopen() {
    const current = get().info;
    if (!current) return get().start({});
    try {
      const info = await api().call('openBlock', { name: current.name, size: current.size });
      set({ info, phase: 'ready' });
    } catch (error) {
      set({ openError: describeError(error) });
    }
  },

  async unlink() {
    const current = get().info;
    if (!current) return;
    try {
      const { unlinked } = await api().call('unlink', { name: current.name });
      set({
        unlinkNote: unlinked
          ? `Removed ${current.systemName}. This window keeps its mapping; the next open creates a new, zeroed block.`
          : `${current.systemName} was already gone.`,
      });
    } catch (error) {
      set({ unlinkNote: describeError(error) });
    }
  },

  clearOpenError() {
    set({ openError: null });
  },
}));

/** The open block's name; the other stores address their calls with it. */
export function currentBlockName(): string | null {
  return useBlockStore.getState().info?.name ?? null;
}
