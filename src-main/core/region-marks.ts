// A coarse detector of changes anywhere in a block, for the scrollbar's
// markers. The watcher compares only what windows show; this compares the
// whole block, region by region (64 KiB), by CRC-32. The first pass only
// learns the checksums: a region is marked when a later pass sees its
// checksum move.
//
// Two kinds of interest keep a block's detector alive. A window that asks
// (`changeMarks`) keeps it checking every TICK_MS for KEEP_ALIVE_MS after its
// last question. A window that follows it (`changeMarks` with follow: true,
// the History panel) is told of every move by a marksChanged event instead of
// asking again, and costs next to nothing while nothing changes:
// - changes the native watcher finds (the watched ranges, and for blocks up
//   to WHOLE_BLOCK_HISTORY_MAX_BYTES the whole block) mark their regions at
//   once (`noteChanges`, the watcher's recording hook), without a CRC;
// - the rest of the block can only be learnt by reading it (a foreign writer
//   bumps no counter and takes no lock), so it is still checked, but slowly
//   while idle: every IDLE_TICK_MS with at most IDLE_BYTES_PER_TICK, and every
//   TICK_MS (up to MAX_BYTES_PER_TICK) for ACTIVE_SPAN_MS after a change.
//   One idle check of a 4 KiB block is a timer wake and a 4 KiB CRC (tens of
//   µs, about 0.005% of a core at 1/s); a 256 MiB block idles at 4 MiB/s.
// - a block the watcher sees whole (its windows watch all of it, or whole-block
//   history compares the rest: blocks up to WHOLE_BLOCK_HISTORY_MAX_BYTES) is
//   not read here at all: every change in it reaches noteChanges. Whether it
//   still is seen whole is asked every COVERED_RECHECK_MS (no read, no CRC);
//   once it is not, the next passes learn its checksums afresh.
// Events are coalesced: at most one per block every EMIT_MIN_MS, carrying all
// its marks, so a block written 1,000 times a second sends four a second.
import { ContractError, type ChangeMarks, type MarksChangedEvent } from '../../src-shared/contract';
import type { BlockService } from './block-service';
import { crc32 } from './digest';
import type { NativeBlock } from './native';
import { argsObject, optionalBooleanField } from './validate';

export const REGION_SIZE = 64 * 1024;
/** A block's detector while asked, or while changes arrive. */
export const TICK_MS = 250;
/** A followed block's detector while nothing changed for ACTIVE_SPAN_MS. */
export const IDLE_TICK_MS = 1000;
export const ACTIVE_SPAN_MS = 3000;
/** A block's detector stops this long after the last window asked for its marks (unless a window follows it). */
export const KEEP_ALIVE_MS = 3000;
export const MAX_BYTES_PER_TICK = 16 * 1024 * 1024;
export const IDLE_BYTES_PER_TICK = 4 * 1024 * 1024;
/** At most one marksChanged event per block this often. */
export const EMIT_MIN_MS = 250;
/** How often a block the watcher sees whole is asked whether it still is (its checks cost nothing meanwhile). */
export const COVERED_RECHECK_MS = 10_000;

export type MarksSink = (clientId: string, event: MarksChangedEvent) => void;

interface Detector {
  block: NativeBlock;
  sums: Uint32Array;
  changedAt: Float64Array;
  /** Regions the watcher marked since their last CRC: the next pass learns their sum without marking again. */
  stale: Uint8Array;
  /** The next region a tick checks. */
  cursor: number;
  /** A full pass learnt every checksum (regions compare from then on). */
  primed: boolean;
  /** The watcher saw the whole block at the last check: its changes come through noteChanges, nothing is read. */
  covered: boolean;
  checkedAt: number;
  askedAt: number;
  /** When this detector last read the block, and when it last found (or was told of) a change. */
  tickedAt: number;
  lastChangeAt: number;
  followers: Set<string>;
  /** The marks moved since the last event; sent when EMIT_MIN_MS has passed since lastEmitAt. */
  unsent: boolean;
  lastEmitAt: number;
  /** A flush waits for the current task's end (flushAfterChanges). */
  flushQueued: boolean;
}

export class RegionMarks {
  private readonly detectors = new Map<string, Detector>();
  /** The block each following window follows (one per window). */
  private readonly following = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private timerDueAt = Infinity;
  private readonly scratch = Buffer.allocUnsafe(REGION_SIZE);

  constructor(
    private readonly blocks: BlockService,
    private readonly send: MarksSink = () => undefined,
    private readonly now: () => number = Date.now,
    /** Whether every change anywhere in this block object reaches noteChanges (Watcher.seesWholeBlock). */
    private readonly seenWhole: (block: NativeBlock) => boolean = () => false,
  ) {}

  /** The regions changed after `since` (default: ever); keeps the block's detector running, or follows it (`follow`). */
  marks(rawArgs: unknown, clientId = ''): ChangeMarks {
    const args = argsObject(rawArgs, 'changeMarks');
    const block = this.blocks.lookup(args);
    const since = args['since'] === undefined ? -Infinity : args['since'];
    if (typeof since !== 'number' || Number.isNaN(since)) throw new ContractError('ERR_SHM_ARG', '"since" must be a number of epoch ms');
    const follow = optionalBooleanField(args, 'follow');
    if (follow === false) this.unfollow(clientId, block.name);
    const detector = this.detectorFor(block);
    detector.askedAt = this.now();
    if (follow === true) this.follow(clientId, detector);
    this.schedule();
    return marksOf(detector, since, detector.askedAt);
  }

  /**
   * The watcher found `changes` in `name` (the watched ranges): their regions
   * are marked now, and the detector checks quickly for a while. No CRC: a
   * block written 1,000 times a second costs a few comparisons per write.
   */
  noteChanges(name: string, changes: readonly { offset: number; bytes: Uint8Array }[]): void {
    const detector = this.detectors.get(name);
    if (!detector || changes.length === 0) return;
    const now = this.now();
    for (const { offset, bytes } of changes) {
      const last = Math.floor((offset + Math.max(1, bytes.length) - 1) / REGION_SIZE);
      for (let region = Math.floor(offset / REGION_SIZE); region <= last && region < detector.changedAt.length; region++) {
        detector.changedAt[region] = now;
        detector.stale[region] = 1;
      }
    }
    detector.lastChangeAt = now;
    detector.unsent = true;
    this.flushAfterChanges(detector);
    if (this.dueAt(detector) < this.timerDueAt) this.schedule();
  }

  /**
   * Sends the marks once the watcher's current take is over: noteChanges runs
   * as the changes are recorded, before the windows get them, and a window
   * that heard of a mark first handled it (the scrollbar, the block map)
   * before the bytes: a foreign write after idle reached a page's DOM 5 to
   * 12 ms later than a bare page's. A microtask runs after the take's
   * blockChanged events are written, and costs no timer.
   */
  private flushAfterChanges(detector: Detector): void {
    if (detector.flushQueued) return;
    detector.flushQueued = true;
    queueMicrotask(() => {
      detector.flushQueued = false;
      // Disposed meanwhile, or the name reopened: this detector's followers are no longer its own.
      if (this.detectors.get(detector.block.name) !== detector) return;
      this.flush(detector, this.now());
      this.schedule(); // the next event, if this one was too soon after the last
    });
  }

  /** The window no longer follows anything (it disconnected). */
  release(clientId: string): void {
    const name = this.following.get(clientId);
    if (name !== undefined) this.unfollow(clientId, name);
  }

  /** The window closed `name`: it stops following it (a follow of another block stays). */
  stopFollowing(clientId: string, name: string): void {
    this.unfollow(clientId, name);
  }

  /** One tick over every detector, due or not (tests and the bench call it directly). */
  tick(): void {
    this.run(true);
  }

  /** How many blocks are being checked (0: the timer is off). */
  activeBlocks(): number {
    return this.detectors.size;
  }

  /** When the next check or event is due (Infinity: no timer); for tests. */
  nextDueAt(): number {
    return this.timerDueAt;
  }

  dispose(): void {
    this.detectors.clear();
    this.following.clear();
    this.stopTimer();
  }

  private follow(clientId: string, detector: Detector): void {
    const previous = this.following.get(clientId);
    if (previous !== undefined && previous !== detector.block.name) this.unfollow(clientId, previous);
    this.following.set(clientId, detector.block.name);
    detector.followers.add(clientId);
  }

  /** Stops `clientId` following `name` (only that block: a late stop of an old block leaves a newer follow alone). */
  private unfollow(clientId: string, name: string): void {
    if (this.following.get(clientId) !== name) return;
    this.following.delete(clientId);
    this.detectors.get(name)?.followers.delete(clientId);
  }

  private run(all: boolean): void {
    const now = this.now();
    for (const [name, detector] of this.detectors) {
      if (detector.block.closed && detector.followers.size > 0) this.followReopened(name);
      const current = this.detectors.get(name)!;
      if (current !== detector) continue; // the followers moved to the name's new object (checked next tick)
      if (this.expired(detector, now)) {
        this.detectors.delete(name);
        for (const clientId of detector.followers) this.following.delete(clientId);
        continue;
      }
      if (all || now >= detector.tickedAt + this.intervalOf(detector, now)) this.advance(detector, now);
      this.flush(detector, now);
    }
    this.schedule();
  }

  /** A followed block was closed: if its name was opened again, the followers follow the new object. */
  private followReopened(name: string): void {
    const current = this.blocks.peek(name);
    if (current && !current.closed) this.detectorFor(current);
  }

  private expired(detector: Detector, now: number): boolean {
    if (detector.block.closed) return true;
    return detector.followers.size === 0 && now - detector.askedAt > KEEP_ALIVE_MS;
  }

  /** Followed and quiet: the slow cadence. Asked, new, or changing: the quick one. */
  private intervalOf(detector: Detector, now: number): number {
    if (detector.covered) return COVERED_RECHECK_MS;
    const quiet = detector.primed && now - detector.lastChangeAt > ACTIVE_SPAN_MS;
    const onlyFollowed = now - detector.askedAt > KEEP_ALIVE_MS;
    return quiet && onlyFollowed ? IDLE_TICK_MS : TICK_MS;
  }

  private dueAt(detector: Detector): number {
    const now = this.now();
    const check = detector.tickedAt + this.intervalOf(detector, now);
    // A flush already queued (flushAfterChanges) schedules what it leaves.
    const emit = detector.unsent && !detector.flushQueued && detector.followers.size > 0 ? detector.lastEmitAt + EMIT_MIN_MS : Infinity;
    const expiry = detector.followers.size === 0 ? detector.askedAt + KEEP_ALIVE_MS + 1 : Infinity;
    return Math.min(check, emit, expiry);
  }

  /** One timer for every detector, set for the earliest one due. */
  private schedule(): void {
    let due = Infinity;
    for (const detector of this.detectors.values()) due = Math.min(due, this.dueAt(detector));
    if (due === this.timerDueAt && this.timer) return;
    this.stopTimer();
    if (due === Infinity) return;
    this.timerDueAt = due;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.timerDueAt = Infinity;
        this.run(false);
      },
      Math.max(0, due - this.now()),
    );
    this.timer.unref();
  }

  /** Sends the followers the marks if they moved and the last event is EMIT_MIN_MS old. */
  private flush(detector: Detector, now: number): void {
    if (!detector.unsent || detector.followers.size === 0 || now - detector.lastEmitAt < EMIT_MIN_MS) return;
    detector.unsent = false;
    detector.lastEmitAt = now;
    const event: MarksChangedEvent = { name: detector.block.name, ...marksOf(detector, -Infinity, now) };
    for (const clientId of detector.followers) this.send(clientId, event);
  }

  private detectorFor(block: NativeBlock): Detector {
    let detector = this.detectors.get(block.name);
    if (!detector || detector.block !== block) {
      const regions = Math.ceil(block.size / REGION_SIZE);
      detector = {
        block,
        sums: new Uint32Array(regions),
        changedAt: new Float64Array(regions),
        stale: new Uint8Array(regions),
        cursor: 0,
        primed: false,
        covered: false,
        checkedAt: 0,
        askedAt: 0,
        tickedAt: 0,
        lastChangeAt: 0,
        followers: detector?.followers ?? new Set(), // a name reopened: its followers follow the new object
        unsent: false,
        lastEmitAt: 0,
        flushQueued: false,
      };
      this.detectors.set(block.name, detector);
      this.advance(detector, this.now()); // learn the first checksums now, so the next tick can compare
    }
    return detector;
  }

  private advance(detector: Detector, now: number): void {
    const { block, sums, changedAt, stale } = detector;
    detector.tickedAt = now;
    if (this.seenWhole(block)) {
      detector.covered = true;
      return;
    }
    if (detector.covered) {
      // No longer seen whole: the sums are old, so the next full pass only learns them.
      detector.covered = false;
      detector.primed = false;
      detector.cursor = 0;
    }
    let budget = this.intervalOf(detector, now) === IDLE_TICK_MS ? IDLE_BYTES_PER_TICK : MAX_BYTES_PER_TICK;
    while (budget > 0) {
      const region = detector.cursor;
      const offset = region * REGION_SIZE;
      const length = Math.min(REGION_SIZE, block.size - offset);
      const bytes = this.scratch.subarray(0, length);
      try {
        block.readInto(offset, bytes);
      } catch {
        return; // closed meanwhile: the next tick drops the detector
      }
      const sum = crc32(bytes);
      if (detector.primed && sum !== sums[region] && !stale[region]) {
        changedAt[region] = now;
        detector.lastChangeAt = now;
        detector.unsent = true;
      }
      stale[region] = 0;
      sums[region] = sum;
      budget -= length;
      detector.cursor = (region + 1) % sums.length;
      if (detector.cursor === 0) {
        detector.primed = true;
        detector.checkedAt = now;
        return; // one pass per tick at most
      }
    }
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDueAt = Infinity;
  }
}

/** `now`: the marks of a block the watcher sees whole are complete up to now (it waits for no check). */
function marksOf(detector: Detector, since: number, now: number): ChangeMarks {
  const { block, changedAt } = detector;
  const regions: ChangeMarks['regions'] = [];
  for (let i = 0; i < changedAt.length; i++) {
    const at = changedAt[i]!;
    if (at > 0 && at > since)
      regions.push({ offset: i * REGION_SIZE, length: Math.min(REGION_SIZE, block.size - i * REGION_SIZE), changedAt: at });
  }
  return { regionSize: REGION_SIZE, regions, checkedAt: detector.covered ? now : detector.checkedAt };
}
