// The page's parameters: which block a window shows and how it opens it, read
// from and written to the query of the page's address (`?block=&size=&access=
// &create=`). One module for every process: the renderer reads them at start
// and writes them back as the user opens blocks (so a reload or a shared link
// reopens the same block), and the main process builds window URLs with them.
// Pure: no DOM, Node or Electron import.

export type AccessMode = 'read-write' | 'read-only';

export interface PageParams {
  /** The block's name as the user typed it. */
  block: string;
  /** Bytes. Absent only with `create: false`, meaning "the block's real size". */
  size?: number;
  access: AccessMode;
  /** true: create-or-open (the original DLL's behaviour); false: open only a block that exists. */
  create: boolean;
}

/** The original example's block: `dllmemfilemap`, 4096 bytes, create-or-open. */
export const DEFAULT_PAGE_PARAMS: Readonly<PageParams & { size: number }> = Object.freeze({
  block: 'dllmemfilemap',
  size: 4096,
  access: 'read-write',
  create: true,
});

/** The query keys this module owns; every other key (the token, a client id) is left as it is. */
export const PAGE_PARAM_KEYS = ['block', 'size', 'access', 'create'] as const;

const ACCESS_MODES: readonly AccessMode[] = ['read-write', 'read-only'];
const YES: ReadonlySet<string> = new Set(['1', 'true', 'yes']);
const NO: ReadonlySet<string> = new Set(['0', 'false', 'no']);

/**
 * The parameters in a query (`?` optional). Tolerant: a missing or malformed
 * value takes its default, so any address opens something. A missing size
 * under `create=0` stays absent (the block's real size); otherwise it is 4096.
 */
export function readPageParams(search: string | URLSearchParams): PageParams {
  const query = typeof search === 'string' ? new URLSearchParams(search) : search;
  const create = readFlag(query.get('create'), DEFAULT_PAGE_PARAMS.create);
  const size = readSize(query.get('size')) ?? (create ? DEFAULT_PAGE_PARAMS.size : undefined);
  return {
    block: query.get('block') || DEFAULT_PAGE_PARAMS.block,
    ...(size === undefined ? {} : { size }),
    access: readAccess(query.get('access')),
    create,
  };
}

/**
 * A query (without `?`) holding `params`, after the parameters of `keep` that
 * are not ours (the browser host's token stays first, where it was). Defaults
 * are left out, so the default block's address stays `?token=…&block=…&size=…`.
 */
export function writePageParams(params: PageParams, keep?: URLSearchParams | string): string {
  const query = new URLSearchParams(keep);
  for (const key of PAGE_PARAM_KEYS) query.delete(key);
  query.set('block', params.block);
  if (params.size !== undefined) query.set('size', String(params.size));
  if (params.access !== DEFAULT_PAGE_PARAMS.access) query.set('access', params.access);
  if (params.create !== DEFAULT_PAGE_PARAMS.create) query.set('create', params.create ? '1' : '0');
  return query.toString();
}

/** Decimal digits only (no 0x10, 1e3, -4 or 1.5), a safe integer of 1 or more; else undefined. */
function readSize(text: string | null): number | undefined {
  if (text === null || !/^[0-9]+$/.test(text)) return undefined;
  const size = Number(text);
  return Number.isSafeInteger(size) && size >= 1 ? size : undefined;
}

function readAccess(text: string | null): AccessMode {
  const access = text?.toLowerCase();
  return ACCESS_MODES.find((mode) => mode === access) ?? DEFAULT_PAGE_PARAMS.access;
}

function readFlag(text: string | null, fallback: boolean): boolean {
  const flag = text?.toLowerCase() ?? '';
  if (YES.has(flag)) return true;
  if (NO.has(flag)) return false;
  return fallback;
}
