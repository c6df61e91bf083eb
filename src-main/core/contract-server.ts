// The contract's one server, after VS Code's ChannelServer: it turns a call
// from any transport into the outcome envelope and routes events to the
// clients that are connected. What each call does is the handlers' business
// (InspectorCore's); how a message travels is each host's (an adapter).
import {
  ContractError,
  isCallName,
  type CallName,
  type CallOutcome,
  type CallResult,
  type ContractEvents,
  type EventName,
} from '../../src-shared/contract';
import { MAX_CLIENT_ID_LENGTH } from './limits';
import { toContractError } from './native-errors';

export type EventSink = <E extends EventName>(event: E, payload: ContractEvents[E]) => void;

/** One handler per call, typed over the contract: a call without one does not compile. */
export type CallHandlers = { [K in CallName]: (args: unknown, clientId: string) => CallResult<K> | Promise<CallResult<K>> };

export class ContractServer {
  private readonly sinks = new Map<string, EventSink>();
  private closed = false;

  constructor(
    private readonly handlers: CallHandlers,
    /** Told when a client goes, to drop what it held (its watch). */
    private readonly onDisconnect: (clientId: string) => void = () => undefined,
  ) {}

  /** Runs one call. Every failure, including a malformed message, is an ok:false outcome; it never throws. */
  async handle(callName: unknown, args: unknown, clientId: string): Promise<CallOutcome<unknown>> {
    try {
      if (this.closed) throw new ContractError('ERR_INTERNAL', 'the inspector has shut down');
      if (!isCallName(callName)) {
        throw new ContractError(
          'ERR_BAD_MESSAGE',
          `unknown call ${typeof callName === 'string' ? `"${callName.slice(0, 64)}"` : `(${typeof callName})`}`,
        );
      }
      checkClientId(clientId);
      const handler = this.handlers[callName] as (args: unknown, clientId: string) => unknown;
      return { ok: true, value: await handler(args, clientId) };
    } catch (error) {
      return { ok: false, error: toContractError(error).toShape() };
    }
  }

  /** Routes the client's events to `sink` (replacing an earlier sink of the same client). */
  connect(clientId: string, sink: EventSink): void {
    this.sinks.set(clientId, sink);
  }

  /** Whether the client has an event stream (a window, a tab) now. */
  isConnected(clientId: string): boolean {
    return this.sinks.has(clientId);
  }

  /** The client is gone: drop its sink and what it held. A stale sink does not disconnect a newer one. */
  disconnect(clientId: string, sink?: EventSink): void {
    if (sink && this.sinks.get(clientId) !== sink) return;
    this.sinks.delete(clientId);
    try {
      this.onDisconnect(clientId);
    } catch {
      // Hosts call this from close handlers: a failure here must not take the process down.
    }
  }

  send<E extends EventName>(clientId: string, event: E, payload: ContractEvents[E]): void {
    const sink = this.sinks.get(clientId);
    if (!sink) return;
    try {
      sink(event, payload);
    } catch {
      // A sink that throws (a closed window) must not stop delivery to the others.
    }
  }

  broadcast<E extends EventName>(event: E, payload: ContractEvents[E]): void {
    for (const clientId of [...this.sinks.keys()]) this.send(clientId, event, payload);
  }

  /** Every later call answers ERR_INTERNAL; no event goes out. */
  close(): void {
    this.closed = true;
    this.sinks.clear();
  }
}

function checkClientId(clientId: unknown): void {
  if (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > MAX_CLIENT_ID_LENGTH) {
    throw new ContractError('ERR_BAD_MESSAGE', 'the call carries no valid client id');
  }
}
