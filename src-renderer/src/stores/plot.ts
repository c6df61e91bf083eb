// The Plot panel's series: typed values over time, up to PLOT_MAX_SERIES of
// them. A series' past comes from the History (readHistory and bytesAt, the
// bytes walked back change by change); new values come from the window's
// blockChanged events (the session hands each to `noteChange`), decoded from
// the changed bytes and sampled at most once a frame per series; a series no
// event reached lately (outside the rows the window watches) is read by
// `pollQuiet`, which the panel calls. Points live in a ring per series
// (PLOT_MAX_POINTS). Pause freezes the drawing only: recording goes on.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BlockChangedEvent, BlockInfo, HistoryEntry, HistoryPage, InspectorApi } from '../contract';
import { overlayRange, typedValueNumber, typedValueWidth } from '../../../src-shared/lib/typed-value';
import { describeForUser } from '../lib/userMessage';
import { alignSeries, seriesCsv, type AlignedData } from '../plot/chartData';
import { PLOT_MAX_POINTS, PLOT_MAX_QUEUED, PLOT_MAX_SERIES, PLOT_QUIET_MS } from '../plot/limits';
import { PointRing, type PointArrays } from '../plot/ring';
import { defaultLabel, pastPoints, sameValue, seriesStats, type SeriesInfo, type SeriesRequest, type SeriesStats } from '../plot/series';
import { MAX_HISTORY_PAGE } from '../contract';

export interface PlotState {
  /** The block the series read; null before one is open. */
  name: string | null;
  size: number;
  series: SeriesInfo[];
  /** Bumped whenever a point is added (the chart and the table follow it). */
  version: number;
  /** The drawing is frozen; points are still recorded. */
  paused: boolean;
  /** The last refusal or failure, in words. */
  message: string | null;
  reset(info: BlockInfo): void;
  /** Adds a series and loads its past; false (with `message`) when refused. */
  add(request: SeriesRequest): Promise<boolean>;
  remove(id: string): void;
  setPaused(paused: boolean): void;
  /** A blockChanged event: the series it touches take their new values (sampled once a frame). */
  noteChange(event: BlockChangedEvent): void;
  /** The rows the window watches now (their changes arrive as events); null: none. */
  followWatched(range: { offset: number; length: number } | null): void;
  /** Reads the series outside the watched rows that no event reached for PLOT_QUIET_MS; adds a point where the value moved. */
  pollQuiet(now?: number): Promise<void>;
  /** Takes the frame's sampled values now (the frame callback does this; tests call it). */
  sampleNow(): void;
  points(id: string): PointArrays;
  stats(id: string): SeriesStats | null;
  /** Every series on one time axis (seconds), for the chart. */
  chartData(): AlignedData;
  csv(): string;
}

export type PlotStore = StoreApi<PlotState>;

/** What the store keeps of a series beside its public info. */
interface Recording {
  bytes: Uint8Array;
  ring: PointRing;
  /** Changes that arrived while the past loaded: replayed after it. */
  queued: { time: number; offset: number; bytes: Uint8Array }[] | null;
  /** The newest sample not yet taken, its time. */
  pendingTime: number | null;
  /** When an event or a read last told this series' value. */
  heardAt: number;
}

function nextFrame(callback: () => void): void {
  // A hidden page gets no animation frames: the timer takes the sample then.
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    callback();
  };
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(once);
  setTimeout(once, 100);
}

export function createPlotStore(api: InspectorApi): PlotStore {
  return createStore<PlotState>()((set, get) => {
    const recordings = new Map<string, Recording>();
    let counter = 0;
    let frameAsked = false;
    let watched: { offset: number; length: number } | null = null;
    /** One poll at a time: on a busy host a poll's reads may outlast PLOT_POLL_MS, and they must not pile up. */
    let polling = false;
    const isWatched = (info: SeriesInfo) =>
      watched !== null && info.offset >= watched.offset && info.offset + typedValueWidth(info) <= watched.offset + watched.length;
    /** Bumped on reset: a load of the previous block's series drops its answer. */
    let generation = 0;

    const patchSeries = (id: string, patch: Partial<SeriesInfo>) =>
      set({ series: get().series.map((s) => (s.id === id ? { ...s, ...patch } : s)) });

    const askFrame = () => {
      if (frameAsked) return;
      frameAsked = true;
      nextFrame(() => get().sampleNow());
    };

    const loadPast = async (info: SeriesInfo, recording: Recording, mine: number) => {
      const { name } = get();
      if (!name) return;
      const length = typedValueWidth(info);
      try {
        const entries = await newestChanges(api, name, info.offset, length);
        const newest = entries[entries.length - 1];
        const now = newest
          ? await api.call('bytesAt', { name, offset: info.offset, length, time: newest.time })
          : await api.call('read', { name, offset: info.offset, length });
        if (mine !== generation || !recordings.has(info.id)) return;
        const since = newest ? (await api.call('historyInfo', { name })).completeSince : NaN;
        if (mine !== generation || !recordings.has(info.id)) return;
        const past = newest
          ? pastPoints(info, entries, now.bytes, since)
          : { times: Float64Array.of(Date.now()), values: Float64Array.of(typedValueNumber(info, now.bytes)) };
        past.times.forEach((time, i) => recording.ring.push(time, past.values[i]!));
        recording.bytes = now.bytes.slice();
        const loadedUntil = past.times[past.times.length - 1] ?? 0;
        for (const change of recording.queued ?? []) {
          if (change.time <= loadedUntil) continue;
          if (overlayRange(info, recording.bytes, change)) recording.ring.push(change.time, typedValueNumber(info, recording.bytes));
        }
        recording.queued = null;
        recording.heardAt = Date.now();
        patchSeries(info.id, { loading: false });
      } catch (error) {
        if (mine !== generation || !recordings.has(info.id)) return;
        recording.queued = null;
        patchSeries(info.id, { loading: false, error: describeForUser(error) });
      }
      set({ version: get().version + 1 });
    };

    return {
      name: null,
      size: 0,
      series: [],
      version: 0,
      paused: false,
      message: null,

      reset(info) {
        generation++;
        recordings.clear();
        set({ name: info.name, size: info.size, series: [], version: get().version + 1, message: null });
      },

      async add(request) {
        const { name, size, series } = get();
        const width = typedValueWidth(request);
        if (!name) return refuse('Open a block first.');
        if (series.length >= PLOT_MAX_SERIES) {
          return refuse(`The chart holds at most ${PLOT_MAX_SERIES} series: remove one to plot another.`);
        }
        if (!Number.isSafeInteger(request.offset) || request.offset < 0 || request.offset + width > size) {
          return refuse(`A ${request.type} at 0x${request.offset.toString(16)} does not fit in the block (${size} bytes).`);
        }
        if (series.some((s) => sameValue(s, request))) return refuse(`${defaultLabel(request)} is already plotted.`);
        const info: SeriesInfo = {
          id: `s${++counter}`,
          offset: request.offset,
          type: request.type,
          endianness: request.endianness,
          label: request.label?.trim() || defaultLabel(request),
          source: request.source,
          loading: true,
          error: null,
        };
        const recording: Recording = {
          bytes: new Uint8Array(width),
          ring: new PointRing(PLOT_MAX_POINTS),
          queued: [],
          pendingTime: null,
          heardAt: 0,
        };
        recordings.set(info.id, recording);
        set({ series: [...series, info], message: null });
        await loadPast(info, recording, generation);
        return true;
      },

      remove(id) {
        recordings.delete(id);
        set({ series: get().series.filter((s) => s.id !== id), version: get().version + 1, message: null });
      },

      setPaused(paused) {
        set({ paused });
      },

      noteChange(event) {
        if (event.name !== get().name || recordings.size === 0) return;
        for (const info of get().series) {
          const recording = recordings.get(info.id)!;
          for (const range of event.ranges) {
            if (recording.queued) {
              queueChange(info, recording, event.detectedAt, range);
            } else if (overlayRange(info, recording.bytes, range)) {
              recording.pendingTime = event.detectedAt;
              recording.heardAt = event.detectedAt;
              askFrame();
            } else if (touches(info, range)) {
              recording.heardAt = event.detectedAt;
            }
          }
        }
      },

      followWatched(range) {
        watched = range;
      },

      async pollQuiet(now = Date.now()) {
        const { name } = get();
        if (!name) return;
        const quiet = get().series.filter(
          (s) => !s.loading && !isWatched(s) && now - (recordings.get(s.id)?.heardAt ?? now) >= PLOT_QUIET_MS,
        );
        if (polling || quiet.length === 0) return;
        polling = true;
        await Promise.all(
          quiet.map(async (info) => {
            try {
              const read = await api.call('read', { name, offset: info.offset, length: typedValueWidth(info) });
              const recording = recordings.get(info.id);
              if (!recording || name !== get().name) return;
              recording.heardAt = Date.now();
              if (overlayRange(info, recording.bytes, read)) {
                recording.pendingTime = recording.heardAt;
                askFrame();
              }
            } catch (error) {
              if (recordings.has(info.id)) patchSeries(info.id, { error: describeForUser(error) });
            }
          }),
        ).finally(() => (polling = false));
      },

      sampleNow() {
        frameAsked = false;
        let sampled = false;
        for (const info of get().series) {
          const recording = recordings.get(info.id);
          if (!recording || recording.pendingTime === null) continue;
          recording.ring.push(recording.pendingTime, typedValueNumber(info, recording.bytes));
          recording.pendingTime = null;
          sampled = true;
        }
        if (sampled) set({ version: get().version + 1 });
      },

      points(id) {
        return recordings.get(id)?.ring.toArrays() ?? { times: new Float64Array(0), values: new Float64Array(0) };
      },

      stats(id) {
        return seriesStats(get().points(id));
      },

      chartData() {
        return alignSeries(get().series.map((s) => get().points(s.id)));
      },

      csv() {
        const { series } = get();
        return seriesCsv(
          series.map((s) => s.label),
          series.map((s) => get().points(s.id)),
        );
      },
    };

    function refuse(message: string): false {
      set({ message });
      return false;
    }
  });
}

function touches(info: SeriesInfo, range: { offset: number; bytes: Uint8Array }): boolean {
  return range.offset < info.offset + typedValueWidth(info) && range.offset + range.bytes.length > info.offset;
}

/** Keeps a change that arrived while the series' past loads (its overlapping bytes only), up to PLOT_MAX_QUEUED. */
function queueChange(info: SeriesInfo, recording: Recording, time: number, range: { offset: number; bytes: Uint8Array }): void {
  if (!touches(info, range) || !recording.queued) return;
  const start = Math.max(info.offset, range.offset);
  const end = Math.min(info.offset + typedValueWidth(info), range.offset + range.bytes.length);
  recording.queued.push({ time, offset: start, bytes: range.bytes.slice(start - range.offset, end - range.offset) });
  if (recording.queued.length > PLOT_MAX_QUEUED) recording.queued.shift();
}

/** The newest PLOT_MAX_POINTS changes touching the range, oldest first, in pages. */
async function newestChanges(api: InspectorApi, name: string, offset: number, length: number): Promise<HistoryEntry[]> {
  // Changes recorded from now on arrive as events (queued while this loads); the host runs on this machine's clock.
  // Its times have fractions of a millisecond and Date.now() none: one more millisecond takes in a change seen in this one.
  const until = Date.now() + 1;
  const first = await api.call('readHistory', { name, offset, length, until, max: 1 });
  const entries: HistoryEntry[] = [];
  let start: number | null = Math.max(0, first.total - PLOT_MAX_POINTS);
  while (start !== null && entries.length < PLOT_MAX_POINTS) {
    const page: HistoryPage = await api.call('readHistory', { name, offset, length, until, start, max: MAX_HISTORY_PAGE });
    entries.push(...page.entries);
    start = page.next;
  }
  return entries;
}
