// What the user chose once and expects the next window to remember: kept in
// the page's localStorage (per host address in the browser, per app in
// Electron). Reading is tolerant: a missing, foreign or unreadable value (or
// storage that refuses access) gives the default.
import { BYTES_PER_ROW } from './offsets';
import { ROW_WIDTHS, type RowWidth } from '../stores/hexView';

const ROW_WIDTH_KEY = 'shm-inspector.bytesPerRow';
const INTRO_DISMISSED_KEY = 'shm-inspector.introDismissed';

/** The page's localStorage, or null where the page may not use it. */
export function pageStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function read(storage: Storage | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(storage: Storage | null, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // A full or refused storage only costs the memory of a preference.
  }
}

export function readRowWidth(storage: Storage | null): RowWidth {
  const saved = Number(read(storage, ROW_WIDTH_KEY));
  return ROW_WIDTHS.find((width) => width === saved) ?? BYTES_PER_ROW;
}

export function saveRowWidth(storage: Storage | null, width: RowWidth): void {
  write(storage, ROW_WIDTH_KEY, String(width));
}

export function isIntroDismissed(storage: Storage | null): boolean {
  return read(storage, INTRO_DISMISSED_KEY) === '1';
}

export function dismissIntro(storage: Storage | null): void {
  write(storage, INTRO_DISMISSED_KEY, '1');
}

const STRUCT_LAYOUT_PREFIX = 'shm-inspector.struct.';

export interface SavedStructLayout {
  source: string;
  base: string;
  littleEndian: boolean;
}

/** The Struct overlay's layout last used on the block `blockName`, or null. */
export function readStructLayout(storage: Storage | null, blockName: string): SavedStructLayout | null {
  const text = read(storage, STRUCT_LAYOUT_PREFIX + blockName);
  if (text === null) return null;
  try {
    const saved = JSON.parse(text) as Partial<SavedStructLayout>;
    if (typeof saved.source !== 'string' || typeof saved.base !== 'string' || typeof saved.littleEndian !== 'boolean') return null;
    return { source: saved.source, base: saved.base, littleEndian: saved.littleEndian };
  } catch {
    return null; // an older or damaged entry: start from the default layout
  }
}

export function saveStructLayout(storage: Storage | null, blockName: string, layout: SavedStructLayout): void {
  write(storage, STRUCT_LAYOUT_PREFIX + blockName, JSON.stringify(layout));
}
