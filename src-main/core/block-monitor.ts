// Probes the lock of a watched block the native watcher found busy, and
// tells every window who holds it (a stopped or debugged holder).
//
// What the monitor looks for, the native watcher's thread looks at itself
// (WatcherTiming::monitor, every BLOCK_MONITOR_MS; BLOCK_MONITOR_HIDDEN_MS
// while every window of the block is hidden): a name that was unlinked or
// taken by another object (unlinks made through this host are reported at
// once by the block service), a block another process shrank, and polls that
// skipped a block because its lock was held. That thread wakes anyway, so
// JavaScript keeps no timer for it and runs only when it finds something:
// here, a busy block (noteBusy).
//
// Busy is probed, never waited for: the native watcher only skips a busy
// block, so only then does this monitor try the lock through a second handle
// whose deadline is 0 ms (a trylock), at its pace while the lock stays held.
// A block is reported busy after two failed probes in a row (held across half
// a second, far past the 100 ms deadline of calls), and free again after one
// that works; its timer stops with the last busy block.
import type { BlockBusyEvent } from '../../src-shared/contract';
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
  /** Whether every window of every watched block is hidden (setVisibility): the monitor then probes less often. */
  allHidden?: () => boolean;
  sendBusy: (event: BlockBusyEvent) => void;
}

export class BlockMonitor {
  private readonly busy = new Map<string, BusyState>();
  private timer: NodeJS.Timeout | null = null;
  /** The delay the timer was set for, ms (0 while none is). */
  private pace = 0;
  private disposed = false;

  constructor(
    private readonly sources: BlockMonitorSources,
    private readonly intervalMs = BLOCK_MONITOR_MS,
  ) {}

  /** The native watcher skipped `name` because its lock was held: probed now, then at the pace until free. */
  noteBusy(name: string): void {
    if (this.disposed || this.busy.has(name) || !this.sources.watchedNames().includes(name)) return; // probed at the pace already
    this.probe(name);
    if (this.busy.size > 0) this.resume();
  }

  /** Probes at the current pace (hidden or shown) while a busy block is followed; nothing otherwise. */
  resume(): void {
    if (this.disposed || this.busy.size === 0 || (this.timer && this.pace === this.currentPace())) return;
    this.schedule();
  }

  /** The delay of the next probe, ms: 0 while no timer runs (tests). */
  paceMs(): number {
    return this.timer ? this.pace : 0;
  }

  /** One probe of every busy block still watched (the timer calls it; tests may too). */
  tick(): void {
    const watched = new Set(this.sources.watchedNames());
    for (const name of [...this.busy.keys()]) {
      if (watched.has(name)) this.probe(name);
      else this.forget(name);
    }
    if (this.busy.size === 0) this.pause(); // nothing busy: no timer until the watcher finds a busy block
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
      if (!this.disposed && this.busy.size > 0) this.schedule();
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
