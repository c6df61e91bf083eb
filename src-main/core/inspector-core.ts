// The one object every host talks to. A host hands it a call name, untrusted
// arguments and the id of the window (client) that asked, and gets back a
// CallOutcome; it never throws. Events go to the sinks hosts connect per client:
// blockChanged only to the client whose watch it concerns, childUpdated to all.
// The envelope and the sinks are the contract server's (contract-server.ts);
// this file holds the services and a handler for each call.
import {
  MAX_READ_LENGTH,
  MAX_WATCH_LENGTH,
  type CallOutcome,
  type ContractEvents,
  type EventName,
  type HelloResult,
  type HostKind,
} from '../../src-shared/contract';
import { readFileSync } from 'node:fs';
import { Baselines } from './baseline';
import { BlockMonitor } from './block-monitor';
import { BlockService } from './block-service';
import { ContractServer, type CallHandlers, type EventSink } from './contract-server';
import { FindService } from './find-service';
import { HeavyJobs } from './heavy-jobs';
import { Launcher, type LauncherOptions } from './launcher';
import { CLIENT_RELEASE_GRACE_MS } from './limits';
import { listBlocks } from './listing';
import { HistoryRecorder, historyBudgetFromEnvironment } from './history-recorder';
import { findUp, loadNative, nativeEntryPath, type NativeModule } from './native';
import { ScanSessions, type ScanLimits } from './scan-sessions';
import { RegionMarks } from './region-marks';
import { StatsService } from './stats';
import { argsObject, optionalStringField } from './validate';
import { Watcher, type ChangeRecorder, type WatcherOptions } from './watcher';

export type { EventSink } from './contract-server';

export interface InspectorCoreOptions {
  host: HostKind;
  /** Default: the addon found above this module. */
  native?: NativeModule;
  /** The block the UI opens first. Default: the original example's. */
  defaultBlock?: { name: string; size: number };
  watcher?: WatcherOptions;
  launcher?: Partial<LauncherOptions>;
  /** Bytes of change history kept per watched block (default: SHM_INSPECTOR_HISTORY_MB, else 64 MiB). */
  historyBudgetBytes?: number;
  /** How long a disconnected client keeps its blocks open (default CLIENT_RELEASE_GRACE_MS). */
  releaseGraceMs?: number;
  /** The value scans' host-wide caps (default: those of limits.ts; tests lower them). */
  scanLimits?: Partial<ScanLimits>;
}

export class InspectorCore {
  readonly blocks: BlockService;
  readonly watcher: Watcher;
  readonly launcher: Launcher;
  readonly scans: ScanSessions;
  readonly finder: FindService;
  readonly stats: StatsService;
  readonly history: HistoryRecorder;
  readonly baselines: Baselines;
  readonly regionMarks: RegionMarks;
  readonly monitor: BlockMonitor;
  private readonly server: ContractServer;
  private readonly helloResult: HelloResult;
  private readonly native: NativeModule;
  /** Clients gone, by id, with the timer that releases their blocks unless they come back. */
  private readonly pendingReleases = new Map<string, NodeJS.Timeout>();
  private readonly releaseGraceMs: number;
  /** The size each block was last reported to have shrunk to (blockShrank goes out once per block and size). */
  private readonly shrunkTo = new Map<string, number>();
  private disposed = false;

  constructor(options: InspectorCoreOptions) {
    const native = options.native ?? loadNative();
    this.native = native;
    this.blocks = new BlockService(native, (name) => this.server.broadcast('blockUnlinked', { name }));
    this.history = new HistoryRecorder(this.blocks, () => this.watcher.recordNow(), {
      budgetBytes: options.historyBudgetBytes ?? historyBudgetFromEnvironment(),
      coversWholeBlock: (size) => this.watcher.coversWholeBlock(size),
    });
    this.regionMarks = new RegionMarks(
      this.blocks,
      (clientId, event) => this.server.send(clientId, 'marksChanged', event),
      Date.now,
      (block) => this.watcher.seesWholeBlock(block),
    );
    this.watcher = new Watcher(this.blocks, (clientId, event) => this.server.send(clientId, 'blockChanged', event), {
      // A page shows a frame at a time (one event per frame interval); the terminal logs every change the watcher saw.
      eventFrameMs: options.host === 'terminal' ? 0 : undefined,
      ...options.watcher,
      recorder: this.changeRecorder(),
      onShrunk: (name, size) => this.noteShrunk(name, size),
      onUnlinked: (name) => this.blocks.checkLinked(name),
      onBusy: (name) => this.monitor.noteBusy(name),
    });
    this.baselines = new Baselines(this.blocks);
    this.launcher = new Launcher(
      this.blocks,
      { nativeReaderPath: native.readerPath, addonEntry: nativeEntryPath(), ...options.launcher },
      (info) => this.server.broadcast('childUpdated', info),
    );
    const heavyJobs = new HeavyJobs();
    this.scans = new ScanSessions(this.blocks, (clientId, event) => this.server.send(clientId, 'scanProgress', event), heavyJobs, {
      ...options.scanLimits,
      isConnected: (clientId) => this.server.isConnected(clientId),
    });
    this.finder = new FindService(this.blocks, (clientId, event) => this.server.send(clientId, 'findProgress', event), heavyJobs);
    this.stats = new StatsService(this.blocks, native, heavyJobs);
    this.helloResult = {
      host: options.host,
      platform: process.platform,
      appVersion: appVersion(),
      defaultBlock: options.defaultBlock ?? { name: native.DEFAULT_NAME, size: native.DEFAULT_SIZE },
      limits: {
        maxSize: native.MAX_SIZE,
        maxNameLength: native.MAX_NAME_LENGTH,
        maxReadLength: MAX_READ_LENGTH,
        maxWatchLength: MAX_WATCH_LENGTH,
        maxBatch: this.launcher.maxBatch,
        maxConcurrentChildren: this.launcher.maxConcurrent,
        wholeBlockHistoryMaxBytes: this.watcher.wholeBlockMaxBytes,
      },
    };
    this.monitor = new BlockMonitor({
      blocks: this.blocks,
      native,
      watchedNames: () => this.watcher.watchedNames(),
      allHidden: () => {
        const names = this.watcher.watchedNames();
        return names.length > 0 && names.every((name) => this.watcher.slowPollOf(name) > 0);
      },
      sendBusy: (event) => this.server.broadcast('blockBusy', event),
    });
    this.releaseGraceMs = options.releaseGraceMs ?? CLIENT_RELEASE_GRACE_MS;
    this.server = new ContractServer(this.createHandlers(), (clientId) => {
      this.watcher.forgetClient(clientId); // its watch, and its visibility: gone, not visible
      this.regionMarks.release(clientId);
      this.scans.releaseClient(clientId);
      this.finder.forget(clientId);
      this.stats.forget(clientId);
      this.releaseBlocksLater(clientId);
    });
  }

  /** Runs one call; `requestId` lets a later cancel name it. Every failure, including a malformed message, is an ok:false outcome. */
  handle(callName: unknown, args: unknown, clientId: string, requestId?: unknown): Promise<CallOutcome<unknown>> {
    return this.server.handle(callName, args, clientId, requestId);
  }

  /** The client's cancel message `{ id }`: its cancellable call of that request id stops (an unknown id is a no-op). */
  cancel(clientId: string, message: unknown): CallOutcome<{ cancelled: boolean }> {
    return this.server.cancel(clientId, message);
  }

  /** The client's `{ event, subscribed }`: the host sends it only the events it subscribed to. */
  subscribe(clientId: string, message: unknown): CallOutcome<{ subscribed: EventName[] }> {
    return this.server.subscribe(clientId, message);
  }

  /** Routes the client's events to `sink` (replacing an earlier sink of the same client). */
  connect(clientId: string, sink: EventSink): void {
    clearTimeout(this.pendingReleases.get(clientId));
    this.pendingReleases.delete(clientId);
    this.server.connect(clientId, sink);
  }

  /** The client is gone: drop its sink, its watch and its scan sessions. A stale sink does not disconnect a newer one. */
  disconnect(clientId: string, sink?: EventSink): void {
    this.server.disconnect(clientId, sink);
  }

  /** The block a client (window or tab) watches, with its size; null when it watches none. */
  watchedBlockOf(clientId: string): { name: string; size: number } | null {
    const name = this.watcher.blockOf(clientId);
    const block = name === undefined ? null : this.blocks.peek(name);
    return block && name !== undefined ? { name, size: block.size } : null;
  }

  /** Sends one client an event the host itself raises (Electron's menu commands). */
  sendEvent<E extends EventName>(clientId: string, event: E, payload: ContractEvents[E]): void {
    this.server.send(clientId, event, payload);
  }

  /** Kills every child, stops the watcher, closes every block. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const timer of this.pendingReleases.values()) clearTimeout(timer);
    this.pendingReleases.clear();
    this.launcher.dispose();
    this.monitor.dispose();
    this.watcher.dispose();
    this.scans.disposeAll();
    this.regionMarks.dispose();
    this.baselines.dispose();
    this.history.dispose();
    this.blocks.closeAll();
    this.server.close();
  }

  /** Another process shrank a block: every window is told, once per block and size. */
  private noteShrunk(name: string, size: number): void {
    if (this.shrunkTo.get(name) === size) return;
    this.shrunkTo.set(name, size);
    this.server.broadcast('blockShrank', { name, size });
  }

  /** Every change the watcher finds goes to the history and marks its regions for the scrollbar. */
  private changeRecorder(): ChangeRecorder {
    return {
      begin: (name) => this.history.begin(name),
      record: (name, time, changes, coalesced) => {
        this.history.record(name, time, changes, coalesced);
        this.regionMarks.noteChanges(name, changes);
      },
    };
  }

  /** A closed window's blocks close after the grace period, unless it reconnects first (connect). */
  private releaseBlocksLater(clientId: string): void {
    clearTimeout(this.pendingReleases.get(clientId));
    const timer = setTimeout(() => {
      this.pendingReleases.delete(clientId);
      try {
        this.blocks.releaseClient(clientId);
      } catch {
        // A block that fails to close stays open: nothing in a timer may take the host down.
      }
    }, this.releaseGraceMs);
    timer.unref(); // a host shutting down does not wait for it
    this.pendingReleases.set(clientId, timer);
  }

  /** A window shown or hidden: its block's poll follows, and the pace of any busy lock's probes. */
  private setVisibility(args: unknown, clientId: string): { visible: boolean } {
    const result = this.watcher.setVisibility(args, clientId);
    if (this.monitor.isRunning()) this.monitor.resume();
    return result;
  }

  /** The client's watch of the block ends with its use of it. */
  private closeBlock(args: unknown, clientId: string): { closed: boolean } {
    const name = optionalStringField(argsObject(args, 'closeBlock'), 'name');
    if (name !== undefined) {
      this.watcher.unwatchBlock(clientId, name);
      this.regionMarks.stopFollowing(clientId, name);
    }
    return this.blocks.closeBlock(args, clientId);
  }

  private createHandlers(): CallHandlers {
    const noArgs = (call: string) => (args: unknown) => void argsObject(args, call);
    return {
      hello: (args) => (noArgs('hello')(args), structuredClone(this.helloResult)),
      openBlock: (args, clientId) => this.blocks.openBlock(args, clientId),
      info: (args) => this.blocks.info(args),
      setString: (args) => this.blocks.setString(args),
      getString: (args) => this.blocks.getString(args),
      read: (args) => this.blocks.read(args),
      write: (args) => this.blocks.write(args),
      unlink: (args) => this.blocks.unlink(args),
      watch: (args, clientId) => this.watcher.watch(args, clientId),
      launchReaders: (args) => this.launcher.launch(args),
      listChildren: (args) => (noArgs('listChildren')(args), this.launcher.list()),
      clearChildren: (args) => ({ cleared: this.launcher.clearFinished(optionalStringField(argsObject(args, 'clearChildren'), 'name')) }),
      listBlocks: (args) => listBlocks(args, this.native),
      scanFirst: (args, clientId, signal) => this.scans.first(args, clientId, signal),
      scanNext: (args, clientId, signal) => this.scans.next(args, clientId, signal),
      scanCandidates: (args, clientId) => this.scans.candidates(args, clientId),
      scanRelease: (args, clientId) => this.scans.release(args, clientId),
      find: (args, clientId, signal) => this.finder.find(args, clientId, signal),
      digest: (args, clientId, signal) => this.finder.digest(args, clientId, signal),
      // History and baseline differences (issue 11)
      historyInfo: (args) => this.history.info(args),
      readHistory: (args) => this.history.read(args),
      historyTimes: (args) => this.history.times(args),
      bytesAt: (args) => this.history.bytesAt(args),
      exportHistory: (args) => this.history.exportPage(args),
      takeBaseline: (args) => this.baselines.take(args),
      differences: (args) => this.baselines.differences(args),
      changeMarks: (args, clientId) => this.regionMarks.marks(args, clientId),
      writeIfUnchanged: (args) => this.blocks.writeIfUnchanged(args),
      closeBlock: (args, clientId) => this.closeBlock(args, clientId),
      setVisibility: (args, clientId) => this.setVisibility(args, clientId),
      byteStats: (args, clientId, signal) => this.stats.byteStats(args, clientId, signal),
      blockMap: (args, clientId, signal) => this.stats.blockMap(args, clientId, signal),
    };
  }
}

let cachedVersion: string | null = null;

/** The app's version, from the package.json above this module (0.0.0 if none is found). */
export function appVersion(): string {
  if (cachedVersion === null) {
    const manifest = findUp('package.json');
    try {
      cachedVersion = manifest ? String((JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version ?? '0.0.0') : '0.0.0';
    } catch {
      cachedVersion = '0.0.0';
    }
  }
  return cachedVersion;
}
