// This window's own edits, for Undo and Redo. Each edit keeps where it wrote,
// what was there before and what it wrote. The block is shared with other
// processes and windows, so an undo (or redo) is a compare-and-write
// (`writeIfUnchanged`): it puts the old bytes back only if the block still
// holds exactly what this edit wrote; otherwise it says so, writes nothing, and
// the edit leaves the history (it can no longer be undone as it was made).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ByteRange, InspectorApi } from '../contract';
import { hex } from '../lib/offsets';
import { describeForUser } from '../lib/userMessage';

export interface Edit {
  /** What the user did, in a few words ("typed 2 hex digits", "paste", "fill"). */
  label: string;
  offset: number;
  before: Uint8Array;
  after: Uint8Array;
}

/** How many edits a window keeps; the oldest go first. */
export const MAX_EDITS = 500;

export interface EditHistoryState {
  /** The block these edits were made to; another block starts over. */
  name: string | null;
  undoable: Edit[];
  redoable: Edit[];
  /** What the last undo or redo did, or why it refused. */
  message: string | null;
  /** Shows a message about an edit (a refused paste, fill or keystroke). */
  say(message: string): void;
  /** Starts over on another block (or none). */
  reset(name: string | null): void;
  /** An edit this window just wrote; a new edit forgets what could be redone. */
  record(edit: Edit): void;
  /** Puts back the bytes of the last edit if nobody changed them since; returns what it wrote, or null. */
  undo(): Promise<ByteRange | null>;
  /** Writes the last undone edit again if the bytes are still what the undo left; returns what it wrote, or null. */
  redo(): Promise<ByteRange | null>;
}

export type EditHistoryStore = StoreApi<EditHistoryState>;

export function describeRange(offset: number, length: number): string {
  return length <= 1 ? `0x${hex(offset, 1)}` : `0x${hex(offset, 1)}–0x${hex(offset + length - 1, 1)}`;
}

export function createEditHistoryStore(api: InspectorApi): EditHistoryStore {
  return createStore<EditHistoryState>()((set, get) => {
    /** One undo or redo at a time: a second Ctrl+Z waits for the first. */
    let pending: Promise<unknown> = Promise.resolve();

    /** Moves the top edit of `from` to `to` if the block still holds `expect` there. */
    async function step(direction: 'undo' | 'redo'): Promise<ByteRange | null> {
      const { name } = get();
      const from = direction === 'undo' ? get().undoable : get().redoable;
      const edit = from[from.length - 1];
      if (!name || !edit) {
        set({ message: direction === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.' });
        return null;
      }
      const [expect, bytes] = direction === 'undo' ? [edit.after, edit.before] : [edit.before, edit.after];
      const where = describeRange(edit.offset, bytes.length);
      const Verb = direction === 'undo' ? 'Undo' : 'Redo';
      let written: boolean;
      try {
        written = (await api.call('writeIfUnchanged', { name, offset: edit.offset, expect, bytes })).written;
      } catch (error) {
        set({ message: `${Verb} of ${edit.label} at ${where} failed: ${describeForUser(error)}` });
        return null;
      }
      if (get().name !== name) return null;
      const rest = from.slice(0, -1);
      if (!written) {
        set({
          [direction === 'undo' ? 'undoable' : 'redoable']: rest,
          message:
            `${Verb} refused: the bytes at ${where} were changed by someone else since this window ` +
            `${direction === 'undo' ? 'wrote' : 'restored'} them; nothing was changed, and this ${edit.label} left the history.`,
        });
        return null;
      }
      const { undoable, redoable } = get();
      set(
        direction === 'undo'
          ? { undoable: rest, redoable: [...redoable, edit], message: `Undid ${edit.label} at ${where}.` }
          : { redoable: rest, undoable: [...undoable, edit], message: `Redid ${edit.label} at ${where}.` },
      );
      return { offset: edit.offset, bytes };
    }

    function queued(direction: 'undo' | 'redo'): Promise<ByteRange | null> {
      const run = pending.then(() => step(direction));
      pending = run.catch(() => undefined);
      return run;
    }

    return {
      name: null,
      undoable: [],
      redoable: [],
      message: null,

      say(message) {
        set({ message });
      },

      reset(name) {
        set({ name, undoable: [], redoable: [], message: null });
      },

      record(edit) {
        const undoable = [...get().undoable, edit];
        set({ undoable: undoable.slice(-MAX_EDITS), redoable: [], message: null });
      },

      undo: () => queued('undo'),
      redo: () => queued('redo'),
    };
  });
}
