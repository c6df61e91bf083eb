// Files: export the block or the selection (bytes read in chunks of at most
// the read limit, made into a Blob the component downloads), import a file at
// an offset after a confirmation that says how many bytes will change (chunked
// writes through `write`), and compare the block with a file (the differing
// ranges, listed and highlighted in the hex view).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { MAX_FILE_BYTES } from '../../../src-shared/limits';
import { MAX_READ_LENGTH, type InspectorApi } from '../contract';
import { appendDiffRanges, type DiffRange } from '../lib/byteDiff';
import { describeForUser } from '../lib/userMessage';
import { countOf } from '../lib/offsets';

/** A file the user chose: its size is known before a byte of it is read (a browser File's size and slice). */
export interface ChosenFile {
  name: string;
  size: number;
  /** Its first `length` bytes (fewer if it shrank since it was chosen). */
  read(length: number): Promise<Uint8Array>;
}

/** A ChosenFile over bytes already in memory. */
export function chosenFromBytes(name: string, bytes: Uint8Array): ChosenFile {
  return { name, size: bytes.length, read: (length) => Promise.resolve(bytes.subarray(0, length)) };
}

/** Why a file of `size` bytes is not read at all, or null: the cap comes before the first byte. */
function tooLarge(file: ChosenFile, what: string, size = file.size): string | null {
  if (size <= MAX_FILE_BYTES) return null;
  return `ERR_INPUT_TOO_LARGE: "${file.name}" is ${countOf(file.size, 'byte')}; ${what} reads at most ${countOf(MAX_FILE_BYTES, 'byte')} (256 MiB). Nothing was read or written.`;
}

/** The file's first `length` bytes, or an error if it no longer has them (it changed after it was chosen). */
async function readExactly(file: ChosenFile, length: number): Promise<Uint8Array> {
  const bytes = await file.read(length);
  if (bytes.length !== length)
    throw new Error(`"${file.name}" changed after it was chosen: it has ${bytes.length} of the ${length} bytes read`);
  return bytes;
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
      : `${countOf(total, 'byte')} of ${countOf(plan.bytes.length, 'byte')} were written (${where}); no other byte was.`)
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
          set({ note: `Exported ${countOf(length, 'byte')} from ${hexOffset(offset)}.` });
          return new Blob(parts, { type: 'application/octet-stream' });
        }),

      async planImport(blockName, blockSize, file, offset) {
        set({ importPlan: null });
        if (file.size === 0) return void set({ error: `"${file.name}" is empty: nothing to import.`, note: null });
        const refused = tooLarge(file, 'Import');
        if (refused) return void set({ error: refused, note: null });
        if (offset + file.size > blockSize) {
          const room = Math.max(0, blockSize - offset);
          return void set({
            error: `"${file.name}" is ${countOf(file.size, 'byte')}; only ${countOf(room, 'byte')} fit from ${hexOffset(offset)} to the end of the block. Nothing was written.`,
            note: null,
          });
        }
        await task('Reading the bytes the import would replace…', async () => {
          const bytes = await readExactly(file, file.size);
          let changed = 0;
          await readChunks(api, blockName, offset, bytes.length, (at, current) => {
            const start = at - offset;
            changed += appendDiffRanges([], at, current, bytes.subarray(start, start + current.length));
          });
          set({ importPlan: { blockName, fileName: file.name, offset, bytes, changed } });
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
            note: `Imported "${plan.fileName}": ${countOf(plan.bytes.length, 'byte')} at ${hexOffset(plan.offset)}, ${countOf(plan.changed, 'byte')} changed.`,
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
        // Only as far as the block goes is read: the rest of a longer file is counted, not compared.
        const compared = Math.min(blockSize, file.size);
        const refused = tooLarge(file, 'Compare with file', compared);
        if (refused) return void set({ error: refused, note: null });
        await task('Comparing…', async () => {
          const bytes = await readExactly(file, compared);
          const ranges: DiffRange[] = [];
          let changed = 0;
          await readChunks(api, blockName, 0, compared, (at, current) => {
            changed += appendDiffRanges(ranges, at, current, bytes.subarray(at, at + current.length));
          });
          set({ comparison: { blockName, fileName: file.name, compared, fileLength: file.size, ranges, changed } });
        });
      },

      clearComparison: () => set({ comparison: null }),
    };
  });
}
