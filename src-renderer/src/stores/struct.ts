// The Struct overlay of one window: a C layout (src-shared/lib/struct parses
// it and lays it out as C does) at a base offset, in a chosen byte order, kept
// per block name. The fields' bytes come from the watched window when it
// covers them (the component's choice), else from a small read polled here.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { encodeRow, type RowId } from '../../../src-shared/lib/decoders';
import { parseGoto } from '../../../src-shared/lib/goto';
import { parseStructs, type RecordType } from '../../../src-shared/lib/struct';
import { scalarTypes } from '../../../src-shared/lib/struct/types';
import { MAX_READ_LENGTH, type InspectorApi } from '../contract';
import { pageStorage, readStructLayout, saveStructLayout } from '../lib/preferences';
import { describeForUser } from '../lib/userMessage';

/** A new block has no struct (nothing coloured in the hex view) until the user writes one; this is the placeholder. */
export const EXAMPLE_STRUCT_SOURCE = 'struct Quote {\n  uint64_t seq;\n  double bid, ask;\n  char16_t symbol[8];\n};';
const DEFAULT_STRUCT_SOURCE = '';

export type StructLayout = { ok: true; root: RecordType } | { ok: false; message: string; line: number; column: number };

export interface StructState {
  blockName: string | null;
  blockSize: number;
  source: string;
  /** The base offset as typed (hex like the Go to box: 1F0, 0x1F0, #496). */
  baseText: string;
  littleEndian: boolean;
  /** The parsed layout, or the syntax error with its line and column; null when there is no struct. */
  layout: StructLayout | null;
  /** The base as a number, or null when the typed base is not an offset in the block. */
  base: number | null;
  baseError: string | null;
  /** Bytes from `base` read by `refresh` (when the watched window does not cover them). */
  readBytes: Uint8Array | null;
  editError: string | null;
  reset(block: { name: string; size: number } | null): void;
  setSource(source: string): void;
  setBase(text: string): void;
  setLittleEndian(little: boolean): void;
  /** Reads the struct's bytes (the component calls it when the watched window does not hold them). */
  refresh(): Promise<void>;
  /** Writes `text` into a scalar field of `type` at `offset` (relative to base), in the chosen byte order. */
  writeField(offset: number, type: string, text: string): Promise<boolean>;
}

export type StructStore = StoreApi<StructState>;

/** The text's layout, or its error; never throws (the parser's caps make a failure an answer, not a crash). */
export function parseLayout(source: string): StructLayout | null {
  let parsed: ReturnType<typeof parseStructs>;
  try {
    parsed = parseStructs(source);
  } catch (error) {
    return {
      ok: false,
      message: `the struct could not be read: ${error instanceof Error ? error.message : String(error)}`,
      line: 1,
      column: 1,
    };
  }
  if (!parsed.ok) {
    const message = parsed.code ? `${parsed.code}: ${parsed.error}` : parsed.error;
    return { ok: false, message, line: parsed.line, column: parsed.column };
  }
  return parsed.value.root ? { ok: true, root: parsed.value.root } : null;
}

function parseBase(text: string, size: number): { base: number | null; baseError: string | null } {
  const parsed = parseGoto(text, { cursor: 0, size });
  if (!parsed.ok) return { base: null, baseError: `Base: ${parsed.error}.` };
  return { base: parsed.value, baseError: null };
}

const SCALARS = scalarTypes('lp64');

/** The data inspector's encoder for a scalar field's type, or null for types edited no other way (text, opaque). */
export function editorFor(type: string): RowId | null {
  if (type.endsWith('*')) return 'u64';
  const scalar = SCALARS.get(type);
  if (!scalar) return null;
  const bits = scalar.size * 8;
  if (scalar.scalar === 'float') return bits === 32 ? 'f32' : bits === 64 ? 'f64' : null;
  if (!['signed', 'unsigned', 'bool', 'char'].includes(scalar.scalar) || ![8, 16, 32, 64].includes(bits)) return null;
  return `${scalar.scalar === 'signed' ? 'i' : 'u'}${bits}` as RowId;
}

export function createStructStore(api: InspectorApi): StructStore {
  return createStore<StructState>()((set, get) => {
    function save(): void {
      const { blockName, source, baseText, littleEndian } = get();
      if (blockName) saveStructLayout(pageStorage(), blockName, { source, base: baseText, littleEndian });
    }

    return {
      blockName: null,
      blockSize: 0,
      source: DEFAULT_STRUCT_SOURCE,
      baseText: '0',
      littleEndian: true,
      layout: parseLayout(DEFAULT_STRUCT_SOURCE),
      base: 0,
      baseError: null,
      readBytes: null,
      editError: null,

      reset(block) {
        const saved = block ? readStructLayout(pageStorage(), block.name) : null;
        const source = saved?.source ?? DEFAULT_STRUCT_SOURCE;
        const baseText = saved?.base ?? '0';
        set({
          blockName: block?.name ?? null,
          blockSize: block?.size ?? 0,
          source,
          baseText,
          littleEndian: saved?.littleEndian ?? true,
          layout: parseLayout(source),
          ...parseBase(baseText, block?.size ?? 0),
          readBytes: null,
          editError: null,
        });
      },

      setSource(source) {
        set({ source, layout: parseLayout(source), readBytes: null });
        save();
      },

      setBase(text) {
        set({ baseText: text, ...parseBase(text, get().blockSize), readBytes: null });
        save();
      },

      setLittleEndian(littleEndian) {
        set({ littleEndian });
        save();
      },

      async refresh() {
        const { blockName: name, base, layout, blockSize } = get();
        if (!name || base === null || !layout?.ok) return;
        const length = Math.min(layout.root.size, blockSize - base, MAX_READ_LENGTH);
        try {
          const { bytes } = await api.call('read', { name, offset: base, length });
          if (get().blockName === name && get().base === base) set({ readBytes: bytes });
        } catch {
          // The next poll tries again; a closed block shows in the status line.
        }
      },

      async writeField(offset, type, text) {
        const { blockName: name, base, littleEndian } = get();
        const editor = editorFor(type);
        if (!name || base === null || !editor) return false;
        const encoded = encodeRow(editor, text, littleEndian);
        if (!encoded.ok) {
          set({ editError: `${type}: ${encoded.error}.` });
          return false;
        }
        try {
          await api.call('write', { name, offset: base + offset, bytes: encoded.value });
          set({ editError: null });
          await get().refresh();
          return true;
        } catch (error) {
          set({ editError: describeForUser(error) });
          return false;
        }
      },
    };
  });
}
