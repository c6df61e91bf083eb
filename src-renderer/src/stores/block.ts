// Which block this window shows, and the host's greeting (defaults, limits).
import { create } from 'zustand';
import type { BlockInfo, HelloResult, OpenBlockArgs } from '../contract';
import { describeError, toContractError } from '../transport/errors';
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
  /** The current block was opened with "Existing only": opening it again must not create it. */
  existingOnly: boolean;
  /** What the last Unlink did, in words. */
  unlinkNote: string | null;
  start(requested: Partial<OpenBlockArgs>): Promise<void>;
  /** `create: false` opens only a block that exists; then a missing `size` adopts its real size. */
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
  existingOnly: false,
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
      set({ info, phase: 'ready', existingOnly: false, unlinkNote: null });
    } catch (error) {
      set({ phase: 'failed', startError: describeError(error) });
    }
  },

  async open(args) {
    set({ opening: true, openError: null });
    try {
      const info = await api().call('openBlock', args);
      set({ info, phase: 'ready', opening: false, existingOnly: args.create === false, unlinkNote: null });
      return true;
    } catch (error) {
      set({ opening: false, openError: describeOpenError(args, error) });
      return false;
    }
  },

  async reopen() {
    const current = get().info;
    if (!current) return get().start({});
    // A block opened with "Existing only" is never created by opening it again.
    const args = { name: current.name, size: current.size, create: !get().existingOnly };
    try {
      const info = await api().call('openBlock', args);
      set({ info, phase: 'ready' });
    } catch (error) {
      set({ openError: describeOpenError(args, error) });
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

/** A refusal in words; a missing block under "Existing only" also says what to do about it. */
function describeOpenError(args: OpenBlockArgs, error: unknown): string {
  if (args.create === false && toContractError(error).code === 'ERR_SHM_NOT_FOUND') {
    return (
      `No block named "${args.name}" exists. Uncheck "Existing only" to create it, ` +
      'or start the program that creates it. (ERR_SHM_NOT_FOUND)'
    );
  }
  return describeError(error);
}

/** The open block's name; the other stores address their calls with it. */
export function currentBlockName(): string | null {
  return useBlockStore.getState().info?.name ?? null;
}
