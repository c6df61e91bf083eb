// Which block this window shows, and the host's greeting (defaults, limits).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccessMode, PageParams } from '../../../src-shared/page-params';
import { toContractError, type BlockInfo, type ErrorCode, type HelloResult, type InspectorApi, type OpenBlockArgs } from '../contract';
import { describeForUser } from '../lib/userMessage';

export type BlockPhase = 'starting' | 'ready' | 'failed';

export interface BlockState {
  hello: HelloResult | null;
  info: BlockInfo | null;
  /**
   * Bumped with `info` by each start or open that opened a block (not by a
   * reopen or a switch of access): every store that shows a block starts over
   * on it. The session follows it synchronously, before React renders the
   * block, so the block's first watch leaves at once.
   */
  openSerial: number;
  phase: BlockPhase;
  /** Why the first block could not be opened; the whole window says so. */
  startError: string | null;
  /** The code of that failure: the advice beside it depends on it (a missing block is not a missing host). */
  startErrorCode: ErrorCode | null;
  /** Why the "open another block" form was refused; the current block stays. */
  openError: string | null;
  opening: boolean;
  /** The current block was opened without "Create if missing": opening it again must not create it. */
  existingOnly: boolean;
  /** How the page asked to open blocks; carried in its address (read-only opens come with issue 9). */
  access: AccessMode;
  /** What the last Unlink did, in words. */
  unlinkNote: string | null;
  /** The block's name was removed (here, in another window, or by another program): this window holds the only view. */
  unlinked: boolean;
  /** Who holds the block's lock past its deadline (`pid N (command)`); null while it is free. */
  busyHolder: string | null;
  /** The size another process shrank the block to while it was open; null while it has its size. */
  shrunkTo: number | null;
  /** Why the last "Switch to read-write" was refused. */
  switchError: string | null;
  /** Re-opens the current block read-write where the checks allow it (else switchError says why). */
  switchToReadWrite(): Promise<void>;
  /** From the host's blockUnlinked and blockBusy events. */
  noteUnlinked(name: string): void;
  noteBusy(name: string, holder: string | null): void;
  /** From the host's blockShrank event. */
  noteShrank(name: string, size: number): void;
  /** Greets the host and opens the page's block; true when it opened. */
  start(params: PageParams): Promise<boolean>;
  /** `create: false` opens only a block that exists; then a missing `size` adopts its real size. */
  open(args: OpenBlockArgs): Promise<boolean>;
  /** Opens the current block again (after the host came back). */
  reopen(): Promise<void>;
  unlink(): Promise<void>;
  clearOpenError(): void;
}

export type BlockStore = StoreApi<BlockState>;

/** Whether this window may not change the block: mapped read-only, or opened with access=read-only (unlocked reads). */
export function isReadOnly(state: Pick<BlockState, 'info' | 'access'>): boolean {
  return (state.info?.readOnly ?? false) || state.access === 'read-only';
}

export function createBlockStore(api: InspectorApi): BlockStore {
  return createStore<BlockState>()((set, get) => ({
    hello: null,
    info: null,
    openSerial: 0,
    phase: 'starting',
    startError: null,
    startErrorCode: null,
    openError: null,
    opening: false,
    existingOnly: false,
    access: 'read-write',
    unlinkNote: null,
    unlinked: false,
    busyHolder: null,
    shrunkTo: null,
    switchError: null,

    async start(params) {
      set({ phase: 'starting', startError: null, startErrorCode: null, access: params.access });
      const args = openArgs(params);
      try {
        // Both sent at once (openBlock needs nothing from hello): a round trip less before the first
        // paint. hello is kept even when the open fails: the open form and status line use it.
        const [greeting, opening] = await Promise.allSettled([api.call('hello', {}), api.call('openBlock', args)]);
        if (greeting.status === 'rejected') throw greeting.reason;
        if (opening.status === 'rejected') {
          set({ hello: greeting.value });
          throw opening.reason;
        }
        // One update, not two: a render for the greeting alone would come before the block's first watch leaves.
        set({
          hello: greeting.value,
          info: opening.value,
          openSerial: get().openSerial + 1,
          phase: 'ready',
          existingOnly: !params.create,
          ...freshBlockState,
        });
        return true;
      } catch (error) {
        set({
          phase: 'failed',
          startError: describeOpenError(args, error, FROM_THE_ADDRESS),
          startErrorCode: toContractError(error).code,
        });
        return false;
      }
    },

    async open(args) {
      set({ opening: true, openError: null });
      const previous = get().info?.name;
      try {
        const info = await api.call('openBlock', args);
        const access = args.readOnly ? 'read-only' : 'read-write';
        set({
          info,
          openSerial: get().openSerial + 1,
          phase: 'ready',
          opening: false,
          existingOnly: args.create === false || access === 'read-only',
          access,
          ...freshBlockState,
        });
        // This window no longer uses the block it showed: the host closes it once no window does.
        if (previous !== undefined && previous !== info.name) api.call('closeBlock', { name: previous }).catch(() => undefined);
        return true;
      } catch (error) {
        set({ opening: false, openError: describeOpenError(args, error, FROM_THE_FORM) });
        return false;
      }
    },

    async reopen() {
      const current = get().info;
      if (!current) return;
      // A block opened without "Create if missing" is never created by opening it again.
      const args = {
        name: current.name,
        size: current.size,
        create: !get().existingOnly,
        ...(get().access === 'read-only' ? { readOnly: true } : {}),
      };
      try {
        const info = await api.call('openBlock', args);
        set({ info, phase: 'ready' });
      } catch (error) {
        set({ openError: describeOpenError(args, error, FROM_THE_FORM) });
      }
    },

    async unlink() {
      const current = get().info;
      if (!current) return;
      try {
        const { unlinked } = await api.call('unlink', { name: current.name });
        set({
          unlinkNote: unlinked
            ? `Removed ${current.systemName}. This window keeps its mapping; the next open creates a new, zeroed block.`
            : `${current.systemName} was already gone.`,
        });
      } catch (error) {
        set({ unlinkNote: describeForUser(error) });
      }
    },

    async switchToReadWrite() {
      const current = get().info;
      if (!current) return;
      try {
        const info = await api.call('openBlock', { name: current.name, create: false });
        set({ info, access: 'read-write', switchError: null });
      } catch (error) {
        set({ switchError: describeForUser(error) });
      }
    },

    noteUnlinked(name) {
      if (get().info?.name === name) set({ unlinked: true });
    },

    noteBusy(name, holder) {
      if (get().info?.name === name) set({ busyHolder: holder });
    },

    noteShrank(name, size) {
      const info = get().info;
      if (info?.name === name && size < info.size) set({ shrunkTo: size });
    },

    clearOpenError() {
      set({ openError: null });
    },
  }));
}

/** What a newly opened block starts with: no notes, not unlinked, not busy. */
const freshBlockState = { unlinkNote: null, unlinked: false, busyHolder: null, shrunkTo: null, switchError: null } as const;

/** The openBlock arguments for the page's parameters; `access=read-only` opens without a trace (and never creates). */
function openArgs(params: PageParams): OpenBlockArgs {
  if (params.access === 'read-only')
    return { name: params.block, readOnly: true, ...(params.size === undefined ? {} : { size: params.size }) };
  return {
    name: params.block,
    ...(params.size === undefined ? {} : { size: params.size }),
    ...(params.create ? {} : { create: false }),
  };
}

/** What to do about a missing block, depending on who asked for "existing only". */
const FROM_THE_FORM = 'Tick "Create if missing" to make it, or start the program that creates it.';
const FROM_THE_ADDRESS =
  'This page opens existing blocks only (its address says create=0): tick "Create if missing" in the bar above and Open to create it, ' +
  'or start the program that creates it.';

/** A refusal in words; a missing block under "existing only" also says what to do about it. */
function describeOpenError(args: OpenBlockArgs, error: unknown, whatToDo: string): string {
  if (args.create === false && toContractError(error).code === 'ERR_SHM_NOT_FOUND') {
    return `No block named "${args.name}" exists. ${whatToDo} (ERR_SHM_NOT_FOUND)`;
  }
  return describeForUser(error);
}
