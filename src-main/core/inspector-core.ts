// The one object every host talks to. A host hands it a call name, untrusted
// arguments and the id of the window (client) that asked, and gets back a
// CallOutcome; it never throws. Events go to the sinks hosts connect per client:
// blockChanged only to the client whose watch it concerns, childUpdated to all.
import {
  ContractError,
  MAX_READ_LENGTH,
  MAX_WATCH_LENGTH,
  isCallName,
  type CallName,
  type CallOutcome,
  type CallResult,
  type ContractEvents,
  type EventName,
  type HelloResult,
  type HostKind,
} from './contract';
import { readFileSync } from 'node:fs';
import { BlockService, toContractError } from './block-service';
import { Launcher, type LauncherOptions } from './launcher';
import { MAX_CLIENT_ID_LENGTH } from './limits';
import { findUp, loadNative, nativeEntryPath, type NativeModule } from './native';
import { argsObject, optionalStringField } from './validate';
import { Watcher, type WatcherOptions } from './watcher';

export type EventSink = <E extends EventName>(event: E, payload: ContractEvents[E]) => void;

export interface InspectorCoreOptions {
  host: HostKind;
  /** Default: the addon found above this module. */
  native?: NativeModule;
  /** The block the UI opens first. Default: the original example's. */
  defaultBlock?: { name: string; size: number };
  watcher?: WatcherOptions;
  launcher?: Partial<LauncherOptions>;
}

type Handlers = { [K in CallName]: (args: unknown, clientId: string) => CallResult<K> | Promise<CallResult<K>> };

export class InspectorCore {
  readonly blocks: BlockService;
  readonly watcher: Watcher;
  readonly launcher: Launcher;
  private readonly sinks = new Map<string, EventSink>();
  private readonly handlers: Handlers;
  private readonly helloResult: HelloResult;
  private disposed = false;

  constructor(options: InspectorCoreOptions) {
    const native = options.native ?? loadNative();
    this.blocks = new BlockService(native);
    this.watcher = new Watcher(this.blocks, (clientId, event) => this.send(clientId, 'blockChanged', event), options.watcher);
    this.launcher = new Launcher(
      this.blocks,
      { nativeReaderPath: native.readerPath, addonEntry: nativeEntryPath(), ...options.launcher },
      (info) => this.broadcast('childUpdated', info),
    );
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
      },
    };
    this.handlers = this.createHandlers();
  }

  /** Runs one call. Every failure, including a malformed message, is an ok:false outcome. */
  async handle(callName: unknown, args: unknown, clientId: string): Promise<CallOutcome<unknown>> {
    try {
      if (this.disposed) throw new ContractError('ERR_INTERNAL', 'the inspector has shut down');
      if (!isCallName(callName)) {
        throw new ContractError('ERR_BAD_MESSAGE', `unknown call ${typeof callName === 'string' ? `"${callName.slice(0, 64)}"` : `(${typeof callName})`}`);
      }
      checkClientId(clientId);
      const handler = this.handlers[callName] as (args: unknown, clientId: string) => unknown;
      return { ok: true, value: await handler(args, clientId) };
    } catch (error) {
      const contractError = toContractError(error);
      return { ok: false, error: { code: contractError.code, message: contractError.message } };
    }
  }

  /** Routes the client's events to `sink` (replacing an earlier sink of the same client). */
  connect(clientId: string, sink: EventSink): void {
    this.sinks.set(clientId, sink);
  }

  /** The client is gone: drop its sink and its watch. A stale sink does not disconnect a newer one. */
  disconnect(clientId: string, sink?: EventSink): void {
    if (sink && this.sinks.get(clientId) !== sink) return;
    this.sinks.delete(clientId);
    try {
      this.watcher.unwatch(clientId);
    } catch {
      // Hosts call this from close handlers: a failure here must not take the process down.
    }
  }

  /** The block a client (window or tab) watches, with its size; null when it watches none. */
  watchedBlockOf(clientId: string): { name: string; size: number } | null {
    const name = this.watcher.blockOf(clientId);
    const block = name === undefined ? null : this.blocks.peek(name);
    return block && name !== undefined ? { name, size: block.size } : null;
  }

  /** Kills every child, stops the watcher, closes every block. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.launcher.dispose();
    this.watcher.dispose();
    this.blocks.closeAll();
    this.sinks.clear();
  }

  private createHandlers(): Handlers {
    const noArgs = (call: string) => (args: unknown) => void argsObject(args, call);
    return {
      hello: (args) => (noArgs('hello')(args), structuredClone(this.helloResult)),
      openBlock: (args) => this.blocks.openBlock(args),
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
    };
  }

  private send<E extends EventName>(clientId: string, event: E, payload: ContractEvents[E]): void {
    const sink = this.sinks.get(clientId);
    if (!sink) return;
    try {
      sink(event, payload);
    } catch {
      // A sink that throws (a closed window) must not stop delivery to the others.
    }
  }

  private broadcast<E extends EventName>(event: E, payload: ContractEvents[E]): void {
    for (const clientId of [...this.sinks.keys()]) this.send(clientId, event, payload);
  }
}

function checkClientId(clientId: unknown): void {
  if (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > MAX_CLIENT_ID_LENGTH) {
    throw new ContractError('ERR_BAD_MESSAGE', 'the call carries no valid client id');
  }
}

let cachedVersion: string | null = null;

function appVersion(): string {
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
