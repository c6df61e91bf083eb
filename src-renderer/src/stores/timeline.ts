// One window's timeline over the main process's change history, and its
// baseline differences. The recording is the main process's, shared by every
// window on the block; the position (live, paused, or a moment in the past),
// the frozen bytes shown meanwhile, the row heat, the scrollbar's marks and
// the differences listed are this window's own.
//
// Steps: [when recording began, ...each change's time] and Live after them.
// A step in the past shows the watched window's bytes as they were then
// (`bytesAt`, rebuilt in the main process); Pause shows them as they are now,
// frozen. Either way the view is read-only and the recording goes on.
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  MAX_HISTORY_TIMES,
  type BlockChangedEvent,
  type ChangeMarks,
  type DifferencesPage,
  type HistoryExportPage,
  type HistoryTimes,
  type InspectorApi,
  type MarksChangedEvent,
} from '../contract';
import { describeForUser } from '../lib/userMessage';

/** The bytes a frozen view shows in place of the live window. */
export interface FrozenBytes {
  offset: number;
  bytes: Uint8Array;
  /** The moment they show (epoch ms); for a pause, when it began. */
  time: number;
}

/** A range the scrollbar marks and the rows may highlight. */
export interface MarkedRange {
  offset: number;
  length: number;
}

/** Heat counts changes seen per byte in this window over the last HEAT_WINDOW_MS. */
export const HEAT_WINDOW_MS = 10_000;
/** At most this many recent changes are kept for the heat (the oldest go first). */
const HEAT_MAX_ENTRIES = 4096;

export interface TimelineState {
  name: string | null;
  size: number;
  /** Recording's steps (oldest first): when it became complete, then each change's time. */
  steps: number[];
  completeSince: number | null;
  dropped: number;
  changeCount: number;
  /** null: live. Otherwise the index in `steps` shown. */
  position: number | null;
  paused: boolean;
  frozen: FrozenBytes | null;
  /** Recent changes seen by this window (time, start, end), for the rows' heat. */
  recent: { time: number; start: number; end: number }[];
  /** Regions changed anywhere in the block (the coarse detector), for the scrollbar. */
  changedRegions: MarkedRange[];
  /** Bumped for each change this window hears of, anywhere (events, the detector's marks): differences are compared again only after one. */
  changeSerial: number;
  baselineTakenAt: number | null;
  differences: DifferencesPage | null;
  error: string | null;
  reset(block: { name: string; size: number } | null): void;
  /** The history's steps for the watched range (after events, on mount). */
  refreshSteps(range: MarkedRange): Promise<void>;
  /** Shows step `index` (the last index is the newest change; past it is Live). */
  showStep(index: number, range: MarkedRange): Promise<void>;
  /** One change back (from Live: the newest change) or forward (past the newest: Live). */
  step(delta: -1 | 1, range: MarkedRange): Promise<void>;
  goLive(): void;
  /** Freezes the view on `current` (the window's bytes now); the recording goes on. */
  pause(current: FrozenBytes): void;
  /** The watched window moved while frozen: show the same moment over the new range. */
  refreshFrozen(range: MarkedRange, current: Uint8Array): Promise<void>;
  noteChange(event: BlockChangedEvent): void;
  /** Forgets changes older than the heat's window (a clock tick, so the heat cools without events). */
  coolDown(now: number): void;
  /**
   * Starts (true) or stops (false) following the block's change marks: the
   * host answers with the marks now and then sends a marksChanged event each
   * time they move (applyMarks), so nothing is asked while nothing changes.
   * Each part of the window that follows (the History panel, the block map)
   * calls it with true and later with false: the host is asked on the first
   * and told to stop on the last.
   */
  followMarks(name: string, follow: boolean): Promise<void>;
  /** Follows the same block again (the host came back, perhaps restarted: it forgot who followed). */
  refollowMarks(): Promise<void>;
  /** A marksChanged event (or a follow's answer): the scrollbar's marks, and a change anywhere. */
  applyMarks(event: MarksChangedEvent): void;
  takeBaseline(): Promise<void>;
  refreshDifferences(): Promise<void>;
  /** Compares again only if something changed since the last comparison (a whole-block compare is not free). */
  refreshDifferencesIfChanged(): Promise<void>;
  /** The whole history as JSON Lines (paged from the main process). */
  exportHistory(): Promise<string | null>;
}

export type TimelineStore = StoreApi<TimelineState>;

/** A timeline with nothing recorded: fresh arrays each time, so no two sessions share one. */
const empty = () => ({
  steps: [] as number[],
  completeSince: null,
  dropped: 0,
  changeCount: 0,
  position: null,
  paused: false,
  frozen: null,
  recent: [] as TimelineState['recent'],
  changedRegions: [] as MarkedRange[],
  changeSerial: 0,
  baselineTakenAt: null,
  differences: null,
  error: null,
});

export function createTimelineStore(api: InspectorApi): TimelineStore {
  return createStore<TimelineState>()((set, get) => {
    /** Bumped by reset and by every new position: an answer for an older one is dropped. */
    let generation = 0;
    /** The change serial when differences were last compared, and the newest detector mark seen. */
    let comparedAtSerial = -1;
    let latestMark = 0;
    /**
     * How many parts of this window follow each block's marks (the History
     * panel, the block map): the host is asked when the first starts and told
     * when the last stops, and asked again for each after a reconnection.
     */
    const followers = new Map<string, number>();
    /** The follow and stop calls in flight, chained. */
    let followCalls: Promise<void> = Promise.resolve();
    /** Which block and range `steps` hold the times of (name offset length); null until a refresh, and after a reset. */
    let stepsKey: string | null = null;

    /** Tells the host to start or stop pushing `name`'s marks; one call at a time, in order (a stop then a follow arrive so). */
    function askMarks(name: string, follow: boolean): Promise<void> {
      followCalls = followCalls.then(async () => {
        if (!follow) {
          // Best effort: a block already closed (or a host gone) follows nothing anyway.
          await api.call('changeMarks', { name, follow }).catch(() => undefined);
          return;
        }
        const marks = await guarded(() => api.call('changeMarks', { name, follow }));
        if (marks) get().applyMarks({ name, ...marks });
      });
      return followCalls;
    }

    async function guarded<T>(work: () => Promise<T>): Promise<T | null> {
      try {
        return await work();
      } catch (error) {
        set({ error: describeForUser(error) });
        return null;
      }
    }

    async function showTime(index: number, time: number, range: MarkedRange): Promise<void> {
      const name = get().name;
      if (!name || range.length === 0) return;
      const mine = ++generation;
      set({ position: index, paused: false, error: null });
      const past = await guarded(() => api.call('bytesAt', { name, offset: range.offset, length: range.length, time }));
      if (past && mine === generation) set({ frozen: { offset: past.offset, bytes: past.bytes, time } });
    }

    return {
      name: null,
      size: 0,
      ...empty(),

      reset(block) {
        generation++;
        stepsKey = null;
        comparedAtSerial = -1;
        latestMark = 0;
        set({ name: block?.name ?? null, size: block?.size ?? 0, ...empty() });
      },

      async refreshSteps(range) {
        const name = get().name;
        if (!name || range.length === 0) return;
        const key = `${name} ${range.offset} ${range.length}`;
        // Steps of this very range are known: ask only for the times after the newest (a writer adds hundreds a second).
        const { steps } = get();
        const after = stepsKey === key && steps.length > 1 ? steps[steps.length - 1] : undefined;
        const [times, info] = await Promise.all([
          guarded(() =>
            api.call('historyTimes', { name, offset: range.offset, length: range.length, ...(after === undefined ? {} : { after }) }),
          ),
          guarded(() => api.call('historyInfo', { name })),
        ]);
        if (!times || !info || get().name !== name) return;
        if (after !== undefined && stepsKey !== key) return; // the new times of steps replaced meanwhile
        set({
          steps: [times.completeSince, ...mergeTimes(after === undefined ? [] : get().steps.slice(1), times)],
          completeSince: times.completeSince,
          dropped: info.dropped,
          changeCount: info.count,
        });
        stepsKey = key;
      },

      async showStep(index, range) {
        const { steps } = get();
        if (index >= steps.length) return get().goLive();
        const clamped = Math.max(0, index);
        await showTime(clamped, steps[clamped]!, range);
      },

      async step(delta, range) {
        await get().refreshSteps(range);
        const { position, steps } = get();
        if (steps.length === 0) return;
        const from = position ?? steps.length;
        await get().showStep(Math.min(steps.length, Math.max(0, from + delta)), range);
      },

      goLive() {
        generation++;
        set({ position: null, paused: false, frozen: null, error: null });
      },

      pause(current) {
        generation++;
        set({
          paused: true,
          position: null,
          frozen: { offset: current.offset, bytes: Uint8Array.from(current.bytes), time: current.time },
        });
      },

      async refreshFrozen(range, current) {
        const { frozen, position, steps, paused } = get();
        if (!frozen || (frozen.offset === range.offset && frozen.bytes.length === range.length)) return;
        if (position !== null) await showTime(position, steps[position]!, range);
        // A pause frozen over another range: what the view could not have shown is shown as it is now.
        else if (paused) set({ frozen: { offset: range.offset, bytes: Uint8Array.from(current), time: frozen.time } });
      },

      noteChange(event) {
        if (event.name !== get().name) return;
        const cutoff = event.detectedAt - HEAT_WINDOW_MS;
        const recent = get().recent.filter((r) => r.time >= cutoff);
        for (const range of event.ranges)
          recent.push({ time: event.detectedAt, start: range.offset, end: range.offset + range.bytes.length });
        set({ recent: recent.slice(-HEAT_MAX_ENTRIES), changeSerial: get().changeSerial + 1 });
      },

      coolDown(now) {
        const { recent } = get();
        if (recent.length > 0 && recent[0]!.time < now - HEAT_WINDOW_MS)
          set({ recent: recent.filter((r) => r.time >= now - HEAT_WINDOW_MS) });
      },

      followMarks(name, follow) {
        const before = followers.get(name) ?? 0;
        const after = follow ? before + 1 : Math.max(0, before - 1);
        if (after > 0) followers.set(name, after);
        else followers.delete(name);
        const [wasFollowed, isFollowed] = [before > 0, after > 0];
        if (wasFollowed === isFollowed) return followCalls; // another part still follows, or none did
        return askMarks(name, follow);
      },

      async refollowMarks() {
        await Promise.all([...followers.keys()].map((name) => askMarks(name, true)));
      },

      applyMarks(event) {
        if (event.name !== get().name) return;
        // The detector's times are the main process's clock: compared only with each other.
        const latest = latestMarkOf(event);
        const moved = latest > latestMark;
        latestMark = Math.max(latestMark, latest);
        // The same regions again (a region changed again: only its time moved) keep the same array, so the
        // scrollbar and the map, which show where and not when, do not render for it.
        const regions = event.regions.map(({ offset, length }) => ({ offset, length }));
        const changedRegions = sameRegions(regions, get().changedRegions) ? get().changedRegions : regions;
        if (changedRegions === get().changedRegions && !moved) return;
        set({ changedRegions, changeSerial: get().changeSerial + (moved ? 1 : 0) });
      },

      async takeBaseline() {
        const name = get().name;
        if (!name) return;
        const baseline = await guarded(() => api.call('takeBaseline', { name }));
        if (baseline && get().name === name) {
          set({ baselineTakenAt: baseline.takenAt, error: null });
          comparedAtSerial = get().changeSerial;
          await get().refreshDifferences();
        }
      },

      async refreshDifferences() {
        const name = get().name;
        if (!name || get().baselineTakenAt === null) return;
        const page = await guarded(() => api.call('differences', { name }));
        if (page && get().name === name) set({ differences: page });
      },

      async refreshDifferencesIfChanged() {
        const { differences, changeSerial } = get();
        if (differences && changeSerial === comparedAtSerial) return;
        comparedAtSerial = changeSerial; // taken before the compare: a change during it asks again
        await get().refreshDifferences();
      },

      async exportHistory() {
        const name = get().name;
        if (!name) return null;
        return guarded(async () => {
          let text = '';
          let start: number | null = 0;
          while (start !== null) {
            const page: HistoryExportPage = await api.call('exportHistory', { name, start });
            text += page.text;
            start = page.next;
          }
          return text;
        });
      },
    };
  });
}

function latestMarkOf(marks: ChangeMarks): number {
  let latest = 0;
  for (const region of marks.regions) latest = Math.max(latest, region.changedAt);
  return latest;
}

/** How many recent changes touched [start, end): the row's heat. */
export function heatOf(recent: TimelineState['recent'], start: number, end: number): number {
  let count = 0;
  for (const r of recent) if (r.start < end && r.end > start) count++;
  return count;
}

/**
 * The times known (oldest first) with an answer's: the new ones appended, what
 * the History forgot (at or before completeSince) dropped, the newest
 * MAX_HISTORY_TIMES kept. An answer of MAX_HISTORY_TIMES may have skipped
 * some between them: then it is the whole list, as a full answer is.
 */
export function mergeTimes(known: readonly number[], answer: HistoryTimes): number[] {
  const newest = known.length > 0 ? known[known.length - 1]! : -Infinity;
  const merged = answer.times.length >= MAX_HISTORY_TIMES ? answer.times : [...known, ...answer.times.filter((t) => t > newest)];
  const kept = merged.filter((t) => t > answer.completeSince);
  return kept.length > MAX_HISTORY_TIMES ? kept.slice(-MAX_HISTORY_TIMES) : kept;
}

function sameRegions(a: readonly { offset: number; length: number }[], b: readonly { offset: number; length: number }[]): boolean {
  return a.length === b.length && a.every((region, i) => region.offset === b[i]!.offset && region.length === b[i]!.length);
}
