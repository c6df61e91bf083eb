// The one finder of changed runs: where two byte sequences of the same length
// differ, as [start, end) runs. Every comparison in the app uses it (the CLI's
// diff, baselines, Compare with file, Import's count); only the merge rule
// differs between them, and each rule is named here with the reason for it.
// The native watcher (native/src/common/watcher.cc, kMergeGap) spells
// MERGE_GAP_WATCH in C++, with the same comparison.
//
// Pure: no Node, no DOM. Callers that have memcmp (Node's Buffer.compare)
// pass it as `sameSpan` to skip equal spans quickly; without it, equal 4-byte
// words are skipped where both views are aligned.

/** Runs fewer than this many unchanged bytes apart join into one. */
export type MergeGap = number;

/**
 * The watcher's rule: changes fewer than 16 unchanged bytes apart are one
 * run. A writer that updates a record's fields one by one, or a counter and
 * its neighbour, is reported as one range instead of many tiny ones, and 16
 * bytes is one hex row: a run never leaves a hole shorter than a row.
 * native/src/common/watcher.h's kMergeGap must stay equal to it.
 */
export const MERGE_GAP_WATCH: MergeGap = 16;

/**
 * Exact runs: only touching changed bytes join (fewer than 1 unchanged byte
 * apart). Baselines, Compare with file and Import count and mark every byte
 * that differs and no byte that does not.
 */
export const MERGE_GAP_EXACT: MergeGap = 1;

export interface ChangedRun {
  start: number;
  end: number;
}

export interface ChangedRunOptions {
  mergeGap: MergeGap;
  /** Where `before[0]` lies in the whole, for a caller that compares chunk by chunk (default 0). */
  base?: number;
  /** At most this many runs are kept; further ones set `capped` (their bytes still count). */
  maxRuns?: number;
  /** A fast check that bytes [from, to) of this chunk are equal (e.g. memcmp), asked per SKIP_SPAN bytes. */
  sameSpan?: (from: number, to: number) => boolean;
}

/** Runs found so far, for a caller that compares chunk by chunk. */
export interface ChangedRuns {
  runs: ChangedRun[];
  /** How many bytes differ. */
  changedBytes: number;
  /** Whether a run was left out because `maxRuns` were kept already. */
  capped: boolean;
}

/** Bytes handed to `sameSpan` at a time: 4 KiB, a page, where memcmp costs little more than the call. */
export const SKIP_SPAN = 4096;

/** The changed runs between `before` and `after` (compared over the shorter's length), offsets from 0. */
export function findChangedRuns(before: Uint8Array, after: Uint8Array, options: ChangedRunOptions): ChangedRun[] {
  return appendChangedRuns(emptyChangedRuns(), before, after, options).runs;
}

export function emptyChangedRuns(): ChangedRuns {
  return { runs: [], changedBytes: 0, capped: false };
}

/**
 * Adds the changed runs of one chunk (`before` and `after` starting at
 * `options.base`) to `found`. A run that begins fewer than `mergeGap` bytes
 * after the last one found, in this chunk or an earlier one, extends it.
 */
export function appendChangedRuns(found: ChangedRuns, before: Uint8Array, after: Uint8Array, options: ChangedRunOptions): ChangedRuns {
  const length = Math.min(before.length, after.length);
  const words = WordViews.of(before, after, length);
  const sameSpan = options.sameSpan ?? ((from: number, to: number) => words.same(from, to));
  for (let span = 0; span < length; span += SKIP_SPAN) {
    const end = Math.min(span + SKIP_SPAN, length);
    if (sameSpan(span, end)) continue;
    // Inside a span that differs, only words that differ are compared byte by byte.
    words.forEachDifferingPiece(span, end, (from, to) => addByteRuns(found, before, after, from, to, options));
  }
  return found;
}

/** Compares bytes [from, to) one by one and records the ones that differ. */
function addByteRuns(
  found: ChangedRuns,
  before: Uint8Array,
  after: Uint8Array,
  from: number,
  to: number,
  options: ChangedRunOptions,
): void {
  const base = options.base ?? 0;
  const maxRuns = options.maxRuns ?? Infinity;
  const runs = found.runs;
  for (let i = from; i < to; i++) {
    if (before[i] === after[i]) continue;
    found.changedBytes++;
    const offset = base + i;
    const last = runs[runs.length - 1];
    if (last && offset - last.end < options.mergeGap) last.end = offset + 1;
    else if (runs.length < maxRuns) runs.push({ start: offset, end: offset + 1 });
    else found.capped = true;
  }
}

/**
 * The two views as 4-byte words where both are aligned (a chunk of a block
 * is almost all equal, and a word compare is a quarter of the byte loop),
 * else byte by byte. SKIP_SPAN is a multiple of 4, so a span starts on a word.
 */
class WordViews {
  private constructor(
    private readonly before: Uint8Array,
    private readonly after: Uint8Array,
    private readonly a: Uint32Array | null,
    private readonly b: Uint32Array | null,
    private readonly words: number,
  ) {}

  static of(before: Uint8Array, after: Uint8Array, length: number): WordViews {
    if (before.byteOffset % 4 !== 0 || after.byteOffset % 4 !== 0) return new WordViews(before, after, null, null, 0);
    const words = length >>> 2;
    return new WordViews(
      before,
      after,
      new Uint32Array(before.buffer, before.byteOffset, words),
      new Uint32Array(after.buffer, after.byteOffset, words),
      words,
    );
  }

  /** Whether bytes [from, to) are equal. */
  same(from: number, to: number): boolean {
    let equal = true;
    this.forEachDifferingPiece(from, to, () => (equal = false), true);
    return equal;
  }

  /** Calls `visit` with each piece of [from, to) that may differ: each differing word, and the bytes past the last word. */
  forEachDifferingPiece(from: number, to: number, visit: (from: number, to: number) => void, firstOnly = false): void {
    const { a, b } = this;
    const wordEnd = a && b ? Math.min(to >>> 2, this.words) : from >>> 2;
    for (let w = from >>> 2; w < wordEnd; w++) {
      if (a![w] === b![w]) continue;
      visit(w << 2, (w << 2) + 4);
      if (firstOnly) return;
    }
    const tail = Math.max(from, wordEnd << 2);
    for (let i = tail; i < to; i++) {
      if (this.before[i] === this.after[i]) continue;
      visit(tail, to);
      return;
    }
  }
}
