// A window's writes to its block: typed hex digits and text, pastes, fills,
// edits from the tools, undo and redo. Each goes through one queue, so edits
// land in the order they were made however fast they come, and each is
// recorded in the edit history with the bytes it replaced (so undo can check
// that nobody changed them since).
import { encodeText, parseHexBytes } from '../../../src-shared/lib/copy-as';
import { MAX_READ_LENGTH, type ByteRange, type InspectorApi } from '../contract';
import { hex } from '../lib/offsets';
import { describeForUser } from '../lib/userMessage';
import { describeRange } from '../stores/editHistory';
import { selectionRange } from '../stores/hexView';
import { canChange } from './rules';
import type { Stores } from './storeRegistry';

export interface EditCommands {
  /** A hex digit typed over the cursor; the second of a pair writes the byte (after every byte typed before it). */
  typeHexDigit(digit: number): Promise<void>;
  /**
   * Writes `bytes` at `offset` as one edit of this window (undoable), after
   * every edit typed or asked before it. Refuses, saying why, what would pass
   * the block's end or one write's limit. Resolves true once written.
   */
  edit(offset: number, bytes: Uint8Array, label: string): Promise<boolean>;
  /** Characters typed in the text column: written at the cursor in the view's encoding; the cursor moves on at once. */
  typeText(text: string): Promise<boolean>;
  /** Pasted text over the cursor: hex (also C arrays, Python bytes) unless `asText`, else text in the view's encoding. */
  paste(text: string, asText: boolean): Promise<boolean>;
  /** Fills the selection (or the cursor's byte) with a repeated pattern of bytes. */
  fill(pattern: Uint8Array): Promise<boolean>;
  /** The selected bytes (or the cursor's byte), read from the block; null (with a message) past one read's limit. */
  selectedBytes(): Promise<Uint8Array | null>;
  /** Undo or redo this window's last edit, only where nobody changed those bytes since. */
  undo(): Promise<boolean>;
  redo(): Promise<boolean>;
}

export function createEditCommands(api: InspectorApi, stores: Stores): EditCommands {
  const { block, bytes, hexView, editHistory, timeline } = stores;
  const blockName = () => block.getState().info?.name ?? null;
  const say = (message: string) => editHistory.getState().say(message);
  /** The tail of the queue: every edit asked so far has settled once it does. */
  let queued: Promise<void> = Promise.resolve();

  /** Queues `work` behind every edit asked before it. */
  function inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = queued.then(work);
    queued = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** The bytes now at [offset, offset + length): from the watched window when it holds them, else read. */
  async function currentBytes(name: string, offset: number, length: number): Promise<Uint8Array> {
    const w = bytes.getState().window;
    if (w && offset >= w.offset && offset + length <= w.offset + w.bytes.length) {
      return w.bytes.slice(offset - w.offset, offset - w.offset + length);
    }
    return (await api.call('read', { name, offset, length })).bytes;
  }

  /** Why `length` bytes cannot go at `offset` (past the block's end, or more than one write carries), or null. */
  function sizeRefusal(offset: number, length: number): string | null {
    const size = bytes.getState().size;
    if (offset + length > size) {
      return `${length} bytes from 0x${hex(offset, 1)} would pass the block's end (0x${hex(size, 1)}, ${size} bytes) by ${offset + length - size}; nothing was written`;
    }
    if (length > MAX_READ_LENGTH) return `${length} bytes is more than one edit carries (${MAX_READ_LENGTH}, 1 MiB); nothing was written`;
    return null;
  }

  /** Reads what is there, writes, records the edit; the caller has queued it. Returns why it failed, or null. */
  async function writeEdit(offset: number, data: Uint8Array, label: string): Promise<string | null> {
    const name = blockName();
    if (!name) return 'no block is open';
    let before: Uint8Array;
    try {
      before = await currentBytes(name, offset, data.length);
    } catch (error) {
      return refuse(label, offset, data.length, describeForUser(error));
    }
    if (!(await bytes.getState().write(offset, data))) {
      return refuse(label, offset, data.length, bytes.getState().error ?? 'unknown error');
    }
    // Another block opened meanwhile: this edit belongs to a history that is gone.
    if (blockName() === name) editHistory.getState().record({ label, offset, before, after: data.slice() });
    return null;
  }

  function refuse(label: string, offset: number, length: number, why: string): string {
    say(`Could not write the ${label} at ${describeRange(offset, length)}: ${why}`);
    return why;
  }

  /** Queues a checked edit: refused at once (nothing written) when it does not fit. */
  function checkedEdit(offset: number, data: Uint8Array, label: string): Promise<boolean> {
    const refusal = sizeRefusal(offset, data.length);
    if (refusal) {
      say(`Cannot ${label}: ${refusal}.`);
      return Promise.resolve(false);
    }
    return inTurn(async () => (await writeEdit(offset, data, label)) === null);
  }

  /** An undo or redo wrote `range`: show it now, as a confirmed write is shown. */
  function showRestored(range: ByteRange | null): boolean {
    const name = blockName();
    if (!range || !name) return false;
    bytes.getState().applyChange({ name, ranges: [range], detectedAt: Date.now() });
    return true;
  }

  /** The selection, or the cursor's byte, as [start, end]. */
  function selectedRange(): [number, number] {
    const view = hexView.getState();
    return selectionRange(view) ?? [view.cursor, view.cursor];
  }

  return {
    typeHexDigit(digit) {
      // A paused or past view is read-only: it shows bytes that are not the block's now.
      if (timeline.getState().frozen) return queued;
      // A read-only window, or one whose name is gone, edits nothing (the hex view says why).
      if (!canChange(block.getState())) return queued;
      // The hex view takes the digit and moves on now; the write waits its turn behind earlier ones.
      const typed = hexView.getState().typeHexDigit(digit);
      if (!typed) return queued;
      return inTurn(async () => {
        hexView.getState().finishEdit(typed, await writeEdit(typed.offset, Uint8Array.of(typed.value), 'typed byte'));
      });
    },

    edit: checkedEdit,

    typeText(text) {
      const { cursor, encoding, size } = hexView.getState();
      const encoded = encodeText(text, encoding);
      if (!encoded.ok) {
        say(`Cannot type: ${encoded.error}.`);
        return Promise.resolve(false);
      }
      // Like a typed hex digit: the cursor moves on now, so the next key goes after this one.
      const next = cursor + encoded.value.length;
      if (next <= size) hexView.getState().moveCursor(Math.min(next, size - 1), false);
      return inTurn(async () => (await writeEdit(cursor, encoded.value, 'typed text')) === null);
    },

    paste(text, asText) {
      const cursor = hexView.getState().cursor;
      const asHex = asText ? null : parseHexBytes(text);
      const parsed = asHex?.ok ? asHex : encodeText(text, hexView.getState().encoding);
      if (!parsed.ok) {
        say(`Cannot paste: ${parsed.error}.`);
        return Promise.resolve(false);
      }
      return checkedEdit(cursor, parsed.value, 'paste');
    },

    fill(pattern) {
      const [start, end] = selectedRange();
      const length = end - start + 1;
      if (pattern.length === 0) {
        say('Cannot fill: the pattern is empty.');
        return Promise.resolve(false);
      }
      if (length > MAX_READ_LENGTH) {
        say(`Cannot fill ${length} bytes: one edit carries at most ${MAX_READ_LENGTH} bytes (1 MiB).`);
        return Promise.resolve(false);
      }
      const filled = new Uint8Array(length);
      for (let i = 0; i < filled.length; i++) filled[i] = pattern[i % pattern.length]!;
      return checkedEdit(start, filled, 'fill');
    },

    async selectedBytes() {
      const name = blockName();
      const [start, end] = selectedRange();
      const length = end - start + 1;
      if (!name) return null;
      if (length > MAX_READ_LENGTH) {
        say(`Cannot copy ${length} bytes: at most ${MAX_READ_LENGTH} bytes (1 MiB) are copied at once.`);
        return null;
      }
      try {
        return await currentBytes(name, start, length);
      } catch (error) {
        say(`Cannot copy: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      }
    },

    undo: () => inTurn(async () => showRestored(await editHistory.getState().undo())),
    redo: () => inTurn(async () => showRestored(await editHistory.getState().redo())),
  };
}
