// Notices writes to open blocks by any process and tells each watching client
// what changed inside the range it watches.
//
// Writers in other processes need not use our library, so no notification can
// be relied on: the addon's native watcher (native/src/common/watcher.h) polls on its
// own thread. Its cost follows what clients watch, never the block size: per
// block it compares only the union of the watched ranges, kept here, with a
// snapshot of them (one memcmp per 256-byte chunk, a byte scan only where a
// chunk differs) and merges changed bytes fewer than 16 bytes apart. A write
// through our library (any process) wakes it at once, unless one keeps writing
// (then a look every 4 ms, no wake per write); foreign writes are found within
// 1 to 4 ms while writes come, within a frame (16 ms) once none came for a
// second (WATCHER_POLL). JavaScript runs only when something changed: the
// thread signals, this module takes the batches and sends each client only the
// parts inside its own watch.
//
// Pacing: a writer may change a block 1,000 times a second; a page shows a
// frame every ~16 ms. So JavaScript takes the native queue at most once per
// EVENT_FRAME_MS (limits.ts) while changes come, every two frames once they
// have kept coming for a while (event-pace.ts; a lone change after a quiet
// frame at once; each take holds the native thread's next signal for the
// frame, so this thread wakes once per take and keeps no timer; the native
// thread signals early if its queue fills to a quarter of a cap), the History
// records every batch with the time the native thread saw it, and each client
// gets at most one blockChanged per take: the union of what changed in its
// watch, with the latest bytes (change-fanout.ts). A host that logs every change (the CLI) sets
// eventFrameMs 0: every signal is taken and sent at once.
//
// Hidden windows: a client reports whether its page is visible
// (setVisibility). A block every client of which is hidden is polled only every
// HIDDEN_POLL_MS (limits.ts), and no writer wakes the thread for it: the
// History still gets every change, coarser in time.
//
// Whole-block history: a block of at most WHOLE_BLOCK_HISTORY_MAX_BYTES
// (limits.ts, 1 MiB) is also compared whole while any client watches it, so
// the recorder sees changes off screen too: by the fast watcher itself up to
// FAST_WHOLE_BLOCK_MAX_BYTES (16 KiB), above that slowly, by a second native
// watcher (history-offscreen.ts). Larger blocks cost what their windows show.
import { ContractError, MAX_WATCH_LENGTH, type BlockChangedEvent, type ByteRange } from '../../src-shared/contract';
import type { BlockService } from './block-service';
import type { NativeBlock, NativeModule } from './native';
import { loadNative } from './native';
import { OffscreenHistory } from './history-offscreen';
import { ChangeFanout } from './change-fanout';
import { EventPace } from './event-pace';
import {
  BLOCK_MONITOR_HIDDEN_MS,
  BLOCK_MONITOR_MS,
  FAST_WHOLE_BLOCK_MAX_BYTES,
  HIDDEN_POLL_MS,
  MAX_SUBSCRIBED_CLIENTS,
  OFFSCREEN_POLL_MS,
  WHOLE_BLOCK_HISTORY_MAX_BYTES,
} from './limits';
import { intersect, unionOf, type Interval } from './ranges';
import { argsObject, rangeFields } from './validate';

/**
 * The native watcher's poll for foreign writers, ms: `fastestMs` while changes
 * come, doubling to `slowestMs` while none do, and `idleMs` (one frame) once
 * none came for `idleAfterMs`; `sustainedMs`, with no wake per write, once a
 * change came in at least half such polls for `sustainedAfterMs`. Mirrors
 * native/src/common/shm_limits.h (kWatcherFastestPollUs ...);
 * tests/core/watcher-poll.test.ts holds them equal.
 */
export const WATCHER_POLL = { fastestMs: 1, slowestMs: 4, idleMs: 16, idleAfterMs: 1000, sustainedMs: 4, sustainedAfterMs: 250 } as const;
/** The backed-off poll within the first quiet second, ms (the benchmark's timer baseline). */
export const DEFAULT_POLL_MS = WATCHER_POLL.slowestMs;

export type ChangeSink = (clientId: string, event: BlockChangedEvent) => void;

type NativeWatcher = InstanceType<NativeModule['Watcher']>;
type NativeBatch = ReturnType<NativeWatcher['take']>[number];

interface WatchedBlock {
  /** The block object the native watcher compares (replaced when the name is reopened). */
  block: NativeBlock;
  clients: Map<string, Interval>;
  /** The slow poll set for it, ms: HIDDEN_POLL_MS while every client is hidden, else 0 (the adaptive poll). */
  slowPollMs: number;
  /** Whether the fast watcher compares all of it (a small block with whole-block history), not only the clients' ranges. */
  comparedWhole: boolean;
}

/** Where every change the watcher takes goes besides the windows: the change history. */
export interface ChangeRecorder {
  /** A block is watched: its recording starts (history is complete from here). */
  begin(name: string): void;
  record(
    name: string,
    time: number,
    changes: readonly { offset: number; bytes: Uint8Array; before: Uint8Array }[],
    coalesced?: { since: number; polls: number },
  ): void;
}

export interface WatcherOptions {
  /** Poll interval while changes arrive, ms (default 1). */
  fastestMs?: number;
  /** The idle poll backs off to this, ms (default 4). */
  slowestMs?: number;
  /** Default: the addon found above this module. */
  native?: NativeModule;
  /** Receives every batch (with the bytes each change replaced), before the windows get theirs. */
  recorder?: ChangeRecorder;
  /** Another process shrank a watched block (size: its size now); called once per block and size. */
  onShrunk?: (name: string, size: number) => void;
  /**
   * The native thread's monitor found a watched block's name unlinked or taken
   * by another object, or its lock held across polls. Given either, the
   * monitor looks every BLOCK_MONITOR_MS (BLOCK_MONITOR_HIDDEN_MS while every
   * window of the block is hidden) on the watcher's own thread, and JavaScript
   * runs only when it finds something.
   */
  onUnlinked?: (name: string) => void;
  onBusy?: (name: string) => void;
  /** Blocks up to this many bytes have whole-block history while watched (default WHOLE_BLOCK_HISTORY_MAX_BYTES). */
  wholeBlockMaxBytes?: number;
  /** How often whole-block history compares the rows no window shows, ms (default OFFSCREEN_POLL_MS). */
  offscreenPollMs?: number;
  /** Each client gets at most one blockChanged per block this often, ms (default EVENT_FRAME_MS; 0: every change at once). */
  eventFrameMs?: number;
  /** The pace once changes have kept coming (default SUSTAINED_EVENT_FRAME_MS; never below eventFrameMs). */
  sustainedEventFrameMs?: number;
}

export class Watcher {
  private readonly byBlock = new Map<string, WatchedBlock>();
  /** Which block each client watches (one range per client). */
  private readonly clientBlock = new Map<string, string>();
  /**
   * Clients whose page is hidden (setVisibility), oldest first; at most
   * MAX_SUBSCRIBED_CLIENTS, past it the oldest is forgotten (it counts as
   * visible again: it costs polls, never a change). A client that disconnects
   * is forgotten (forgetClient): gone, not visible.
   */
  private readonly hiddenClients = new Set<string>();
  private readonly native: NativeModule;
  private nativeWatcher: NativeWatcher | null;
  /** Adds to the native steady clock to give epoch milliseconds (performance.timeOrigin + performance.now()). */
  private readonly epochOffsetMs: number;
  private readonly recorder: ChangeRecorder | undefined;
  private readonly onShrunk: ((name: string, size: number) => void) | undefined;
  private readonly onUnlinked: ((name: string) => void) | undefined;
  private readonly onBusy: ((name: string) => void) | undefined;
  readonly wholeBlockMaxBytes: number;
  /** Whole-block history's slow watcher; none without a recorder. */
  private readonly offscreen: OffscreenHistory | null;
  /** What each client has not yet been sent (one event per client per take). */
  private readonly fanout = new ChangeFanout();
  private readonly pace: EventPace;
  /** The next paced take, while one waits. */
  private takeTimer: NodeJS.Timeout | null = null;
  /** When the last paced take ran (performance.now()). */
  private lastTakeAt = -Infinity;

  constructor(
    private readonly blocks: BlockService,
    private readonly sink: ChangeSink,
    options: WatcherOptions = {},
  ) {
    this.native = options.native ?? loadNative();
    this.pace = new EventPace(options.eventFrameMs, options.sustainedEventFrameMs);
    const monitored = options.onUnlinked !== undefined || options.onBusy !== undefined;
    this.nativeWatcher = new this.native.Watcher(() => this.onNativeSignal(), {
      fastestMs: options.fastestMs,
      slowestMs: options.slowestMs,
      ...(monitored ? { monitorMs: BLOCK_MONITOR_MS, monitorHiddenMs: BLOCK_MONITOR_HIDDEN_MS } : {}),
    });
    this.epochOffsetMs = performance.timeOrigin + performance.now() - this.native.steadyNowMs();
    this.recorder = options.recorder;
    this.onShrunk = options.onShrunk;
    this.onUnlinked = options.onUnlinked;
    this.onBusy = options.onBusy;
    this.wholeBlockMaxBytes = options.wholeBlockMaxBytes ?? WHOLE_BLOCK_HISTORY_MAX_BYTES;
    this.offscreen = options.recorder
      ? new OffscreenHistory(this.native, options.recorder, this.epochOffsetMs, options.offscreenPollMs ?? OFFSCREEN_POLL_MS, () =>
          this.recordPending(),
        )
      : null;
  }

  /** Whether a block of `size` bytes has whole-block history while watched. */
  coversWholeBlock(size: number): boolean {
    return this.offscreen !== null && size <= this.wholeBlockMaxBytes;
  }

  /** Whether the fast watcher compares all of `block` while any client watches it (no second watcher for the rest). */
  private comparesWholeFast(block: NativeBlock): boolean {
    return this.coversWholeBlock(block.size) && block.size <= Math.min(FAST_WHOLE_BLOCK_MAX_BYTES, this.wholeBlockMaxBytes);
  }

  /**
   * Whether every change anywhere in `block` reaches the recorder: its
   * windows watch all of it, or whole-block history compares the rest.
   */
  seesWholeBlock(block: NativeBlock): boolean {
    const entry = this.byBlock.get(block.name);
    if (!entry || entry.block !== block) return false;
    if (entry.comparedWhole || this.offscreen?.covers(block)) return true;
    return unionOf([...entry.clients.values()]).some((range) => range.start === 0 && range.end >= block.size);
  }

  /** The block a client watches, if any (the app's New Window opens on it). */
  blockOf(clientId: string): string | undefined {
    return this.clientBlock.get(clientId);
  }

  /**
   * Sets the client's watched range (length 0 stops watching) and returns the
   * range's current bytes, taken from the same snapshot later changes are
   * measured against, so the client misses nothing in between.
   */
  watch(rawArgs: unknown, clientId: string): ByteRange {
    const args = argsObject(rawArgs, 'watch');
    const block = this.blocks.lookup(args);
    const { offset, length } = rangeFields(args, block.size, MAX_WATCH_LENGTH);
    this.unwatch(clientId);
    if (length === 0) return { offset, bytes: new Uint8Array(0) };
    refuseShrunkPast(block, offset, offset + length);

    const entry = this.entryFor(block);
    entry.block = block;
    this.recorder?.begin(block.name);
    const watched = { start: offset, end: offset + length };
    const bytes = this.applyRanges(block.name, entry, [...entry.clients.values(), watched], watched);
    entry.clients.set(clientId, watched);
    this.clientBlock.set(clientId, block.name);
    this.applySlowPoll(block.name, entry);
    return { offset, bytes };
  }

  /** Names of the blocks some client watches. */
  watchedNames(): string[] {
    return [...this.byBlock.keys()];
  }

  /** Stops the client's watch of `name`, if that is what it watches (the client closed the block). */
  unwatchBlock(clientId: string, name: string): void {
    if (this.clientBlock.get(clientId) === name) this.unwatch(clientId);
  }

  /** Stops the client's watch (on disconnect or a new watch). */
  unwatch(clientId: string): void {
    const name = this.clientBlock.get(clientId);
    if (name === undefined) return;
    this.clientBlock.delete(clientId);
    this.fanout.drop(clientId); // a new watch answers with the bytes; none of its old range's may follow that answer
    const entry = this.byBlock.get(name);
    if (!entry) return;
    entry.clients.delete(clientId);
    if (entry.clients.size === 0) this.byBlock.delete(name);
    this.applyRanges(name, entry, entry.clients.values(), null);
    if (entry.clients.size > 0) this.applySlowPoll(name, entry);
  }

  /** The client's page was shown or hidden: its block's poll follows (every client hidden: HIDDEN_POLL_MS). */
  setVisibility(rawArgs: unknown, clientId: string): { visible: boolean } {
    const visible = argsObject(rawArgs, 'setVisibility')['visible'];
    if (typeof visible !== 'boolean') throw new ContractError('ERR_SHM_ARG', '"visible" must be true or false');
    this.hiddenClients.delete(clientId);
    if (!visible) {
      if (this.hiddenClients.size >= MAX_SUBSCRIBED_CLIENTS) this.hiddenClients.delete(this.hiddenClients.values().next().value!);
      this.hiddenClients.add(clientId);
    }
    const name = this.clientBlock.get(clientId);
    const entry = name === undefined ? undefined : this.byBlock.get(name);
    if (name !== undefined && entry) this.applySlowPoll(name, entry);
    return { visible };
  }

  /** The client disconnected: its watch ends and its visibility is forgotten. */
  forgetClient(clientId: string): void {
    this.hiddenClients.delete(clientId);
    this.unwatch(clientId);
  }

  /** The slow poll of block `name`, ms (0: the adaptive poll; HIDDEN_POLL_MS while every client of it is hidden); for tests. */
  slowPollOf(name: string): number {
    return this.byBlock.get(name)?.slowPollMs ?? 0;
  }

  /** How many bytes one poll compares (the union of watched ranges); for tests and the benchmark. */
  watchedBytes(): number {
    return this.nativeWatcher?.watchedBytes() ?? 0;
  }

  /** How many bytes the clients' watches cover, block by block (what windows asked for; the native watcher may compare more). */
  clientWatchedBytes(): number {
    let bytes = 0;
    for (const entry of this.byBlock.values()) for (const range of unionOf([...entry.clients.values()])) bytes += range.end - range.start;
    return bytes;
  }

  /** How many bytes one poll of whole-block history compares (the blocks with rows off screen); for tests. */
  offscreenComparedBytes(): number {
    return this.offscreen?.comparedBytes() ?? 0;
  }

  /** Whole-block history's native counters (polls, sleeps ended by a writer); for tests. */
  offscreenStats(): { polls: number; wokenByWriters: number } {
    return this.offscreen?.stats() ?? { polls: 0, wokenByWriters: 0 };
  }

  /** Whether anything is watched (the native thread polls only then; it sleeps otherwise). */
  isPolling(): boolean {
    return this.nativeWatcher !== null && this.byBlock.size > 0;
  }

  /** One poll of every watched block now (whole-block history's too), on this thread, its changes delivered before it returns. */
  pollNow(): void {
    if (!this.nativeWatcher) return;
    this.nativeWatcher.pollNow();
    this.deliverPending();
    this.fanout.flush(this.sink);
    this.offscreen?.pollNow();
  }

  /**
   * The same for the History (a query sees every change up to now): one poll
   * now, every batch recorded before it returns; the clients get theirs at
   * the next paced take, so queries cost no extra events.
   */
  recordNow(): void {
    if (!this.nativeWatcher) return;
    this.nativeWatcher.pollNow();
    this.recordPending();
    this.offscreen?.pollNow();
  }

  /** Takes and records what the native thread queued; the clients' parts go out with the next paced take. */
  private recordPending(): void {
    this.deliverPending();
    this.schedulePendingEvents();
  }

  /** The native watcher's counters (polls, sleeps ended by a writer, blocks skipped as busy). */
  stats(): { polls: number; wokenByWriters: number; skippedBusy: number; coalescedPolls: number; queuedBytes: number } {
    return this.nativeWatcher?.stats() ?? { polls: 0, wokenByWriters: 0, skippedBusy: 0, coalescedPolls: 0, queuedBytes: 0 };
  }

  /** Stops and joins the native thread; no event is sent after this returns. */
  dispose(): void {
    if (this.takeTimer !== null) clearTimeout(this.takeTimer);
    this.takeTimer = null;
    this.offscreen?.dispose();
    this.nativeWatcher?.close();
    this.nativeWatcher = null;
    this.byBlock.clear();
    this.clientBlock.clear();
  }

  private entryFor(block: NativeBlock): WatchedBlock {
    let entry = this.byBlock.get(block.name);
    if (!entry) {
      entry = { block, clients: new Map(), slowPollMs: 0, comparedWhole: false };
      this.byBlock.set(block.name, entry);
    }
    return entry;
  }

  /** Every client of the block hidden: the native watchers poll it every HIDDEN_POLL_MS; else adaptively. */
  private applySlowPoll(name: string, entry: WatchedBlock): void {
    const allHidden = entry.clients.size > 0 && [...entry.clients.keys()].every((id) => this.hiddenClients.has(id));
    const slowPollMs = allHidden ? HIDDEN_POLL_MS : 0;
    if (!this.nativeWatcher) return;
    // Set every time: setRanges on a new block object keeps it natively, but a name unwatched and watched again does not.
    this.nativeWatcher.setSlowPoll(name, slowPollMs);
    this.offscreen?.setSlowPoll(name, slowPollMs);
    entry.slowPollMs = slowPollMs;
  }

  /**
   * Hands the union of `ranges` to the native watcher. It first queues what
   * changed against the old snapshots; those changes go to the clients that
   * watched until now (the caller updates its clients after this returns).
   */
  private applyRanges(name: string, entry: WatchedBlock, ranges: Iterable<Interval>, answer: Interval | null): Uint8Array {
    if (!this.nativeWatcher) throw new ContractError('ERR_INTERNAL', 'the watcher has shut down');
    // Ranges past the end of a name reopened smaller are left out until a client watches again.
    const inside = [...ranges].filter((range) => range.end <= entry.block.size);
    // A small block with whole-block history: the fast watcher compares all of it (FAST_WHOLE_BLOCK_MAX_BYTES).
    entry.comparedWhole = inside.length > 0 && this.comparesWholeFast(entry.block);
    const union = entry.comparedWhole ? [{ start: 0, end: entry.block.size }] : unionOf(inside);
    this.deliverPending(); // the changes taken so far are recorded before whole-block history's (time order)
    this.offscreen?.beforeRangesChange(name);
    const flat = union.flatMap((i) => [i.start, i.end]);
    const bytes = this.nativeWatcher.setRanges(name, entry.block, flat, answer?.start ?? 0, answer?.end ?? 0);
    this.recordPending();
    this.offscreen?.afterRangesChange(name, entry.block, union, this.coversWholeBlock(entry.block.size));
    if (answer && bytes.length !== answer.end - answer.start) throw new ContractError('ERR_INTERNAL', 'watched range has no snapshot');
    return bytes;
  }

  /**
   * The native thread queued changes: taken at once. Each paced take holds
   * the native thread's next signal for the pace's frame, so a lone change
   * after a quiet frame comes at once and the changes that follow at the
   * frame's end: JavaScript runs, and each client hears, at most once per
   * frame, with one wake of this thread per take and no timer (the native
   * thread sends a held signal at once if its queue fills).
   */
  private onNativeSignal(): void {
    if (!this.nativeWatcher) return;
    this.pace.noteSignal(performance.now());
    this.pacedTake();
  }

  private pacedTake(): void {
    if (this.takeTimer !== null) clearTimeout(this.takeTimer);
    this.takeTimer = null;
    const now = performance.now();
    this.lastTakeAt = now;
    this.deliverPending(this.pace.frameAt(now));
    this.fanout.flush(this.sink);
  }

  /** A take outside the pace (a watch, a History query) left events for clients: they go out with the next paced one. */
  private schedulePendingEvents(): void {
    if (this.takeTimer !== null || !this.fanout.hasPending() || !this.nativeWatcher) return;
    const now = performance.now();
    const wait = Math.max(0, this.lastTakeAt + this.pace.frameAt(now) - now);
    this.takeTimer = unrefTimer(setTimeout(() => this.pacedTake(), wait));
  }

  /**
   * Takes what the native watcher queued: the History records every batch,
   * and each client's part waits in the fan-out. `holdMs`: the paced take's
   * hold of the next signal (others leave the hold as it is).
   */
  private deliverPending(holdMs?: number): void {
    if (!this.nativeWatcher) return;
    for (const batch of this.nativeWatcher.take(holdMs)) {
      // Recorded even when its last window just left (unwatch queues the changes found until then).
      if (batch.changes.length > 0 || batch.coalesced) this.recordBatch(batch);
      // The native thread met the shrink on its own (no call made): the host tells every window, after the changes before it.
      if (batch.shrunkTo != null) {
        this.fanout.flush(this.sink);
        this.onShrunk?.(batch.name, batch.shrunkTo);
      }
      if (batch.unlinked) this.onUnlinked?.(batch.name);
      if (batch.busy) this.onBusy?.(batch.name);
      const entry = this.byBlock.get(batch.name);
      if (!entry) continue;
      if (batch.closed) this.followReopened(batch.name, entry);
      if (batch.changes.length > 0) this.deliver(batch, entry);
    }
  }

  private recordBatch(batch: NativeBatch): void {
    const coalesced = batch.coalesced
      ? { since: (batch.coalescedSinceMs ?? batch.detectedAtMs) + this.epochOffsetMs, polls: batch.coalescedPolls ?? 0 }
      : undefined;
    this.recorder?.record(batch.name, batch.detectedAtMs + this.epochOffsetMs, batch.changes, coalesced);
  }

  /** The watched block was closed: if its name was opened again, compare the new object with what clients saw. */
  private followReopened(name: string, entry: WatchedBlock): void {
    const current = this.blocks.peek(name);
    if (!current || current.closed || current === entry.block) return;
    entry.block = current;
    this.applyRanges(name, entry, entry.clients.values(), null);
  }

  private deliver(batch: NativeBatch, entry: WatchedBlock): void {
    const detectedAt = batch.detectedAtMs + this.epochOffsetMs;
    for (const [clientId, watched] of entry.clients) {
      const ranges = clip(batch.changes, watched);
      if (ranges.length > 0) this.fanout.add(clientId, batch.name, ranges, detectedAt, watched.end - watched.start);
    }
  }
}

/** The watcher's timers never keep a process alive (the native thread's signal does not either). */
function unrefTimer(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref();
  return timer;
}

/**
 * A watch past the end of a block another process shrank would show zeros
 * that are not there (the native watcher cannot copy them): ERR_SHM_TRUNCATED
 * instead, with the new size. One fstat per watch.
 */
function refuseShrunkPast(block: NativeBlock, start: number, end: number): void {
  const now = block.currentSize();
  if (end <= now) return;
  throw new ContractError(
    'ERR_SHM_TRUNCATED',
    `block "${block.name}" shrank to ${now} bytes (it had ${block.size}): another process truncated it, and bytes past its end ` +
      `are gone, so bytes ${start}..${end} cannot be watched; open it again to see its new size`,
  );
}

/** The parts of `changes` inside `watched`, with their bytes. */
function clip(changes: ByteRange[], watched: Interval): ByteRange[] {
  const out: ByteRange[] = [];
  for (const change of changes) {
    const overlap = intersect({ start: change.offset, end: change.offset + change.bytes.length }, watched);
    if (!overlap) continue;
    // Each client gets its own copy (a subarray would share memory with every client's).
    out.push({ offset: overlap.start, bytes: change.bytes.slice(overlap.start - change.offset, overlap.end - change.offset) });
  }
  return out;
}
