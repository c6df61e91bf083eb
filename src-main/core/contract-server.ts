// The contract's one server, after VS Code's ChannelServer: it turns a call
// from any transport into the outcome envelope, stops a cancellable call when
// its client sends a cancel naming the call's request id, and routes each
// event to the connected clients that subscribed to it. What each call does is
// the handlers' business (InspectorCore's); how a message travels is each
// host's (an adapter).
import {
  ContractError,
  isCallName,
  isCancellableCall,
  isEventName,
  toContractError,
  type CallName,
  type CallOutcome,
  type CallResult,
  type ContractEvents,
  type EventName,
} from '../../src-shared/contract';
import {
  MAX_CANCELLABLE_CALLS_PER_CLIENT,
  MAX_CLIENT_ID_LENGTH,
  MAX_EARLY_CANCEL_CLIENTS,
  MAX_EARLY_CANCELS_PER_CLIENT,
  MAX_SUBSCRIBED_CLIENTS,
} from './limits';

export type EventSink = <E extends EventName>(event: E, payload: ContractEvents[E]) => void;

/**
 * One handler per call, typed over the contract: a call without one does not
 * compile. `signal` aborts when the client cancels the call (cancellable calls
 * only; for the others it never does).
 */
export type CallHandlers = {
  [K in CallName]: (args: unknown, clientId: string, signal: AbortSignal) => CallResult<K> | Promise<CallResult<K>>;
};

const NEVER_ABORTED = new AbortController().signal;

export class ContractServer {
  private readonly sinks = new Map<string, EventSink>();
  /** The events each client subscribed to (a client may subscribe before its event stream opens). */
  private readonly subscriptions = new Map<string, Set<EventName>>();
  private readonly calls = new CancellableCalls();
  private closed = false;

  constructor(
    private readonly handlers: CallHandlers,
    /** Told when a client goes, to drop what it held (its watch). */
    private readonly onDisconnect: (clientId: string) => void = () => undefined,
  ) {}

  /**
   * Runs one call. `requestId` (the client's number for it) lets a later
   * cancel name a cancellable call; a call without one cannot be cancelled.
   * Every failure, including a malformed message, is an ok:false outcome; it never throws.
   */
  async handle(callName: unknown, args: unknown, clientId: string, requestId?: unknown): Promise<CallOutcome<unknown>> {
    let done: () => void = () => undefined;
    try {
      if (this.closed) throw new ContractError('ERR_INTERNAL', 'the inspector has shut down');
      if (!isCallName(callName)) {
        throw new ContractError(
          'ERR_BAD_MESSAGE',
          `unknown call ${typeof callName === 'string' ? `"${callName.slice(0, 64)}"` : `(${typeof callName})`}`,
        );
      }
      checkClientId(clientId);
      const tracked = this.track(callName, clientId, requestId);
      done = tracked.done;
      const { signal } = tracked;
      const handler = this.handlers[callName] as (args: unknown, clientId: string, signal: AbortSignal) => unknown;
      return { ok: true, value: await handler(args, clientId, signal) };
    } catch (error) {
      return { ok: false, error: toContractError(error).toShape() };
    } finally {
      done();
    }
  }

  /**
   * A client's cancel: `{ id }` names one of its requests. A cancellable call
   * still running stops and fails with its cancel code; an unknown or finished
   * id is a no-op. A malformed message is ERR_BAD_MESSAGE; it never throws.
   */
  cancel(clientId: string, message: unknown): CallOutcome<{ cancelled: boolean }> {
    return outcomeOf(() => {
      checkClientId(clientId);
      const id = requestIdOf(fieldOf(message, 'id', 'cancel'));
      return { cancelled: this.calls.cancel(clientId, id) };
    });
  }

  /** A client's `{ event, subscribed }`: from now on it gets that event (or no longer). Malformed: ERR_BAD_MESSAGE. */
  subscribe(clientId: string, message: unknown): CallOutcome<{ subscribed: EventName[] }> {
    return outcomeOf(() => {
      checkClientId(clientId);
      const event = fieldOf(message, 'event', 'subscribe');
      const subscribed = fieldOf(message, 'subscribed', 'subscribe');
      if (!isEventName(event)) throw new ContractError('ERR_BAD_MESSAGE', `subscribe: unknown event ${describeValue(event)}`);
      if (typeof subscribed !== 'boolean') throw new ContractError('ERR_BAD_MESSAGE', 'subscribe: "subscribed" must be true or false');
      if (subscribed) this.subscriptionsOf(clientId).add(event);
      else this.unsubscribe(clientId, event);
      return { subscribed: [...(this.subscriptions.get(clientId) ?? [])] };
    });
  }

  /** Routes the client's events to `sink` (replacing an earlier sink of the same client). */
  connect(clientId: string, sink: EventSink): void {
    this.sinks.set(clientId, sink);
  }

  /** Whether the client has an event stream (a window, a tab) now. */
  isConnected(clientId: string): boolean {
    return this.sinks.has(clientId);
  }

  /** The client is gone: drop its sink, its subscriptions, its cancellable calls and what it held. A stale sink does not disconnect a newer one. */
  disconnect(clientId: string, sink?: EventSink): void {
    if (sink && this.sinks.get(clientId) !== sink) return;
    this.sinks.delete(clientId);
    this.subscriptions.delete(clientId);
    this.calls.cancelAll(clientId);
    try {
      this.onDisconnect(clientId);
    } catch {
      // Hosts call this from close handlers: a failure here must not take the process down.
    }
  }

  /** Sends the client the event if it subscribed to it. */
  send<E extends EventName>(clientId: string, event: E, payload: ContractEvents[E]): void {
    const sink = this.sinks.get(clientId);
    if (!sink || !this.subscriptions.get(clientId)?.has(event)) return;
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
    this.subscriptions.clear();
  }

  /** A cancellable call with a request id gets an entry in the cancel table; any other call a signal that never aborts. */
  private track(callName: CallName, clientId: string, requestId: unknown): { signal: AbortSignal; done: () => void } {
    if (requestId === undefined || !isCancellableCall(callName)) return { signal: NEVER_ABORTED, done: () => undefined };
    return this.calls.start(clientId, requestIdOf(requestId));
  }

  private subscriptionsOf(clientId: string): Set<EventName> {
    let events = this.subscriptions.get(clientId);
    if (events) return events;
    if (this.subscriptions.size >= MAX_SUBSCRIBED_CLIENTS) this.evictStreamlessClient();
    this.subscriptions.set(clientId, (events = new Set()));
    return events;
  }

  private unsubscribe(clientId: string, event: EventName): void {
    const events = this.subscriptions.get(clientId);
    events?.delete(event);
    if (events?.size === 0) this.subscriptions.delete(clientId);
  }

  /** Makes room in a full table: the oldest client with no event stream loses its subscriptions (it resubscribes when its stream opens). */
  private evictStreamlessClient(): void {
    for (const clientId of this.subscriptions.keys()) {
      if (!this.sinks.has(clientId)) return void this.subscriptions.delete(clientId);
    }
    throw new ContractError(
      'ERR_STREAM_LIMIT',
      `${MAX_SUBSCRIBED_CLIENTS} connected clients already hold event subscriptions, this host's most; close some windows`,
    );
  }
}

/**
 * Each client's cancellable calls in flight, by request id, so that a cancel
 * can stop one. Over HTTP a cancel travels on its own connection and can
 * overtake its call: a cancel naming no running call is remembered (a few per
 * client, for a bounded number of clients), and that call, if it comes, starts
 * cancelled. Clients never reuse an id, so a remembered finished id changes nothing.
 */
class CancellableCalls {
  private readonly byClient = new Map<string, Map<number, AbortController>>();
  private readonly early = new Map<string, number[]>();

  /** Registers a call; `done` must be called when it ends. Refused past the per-client cap or for an id in use. */
  start(clientId: string, id: number): { signal: AbortSignal; done: () => void } {
    const mine = this.byClient.get(clientId) ?? new Map<number, AbortController>();
    if (mine.has(id)) throw new ContractError('ERR_BAD_MESSAGE', `the request id ${id} is already in use by a running call`);
    if (mine.size >= MAX_CANCELLABLE_CALLS_PER_CLIENT) {
      throw new ContractError(
        'ERR_JOB_LIMIT',
        `this window already runs ${mine.size} finds, scan steps and digests, its most (${MAX_CANCELLABLE_CALLS_PER_CLIENT}); wait for one or cancel one`,
      );
    }
    const controller = new AbortController();
    this.byClient.set(clientId, mine.set(id, controller));
    if (this.takeEarly(clientId, id)) controller.abort();
    const done = () => {
      if (mine.get(id) === controller) mine.delete(id);
      if (mine.size === 0 && this.byClient.get(clientId) === mine) this.byClient.delete(clientId);
    };
    return { signal: controller.signal, done };
  }

  /** Aborts the client's call `id`; false when no such call runs (unknown or finished: remembered in case it is on its way). */
  cancel(clientId: string, id: number): boolean {
    const controller = this.byClient.get(clientId)?.get(id);
    if (!controller) this.rememberEarly(clientId, id);
    if (!controller || controller.signal.aborted) return false;
    controller.abort();
    return true;
  }

  cancelAll(clientId: string): void {
    for (const controller of this.byClient.get(clientId)?.values() ?? []) controller.abort();
    this.early.delete(clientId);
  }

  private rememberEarly(clientId: string, id: number): void {
    const ids = this.early.get(clientId) ?? [];
    this.early.delete(clientId); // re-inserted last: the map's order is oldest client first
    if (this.early.size >= MAX_EARLY_CANCEL_CLIENTS) this.early.delete(this.early.keys().next().value!);
    ids.push(id);
    if (ids.length > MAX_EARLY_CANCELS_PER_CLIENT) ids.shift();
    this.early.set(clientId, ids);
  }

  private takeEarly(clientId: string, id: number): boolean {
    const ids = this.early.get(clientId);
    const at = ids?.indexOf(id) ?? -1;
    if (at < 0) return false;
    ids!.splice(at, 1);
    if (ids!.length === 0) this.early.delete(clientId);
    return true;
  }
}

function outcomeOf<T>(run: () => T): CallOutcome<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error: toContractError(error).toShape() };
  }
}

/** A request id: what the contract client numbers requests with, a whole number from 0 up. */
function requestIdOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ContractError('ERR_BAD_MESSAGE', `a request id must be a whole number from 0 up, not ${describeValue(value)}`);
  }
  return value;
}

function fieldOf(message: unknown, field: string, what: string): unknown {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    throw new ContractError('ERR_BAD_MESSAGE', `a ${what} message must be an object`);
  }
  return (message as Record<string, unknown>)[field];
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : `(${typeof value})`;
}

function checkClientId(clientId: unknown): void {
  if (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > MAX_CLIENT_ID_LENGTH) {
    throw new ContractError('ERR_BAD_MESSAGE', 'the call carries no valid client id');
  }
}
