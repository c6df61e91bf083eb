// The value scan panel of one window (Cheat Engine's workflow): the form, the
// window's scan session in the main process (one per window and block, see
// src-main/core/scan-sessions.ts), its candidates with live values, and a
// watch list. Values travel as decimal text (64-bit integers do not fit a
// JSON number).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { InspectorApi, ScanCandidate, ScanNextMode, ScanProgressEvent, ScanStatus, ScanType } from '../contract';
import { decodeScanValue, scanTypeWidth } from '../../../src-shared/lib/scan-value';
import { describeForUser } from '../lib/userMessage';

export type ScanFirstMode = 'exact' | 'range' | 'unknown';
/** Rows of candidates shown at once; the list pages through the rest. */
export const SCAN_PAGE_ROWS = 50;

export interface WatchEntry {
  offset: number;
  type: ScanType;
  endianness: 'little' | 'big';
  /** Decimal text; null until read. */
  value: string | null;
}

export interface ScanForm {
  type: ScanType;
  endianness: 'little' | 'big';
  aligned: boolean;
  firstMode: ScanFirstMode;
  nextMode: ScanNextMode;
  /** exact: value; range: min and max; increasedBy/decreasedBy: by. */
  value: string;
  min: string;
  max: string;
  by: string;
}

export interface ScanState {
  blockName: string | null;
  form: ScanForm;
  status: ScanStatus | null;
  running: boolean;
  progress: { done: number; total: number } | null;
  /** Index of the first candidate shown. */
  pageStart: number;
  candidates: ScanCandidate[];
  watchList: WatchEntry[];
  error: string | null;
  /** Another block: the old session is released and everything starts over. */
  reset(blockName: string | null): void;
  setForm(change: Partial<ScanForm>): void;
  firstScan(): Promise<void>;
  nextScan(): Promise<void>;
  cancel(): Promise<void>;
  /** Starts over without a session (frees the main process's memory). */
  newScan(): Promise<void>;
  showPage(start: number): Promise<void>;
  /** Re-reads the shown candidates' and the watch list's values. */
  refreshValues(): Promise<void>;
  addWatch(offset: number): void;
  removeWatch(offset: number): void;
  progressed(event: ScanProgressEvent): void;
}

export type ScanStore = StoreApi<ScanState>;

const INITIAL_FORM: Readonly<ScanForm> = {
  type: 'u32',
  endianness: 'little',
  aligned: true,
  firstMode: 'exact',
  nextMode: 'increased',
  value: '',
  min: '',
  max: '',
  by: '',
};

/** The operands a mode needs, from the form. */
function operands(mode: string, form: ScanForm): { value?: string; min?: string; max?: string; by?: string } {
  if (mode === 'exact') return { value: form.value };
  if (mode === 'range') return { min: form.min, max: form.max };
  if (mode === 'increasedBy' || mode === 'decreasedBy') return { by: form.by };
  return {};
}

export function createScanStore(api: InspectorApi): ScanStore {
  return createStore<ScanState>()((set, get) => {
    /** The running step's cancel: aborting it cancels the call on the host (ERR_SCAN_CANCELLED). */
    let running: AbortController | null = null;

    /** A page of the session's candidates from `from`; null, with the error shown, when it cannot be read. */
    async function pageOf(name: string, from: number): Promise<{ from: number; candidates: ScanCandidate[] } | null> {
      try {
        return await api.call('scanCandidates', { name, from, max: SCAN_PAGE_ROWS });
      } catch (error) {
        if (get().blockName === name) set({ error: describeForUser(error) });
        return null;
      }
    }

    /** Runs a scan step: one at a time, progress shown, the first page listed after it. */
    async function step(run: (name: string, signal: AbortSignal) => Promise<ScanStatus>): Promise<void> {
      const name = get().blockName;
      if (!name || get().running) return;
      const controller = new AbortController();
      running = controller;
      set({ running: true, error: null, progress: { done: 0, total: 0 } });
      try {
        const status = await run(name, controller.signal);
        if (get().blockName !== name) return;
        // The count and its rows change together: the step's first page comes before either shows
        // (the new count stood over the last step's rows while it was fetched).
        const page = await pageOf(name, 0);
        if (get().blockName !== name) return;
        set({ status, pageStart: page?.from ?? 0, candidates: page?.candidates ?? [] });
      } catch (error) {
        if (get().blockName === name) set({ error: describeForUser(error) });
      } finally {
        if (running === controller) running = null;
        if (get().blockName === name) set({ running: false, progress: null });
      }
    }

    return {
      blockName: null,
      form: INITIAL_FORM,
      status: null,
      running: false,
      progress: null,
      pageStart: 0,
      candidates: [],
      watchList: [],
      error: null,

      reset(blockName) {
        const old = get().blockName;
        if (old && get().status) void api.call('scanRelease', { name: old }).catch(() => undefined);
        set({ blockName, status: null, running: false, progress: null, pageStart: 0, candidates: [], watchList: [], error: null });
      },

      setForm(change) {
        set({ form: { ...get().form, ...change } });
      },

      firstScan() {
        const { form } = get();
        return step((name, signal) =>
          api.call(
            'scanFirst',
            {
              name,
              type: form.type,
              endianness: form.endianness,
              aligned: form.aligned,
              mode: form.firstMode,
              ...operands(form.firstMode, form),
            },
            { signal },
          ),
        );
      },

      nextScan() {
        const { form } = get();
        return step((name, signal) => api.call('scanNext', { name, mode: form.nextMode, ...operands(form.nextMode, form) }, { signal }));
      },

      async cancel() {
        running?.abort();
      },

      async newScan() {
        const name = get().blockName;
        if (!name || get().running) return;
        get().reset(name);
      },

      async showPage(start) {
        const { blockName: name, status } = get();
        if (!name || !status) return;
        const page = await pageOf(name, Math.max(0, Math.min(start, Math.max(0, status.count - 1))));
        if (page && get().blockName === name) set({ pageStart: page.from, candidates: page.candidates });
      },

      async refreshValues() {
        const { blockName: name, running, status, pageStart, watchList } = get();
        if (!name) return;
        if (status && !running) await get().showPage(pageStart);
        const values = await Promise.all(
          watchList.map(async (entry) => {
            try {
              const { bytes } = await api.call('read', { name, offset: entry.offset, length: scanTypeWidth(entry.type) });
              return String(decodeScanValue(bytes, entry.type, entry.endianness));
            } catch {
              return null;
            }
          }),
        );
        if (get().blockName !== name) return;
        set({
          watchList: get().watchList.map((entry) => ({
            ...entry,
            value: values[watchList.findIndex((e) => e.offset === entry.offset)] ?? entry.value,
          })),
        });
      },

      addWatch(offset) {
        const { watchList, status, form } = get();
        if (watchList.some((e) => e.offset === offset)) return;
        const type = status?.type ?? form.type;
        const endianness = status?.endianness ?? form.endianness;
        set({ watchList: [...watchList, { offset, type, endianness, value: null }] });
        void get().refreshValues();
      },

      removeWatch(offset) {
        set({ watchList: get().watchList.filter((e) => e.offset !== offset) });
      },

      progressed(event) {
        if (event.name === get().blockName && get().running) set({ progress: { done: event.done, total: event.total } });
      },
    };
  });
}
