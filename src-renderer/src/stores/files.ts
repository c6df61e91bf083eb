// Files: export the block or the selection (bytes read in chunks of at most
// the read limit, made into a Blob the component downloads), import a file at
// an offset after a confirmation that says how many bytes will change (chunked
// writes through `write`), and compare the block with a file (the differing
// ranges, listed and highlighted in the hex view).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { MAX_READ_LENGTH, type InspectorApi } from '../contract';
import { appendDiffRanges, type DiffRange } from '../lib/byteDiff';
import { describeForUser } from '../lib/userMessage';

export interface ChosenFile {
  name: string;
  bytes: Uint8Array;
}

export interface ImportPlan {
  blockName: string;
  fileName: string;
  offset: number;
  bytes: Uint8Array;
  /** Bytes whose value the import would change (read just now). */
  changed: number;
}

export interface Comparison {
  blockName: string;
  fileName: string;
  /** Bytes compared: the shorter of the block and the file. */
  compared: number;
  fileLength: number;
  ranges: DiffRange[];
  changed: number;
}

export interface FilesState {
  busy: string | null;
  error: string | null;
  note: string | null;
  importPlan: ImportPlan | null;
  comparison: Comparison | null;
  /** The bytes [offset, offset + length) of the block, read in chunks, as a Blob. */
  exportRange(blockName: string, offset: number, length: number): Promise<Blob | null>;
  planImport(blockName: string, blockSize: number, file: ChosenFile, offset: number): Promise<void>;
  confirmImport(): Promise<void>;
  cancelImport(): void;
  /**
   * Stops the running import: no write starts after this returns; the (at
   * most CALLS_IN_FLIGHT) writes already sent settle, and the panel says
   * which bytes landed.
   */
  stopImport(): void;
  compare(blockName: string, blockSize: number, file: ChosenFile): Promise<void>;
  clearComparison(): void;
}

export type FilesStore = StoreApi<FilesState>;

/** `busy` while an import writes (the panel offers Stop import then). */
export const IMPORTING = 'Importing…';

/**
 * Calls kept in flight while a file task walks the block: the host serves the
 * next chunk while this page sends, decodes or compares the last one.
 */
const CALLS_IN_FLIGHT = 3;

/**
 * Runs `start(at, length)` for consecutive chunks of at most MAX_READ_LENGTH
 * bytes covering [offset, offset + length), CALLS_IN_FLIGHT at a time, and
 * hands each result to `each` in order. After a failure no further chunk is
 * started, and the failure is thrown once every chunk already started has
 * settled: when this returns or throws, none of its calls is still running
 * (an import's writes can all be accounted for, and the next task cannot
 * overlap them). Once `signal` aborts no chunk is started, and its reason is
 * thrown after the chunks already started have settled.
 */
export async function pipelineChunks<T>(
  offset: number,
  length: number,
  start: (at: number, length: number) => Promise<T>,
  each: (at: number, result: T) => void,
  signal?: AbortSignal,
): Promise<void> {
  const pending: Array<{ at: number; result: Promise<T> }> = [];
  let requested = 0;
  const startNext = () => {
    if (signal?.aborted) return;
    const at = offset + requested;
    const chunk = Math.min(MAX_READ_LENGTH, length - requested);
    const result = start(at, chunk);
    result.catch(() => {}); // awaited in turn below; a failure after an earlier one is not "unhandled"
    pending.push({ at, result });
    requested += chunk;
  };
  while (requested < length && pending.length < CALLS_IN_FLIGHT) startNext();
  while (pending.length > 0) {
    const { at, result } = pending.shift()!;
    let value: T;
    try {
      value = await result;
    } catch (error) {
      await Promise.allSettled(pending.map((p) => p.result));
      throw error;
    }
    each(at, value);
    if (requested < length) startNext();
  }
  signal?.throwIfAborted();
}

/**
 * What an import that stopped on a failed write leaves in the block, for the
 * user: which of its bytes were written (chunks sent before the failure may
 * have landed after it), and that no other byte was.
 */
export function describeStoppedImport(
  plan: Pick<ImportPlan, 'fileName' | 'offset' | 'bytes'>,
  written: DiffRange[],
  reason: string,
): string {
  const landed = mergeRanges(written);
  const total = landed.reduce((sum, r) => sum + r.length, 0);
  const where = landed.map((r) => `${hexOffset(r.offset)}–${hexOffset(r.offset + r.length - 1)}`).join(', ');
  return (
    `Import of "${plan.fileName}" stopped: ${reason}. ` +
    (total === 0
      ? 'Nothing was written.'
      : `${plural(total, 'byte')} of ${plural(plan.bytes.length, 'byte')} were written (${where}); no other byte was.`)
  );
}

function mergeRanges(ranges: DiffRange[]): DiffRange[] {
  const merged: DiffRange[] = [];
  for (const r of [...ranges].sort((a, b) => a.offset - b.offset)) {
    const last = merged[merged.length - 1];
    if (last && last.offset + last.length === r.offset) last.length += r.length;
    else merged.push({ ...r });
  }
  return merged;
}

/** Calls `each`, in order, with consecutive reads covering [offset, offset + length). */
function readChunks(api: InspectorApi, name: string, offset: number, length: number, each: (at: number, bytes: Uint8Array) => void) {
  return pipelineChunks(
    offset,
    length,
    (at, chunk) => api.call('read', { name, offset: at, length: chunk }),
    (at, read) => each(at, read.bytes),
  );
}

function hexOffset(offset: number): string {
  return `0x${offset.toString(16).toUpperCase()}`;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}

export function createFilesStore(api: InspectorApi): FilesStore {
  return createStore<FilesState>()((set, get) => {
    /** The running import's stop, while one runs. */
    let importing: AbortController | null = null;
    /** Runs one file task, showing `label` while it runs and its failure as the panel's error. */
    async function task<T>(label: string, run: () => Promise<T>): Promise<T | null> {
      set({ busy: label, error: null, note: null });
      try {
        return await run();
      } catch (error) {
        set({ error: describeForUser(error) });
        return null;
      } finally {
        set({ busy: null });
      }
    }

    return {
      busy: null,
      error: null,
      note: null,
      importPlan: null,
      comparison: null,

      exportRange: (blockName, offset, length) =>
        task('Exporting…', async () => {
          const parts: Uint8Array<ArrayBuffer>[] = [];
          await readChunks(api, blockName, offset, length, (_, bytes) => parts.push(Uint8Array.from(bytes)));
          set({ note: `Exported ${plural(length, 'byte')} from ${hexOffset(offset)}.` });
          return new Blob(parts, { type: 'application/octet-stream' });
        }),

      async planImport(blockName, blockSize, file, offset) {
        set({ importPlan: null });
        if (file.bytes.length === 0) return void set({ error: `"${file.name}" is empty: nothing to import.`, note: null });
        if (offset + file.bytes.length > blockSize) {
          const room = Math.max(0, blockSize - offset);
          return void set({
            error: `"${file.name}" is ${plural(file.bytes.length, 'byte')}; only ${plural(room, 'byte')} fit from ${hexOffset(offset)} to the end of the block. Nothing was written.`,
            note: null,
          });
        }
        await task('Reading the bytes the import would replace…', async () => {
          let changed = 0;
          await readChunks(api, blockName, offset, file.bytes.length, (at, current) => {
            const start = at - offset;
            changed += appendDiffRanges([], at, current, file.bytes.subarray(start, start + current.length));
          });
          set({ importPlan: { blockName, fileName: file.name, offset, bytes: file.bytes, changed } });
        });
      },

      async confirmImport() {
        const plan = get().importPlan;
        if (!plan) return;
        set({ importPlan: null, busy: IMPORTING, error: null, note: null });
        const { blockName: name, offset, bytes } = plan;
        const written: DiffRange[] = [];
        const stop = new AbortController();
        importing = stop;
        try {
          await pipelineChunks(
            offset,
            bytes.length,
            async (at, chunk) => {
              await api.call('write', { name, offset: at, bytes: bytes.subarray(at - offset, at - offset + chunk) });
              written.push({ offset: at, length: chunk });
            },
            () => {},
            stop.signal,
          );
          set({
            note: `Imported "${plan.fileName}": ${plural(plan.bytes.length, 'byte')} at ${hexOffset(plan.offset)}, ${plural(plan.changed, 'byte')} changed.`,
          });
        } catch (error) {
          // pipelineChunks waited for every write it had sent: `written` is all that landed.
          const reason = stop.signal.aborted ? 'you stopped it' : describeForUser(error);
          set({ error: describeStoppedImport(plan, written, reason) });
        } finally {
          if (importing === stop) importing = null;
          set({ busy: null });
        }
      },

      stopImport: () => importing?.abort(new Error('the import was stopped')),

      cancelImport: () => set({ importPlan: null, note: 'Import cancelled: nothing was written.' }),

      async compare(blockName, blockSize, file) {
        set({ comparison: null });
        await task('Comparing…', async () => {
          const compared = Math.min(blockSize, file.bytes.length);
          const ranges: DiffRange[] = [];
          let changed = 0;
          await readChunks(api, blockName, 0, compared, (at, current) => {
            changed += appendDiffRanges(ranges, at, current, file.bytes.subarray(at, at + current.length));
          });
          set({ comparison: { blockName, fileName: file.name, compared, fileLength: file.bytes.length, ranges, changed } });
        });
      },

      clearComparison: () => set({ comparison: null }),
    };
  });
}
