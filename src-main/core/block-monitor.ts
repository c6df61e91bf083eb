// Twice a second while some window watches a block (resume() starts it, and
// it stops itself once none does; every BLOCK_MONITOR_HIDDEN_MS while every
// watched block's windows are hidden), looks at the blocks windows watch for what the watcher
// cannot report: a name that was unlinked (by another program: unlinks made
// through this host are reported at once by the block service), a lock
// held past its deadline (a stopped or debugged holder), with who holds it,
// and a block another process shrank (the watcher reports a shrink only past
// a range it copies; one fstat per block finds the others).
//
// Busy is probed, never waited for: the native watcher only skips a busy block
// (its skippedBusy counter grows), so only then does the monitor try the lock
// through a second handle whose deadline is 0 ms (a trylock). A block is
// reported busy after two failed probes in a row (held across half a second,
// far past the 100 ms deadline of calls), and free again after one that works.
import type { BlockBusyEvent, BlockShrankEvent } from '../../src-shared/contract';
import type { BlockService } from './block-service';
import { BLOCK_MONITOR_HIDDEN_MS, BLOCK_MONITOR_MS } from './limits';
import type { NativeBlock, NativeModule } from './native';

interface BusyState {
  probe: NativeBlock;
  failedProbes: number;
  holder: string | null;
}

export interface BlockMonitorSources {
  blocks: BlockService;
  native: NativeModule;
  /** Names of the blocks some window watches now. */
  watchedNames: () => string[];
  /** Whether every window of every watched block is hidden (setVisibility): the monitor then looks less often. */
  allHidden?: () => boolean;
  /** The native watcher's count of polls that skipped a busy block. */
  skippedBusy: () => number;
  sendBusy: (event: BlockBusyEvent) => void;
  /** A watched block is smaller than when it was opened (the receiver reports each size once). */
  sendShrank?: (event: BlockShrankEvent) => void;
}

export class BlockMonitor {
  private readonly busy = new Map<string, BusyState>();
  private lastSkippedBusy = 0;
  private timer: NodeJS.Timeout | null = null;
  /** The delay the timer was set for, ms (0 while none is). */
  private pace = 0;
  private disposed = false;

  constructor(
    private readonly sources: BlockMonitorSources,
    private readonly intervalMs = BLOCK_MONITOR_MS,
  ) {}

  /** A window watches a block, or was shown: the timer runs at its pace (until a tick finds nothing watched). */
  resume(): void {
    if (this.disposed || (this.timer && this.pace === this.currentPace())) return;
    this.schedule();
  }

  /** The delay of the next look, ms: 0 while no timer runs (tests). */
  paceMs(): number {
    return this.timer ? this.pace : 0;
  }

  /** One look at every watched block (the timer calls it; tests may too). */
  tick(): void {
    const watched = this.sources.watchedNames();
    this.forgetUnwatched(new Set(watched));
    if (watched.length === 0) return this.pause(); // nothing asks for it: no timer until the next watch
    const skipped = this.sources.skippedBusy();
    const watcherSawBusy = skipped !== this.lastSkippedBusy;
    this.lastSkippedBusy = skipped;
    for (const name of watched) {
      if (!this.sources.blocks.checkLinked(name)) continue;
      this.checkSize(name);
      if (watcherSawBusy || this.busy.has(name)) this.probe(name);
    }
  }

  /** Whether its timer runs (tests). */
  isRunning(): boolean {
    return this.timer !== null;
  }

  private currentPace(): number {
    return this.sources.allHidden?.() ? Math.max(this.intervalMs, BLOCK_MONITOR_HIDDEN_MS) : this.intervalMs;
  }

  private schedule(): void {
    this.pause();
    this.pace = this.currentPace();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.tick();
      if (!this.disposed && this.sources.watchedNames().length > 0) this.schedule();
    }, this.pace);
    this.timer.unref();
  }

  dispose(): void {
    this.disposed = true;
    this.pause();
    for (const name of [...this.busy.keys()]) this.forget(name);
  }

  private pause(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private checkSize(name: string): void {
    const block = this.sources.blocks.peek(name);
    if (!block || block.closed || !this.sources.sendShrank) return;
    try {
      const size = block.currentSize();
      if (size < block.size) this.sources.sendShrank({ name, size });
    } catch {
      // Closed meanwhile: nothing to report.
    }
  }

  private probe(name: string): void {
    const block = this.sources.blocks.peek(name);
    if (!block || !block.locked || block.closed) return this.forget(name);
    const state = this.busy.get(name) ?? this.startProbing(name, block);
    if (!state) return;
    const holder = tryLockHolder(state.probe);
    if (holder === null) {
      if (state.holder !== null) this.sources.sendBusy({ name, holder: null });
      this.forget(name);
      return;
    }
    state.failedProbes += 1;
    if (state.failedProbes >= 2 && state.holder !== holder) {
      state.holder = holder;
      this.sources.sendBusy({ name, holder });
    }
  }

  private startProbing(name: string, block: NativeBlock): BusyState | null {
    try {
      // Opening never takes the lock; a 0 ms deadline makes every later lock a trylock.
      const probe = this.sources.native.openBlock({ name, size: block.size, create: false, lockTimeoutMs: 0 });
      const state: BusyState = { probe, failedProbes: 0, holder: null };
      this.busy.set(name, state);
      return state;
    } catch {
      return null;
    }
  }

  private forgetUnwatched(watched: Set<string>): void {
    for (const name of [...this.busy.keys()]) if (!watched.has(name)) this.forget(name);
  }

  private forget(name: string): void {
    const state = this.busy.get(name);
    if (!state) return;
    this.busy.delete(name);
    try {
      state.probe.close();
    } catch {
      // Closing a probe is best effort.
    }
  }
}

/** null when the lock was free; else who holds it, from ERR_SHM_BUSY's message. */
function tryLockHolder(probe: NativeBlock): string | null {
  try {
    probe.read(0, 1);
    return null;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_SHM_BUSY') return null;
    const message = error instanceof Error ? error.message : '';
    return /is busy: (.*?) has held its lock/.exec(message)?.[1] ?? 'another process';
  }
}
