// What the block map and the Statistics panel must count again: the ranges
// this window heard changed (the watched window's blockChanged events and the
// whole-block change marks) since their previous call began. The host keeps
// each region's counts and counts again only the regions these ranges touch
// (byteStats/blockMap `changed`), so a refresh after a small write costs what
// the write touched, not the block. "Everything" until the first call, and
// whenever changes may have gone unheard (nobody was listening).
import type { ChangedRange } from '../contract';
import { MAX_STATS_CHANGED_RANGES } from '../contract';
import type { TimelineState, TimelineStore } from './timeline';

export class ChangedRanges {
  /** null: everything (unknown changes). */
  private ranges: ChangedRange[] | null = null;

  add(ranges: readonly ChangedRange[]): void {
    if (this.ranges === null) return;
    for (const { offset, length } of ranges) this.ranges.push({ offset, length });
    if (this.ranges.length > MAX_STATS_CHANGED_RANGES) this.ranges = [spanOf(this.ranges)];
  }

  /** Changes may have gone unheard: the next call counts everything. */
  everything(): void {
    this.ranges = null;
  }

  /** The ranges for a call that begins now (undefined: everything); later changes are kept for the next one. */
  take(): ChangedRange[] | undefined {
    const taken = this.ranges ?? undefined;
    this.ranges = [];
    return taken;
  }

  /** The call that took `taken` failed or was replaced: they still need counting. */
  putBack(taken: ChangedRange[] | undefined): void {
    if (taken === undefined) this.everything();
    else this.add(taken);
  }
}

/** One range covering all of `ranges` (at least one). */
function spanOf(ranges: readonly ChangedRange[]): ChangedRange {
  let start = Infinity;
  let end = 0;
  for (const { offset, length } of ranges) {
    start = Math.min(start, offset);
    end = Math.max(end, offset + length);
  }
  return { offset: start, length: end - start };
}

/**
 * Calls `onChanged` with the ranges of each change the timeline hears of: its
 * new recent changes (the watched window's events), and every marked region
 * when the whole-block marks move (a mark that moves again keeps its range,
 * so all marked ones are reported: a superset, never less). `onUnheard` is
 * told when changes may have been missed.
 */
export function followHeardChanges(
  timeline: TimelineStore,
  onChanged: (ranges: ChangedRange[]) => void,
  onUnheard: () => void,
): () => void {
  return timeline.subscribe((next: TimelineState, previous: TimelineState) => {
    if (next.name !== previous.name) return onUnheard();
    if (next.recent !== previous.recent) {
      const fresh = freshEntries(next.recent, previous.recent);
      if (fresh === null) onUnheard();
      else if (fresh.length > 0) onChanged(fresh.map((r) => ({ offset: r.start, length: r.end - r.start })));
    }
    if (next.changedRegions !== previous.changedRegions && next.changeSerial !== previous.changeSerial) {
      onChanged(next.changedRegions.map(({ offset, length }) => ({ offset, length })));
    }
  });
}

/** A store that counts again what changed: the block map's and the statistics'. */
interface CountsChanges {
  getState(): { noteUnheard(): void; noteToCount(ranges: ChangedRange[]): void };
}

/** From now on, every change the timeline hears of is for `store` to count again (before now: unknown, so everything). */
export function followChangesToCount(timeline: TimelineStore, store: CountsChanges): () => void {
  store.getState().noteUnheard();
  return followHeardChanges(
    timeline,
    (ranges) => store.getState().noteToCount(ranges),
    () => store.getState().noteUnheard(),
  );
}

/** The timeline keeps at most this many recent changes (timeline.ts HEAT_MAX_ENTRIES): a list this long may have lost some. */
const RECENT_CAP = 4096;

/** The entries of `next` after the newest of `previous` (entries are kept by identity); null when some may be lost. */
function freshEntries<T>(next: readonly T[], previous: readonly T[]): readonly T[] | null {
  if (previous.length === 0) return next;
  const newest = next.lastIndexOf(previous.at(-1)!);
  if (newest >= 0) return next.slice(newest + 1);
  // The newest known entry is gone: every older one cooled down with it (all of `next` is new), or more than the cap came at once.
  return next.length >= RECENT_CAP ? null : next;
}
