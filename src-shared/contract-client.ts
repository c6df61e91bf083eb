// The one contract client, over a minimal message protocol, after VS Code's
// ChannelClient (src/vs/base/parts/ipc): request ids, the outcome envelope,
// event subscription and error revival are written here once. A transport is
// a small adapter that carries a request to the host and brings back its
// reply, and delivers the host's events:
//
//   in process   src-main/core/in-process-transport.ts   (tests, bench, tools)
//   Electron     src-main/electron/preload-transport.ts  (exposed by the preload as window.shmInspector)
//   HTTP + SSE   src-renderer/src/transport/browser-adapter.ts
//
// Cancel travels as its own message naming the request's id (the call's
// AbortSignal sends it), and the client tells the host which events it wants:
// the first listener of an event subscribes, the last one gone unsubscribes,
// and the host sends a client only the events it subscribed to.
//
// Everything a transport carries is plain data: an error's code travels inside
// the reply's outcome, never as a property of a thrown Error (Electron's
// contextBridge copies an Error's message only). Pure: no Node, no DOM.
import {
  ContractError,
  cancelCodeOf,
  isCallName,
  isEventName,
  toContractError,
  type CallArgs,
  type CallOptions,
  type CallName,
  type CallOutcome,
  type CallResult,
  type ContractEvents,
  type EventName,
  type InspectorApi,
} from './contract';

/** A call on its way to the host. `id` numbers the client's requests; its reply carries the same id. */
export interface CallRequest {
  id: number;
  call: CallName;
  args: unknown;
}

/** The host's answer to one request: the outcome envelope, never a throw. */
export interface CallReply {
  id: number;
  outcome: CallOutcome<unknown>;
}

/** An event the host sends one client. */
export interface EventMessage {
  event: EventName;
  payload: unknown;
}

/** The client no longer wants request `id`'s answer: the host stops its work if the call can be cancelled. */
export interface CancelMessage {
  id: number;
}

/** The client wants the host's `event`s from now on (true), or no longer (false). */
export interface SubscribeMessage {
  event: EventName;
  subscribed: boolean;
}

/** What each transport provides. Both directions carry plain data only. */
export interface ClientTransport {
  /**
   * Carries one request to the host and resolves with its reply (checked by
   * the client). Rejects only when the request could not be delivered, with
   * words a user can act on: the client reports that as ERR_UNAVAILABLE.
   */
  request(request: CallRequest): Promise<CallReply>;
  /** Called once, by the client: the host's events for this client go to `deliver`. */
  listen(deliver: (message: EventMessage) => void): void;
  /** Carries a cancel to the host; fire and forget (the request's own reply says how it ended). */
  cancel(message: CancelMessage): void;
  /**
   * Carries a subscription change to the host. A transport whose messages may
   * overtake one another (HTTP) returns a promise that settles once the host
   * has it: the client holds its next requests until then, so a call's events
   * find the subscription made before it. A transport that reconnects sends
   * its subscriptions again.
   */
  subscribe(message: SubscribeMessage): Promise<void> | void;
}

type AnyListener = (payload: unknown) => void;

/** InspectorApi over a transport: the client every host ships. */
export function createContractClient(transport: ClientTransport): InspectorApi {
  let nextId = 1;
  const listeners = new Map<EventName, Set<AnyListener>>();
  /** Subscription changes still on their way to the host: requests wait for them. */
  let subscribing: Promise<unknown> | null = null;
  const subscribe = (message: SubscribeMessage) => {
    const sent = transport.subscribe(message);
    if (!sent) return;
    const pending = Promise.all([subscribing, sent.catch(() => undefined)]);
    subscribing = pending;
    void pending.then(() => {
      if (subscribing === pending) subscribing = null;
    });
  };
  transport.listen((message) => deliverEvent(listeners, message));
  return Object.freeze({
    async call<K extends CallName>(name: K, args: CallArgs<K>, options?: CallOptions): Promise<CallResult<K>> {
      if (!isCallName(name)) throw new ContractError('ERR_BAD_MESSAGE', `unknown call ${JSON.stringify(String(name)).slice(0, 80)}`);
      const signal = options?.signal;
      if (signal?.aborted) throw cancelledError(name);
      const id = nextId++;
      const cancel = () => transport.cancel({ id });
      signal?.addEventListener('abort', cancel, { once: true });
      try {
        if (subscribing) await subscribing;
        return (await requestOutcome(transport, { id, call: name, args }, signal)) as CallResult<K>;
      } finally {
        signal?.removeEventListener('abort', cancel);
      }
    },
    on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
      if (!isEventName(event) || typeof listener !== 'function')
        throw new TypeError('on(event, listener): unknown event or not a function');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // The first listener of an event subscribes this client to it, the last one gone unsubscribes.
      if (set.size === 0) subscribe({ event, subscribed: true });
      const anyListener = listener as AnyListener;
      set.add(anyListener);
      const mine = set;
      return () => {
        if (!mine.delete(anyListener) || mine.size > 0) return;
        listeners.delete(event);
        subscribe({ event, subscribed: false });
      };
    },
  });
}

/** One request's value, or the ContractError it failed with; an aborted call always fails, with its cancel code. */
async function requestOutcome(transport: ClientTransport, request: CallRequest, signal: AbortSignal | undefined): Promise<unknown> {
  let reply: unknown;
  try {
    reply = await transport.request(request);
  } catch (error) {
    throw new ContractError('ERR_UNAVAILABLE', error instanceof Error ? error.message : String(error));
  }
  if (!isCallReply(reply) || reply.id !== request.id)
    throw new ContractError('ERR_UNAVAILABLE', `The host sent a malformed answer to "${request.call}".`);
  if (!reply.outcome.ok) throw toContractError(reply.outcome.error);
  // It finished before the cancel reached the host: the caller asked not to have it.
  if (signal?.aborted) throw cancelledError(request.call);
  return reply.outcome.value;
}

/** The error a cancelled call fails with: its own code (ERR_SEARCH_CANCELLED, ...), else ERR_CANCELLED. */
function cancelledError(call: CallName): ContractError {
  return new ContractError(cancelCodeOf(call), `"${call}" was cancelled`);
}

function deliverEvent(listeners: Map<EventName, Set<AnyListener>>, message: EventMessage): void {
  if (!isEventName(message?.event)) return;
  for (const listener of listeners.get(message.event) ?? []) {
    try {
      listener(message.payload);
    } catch (error) {
      // One listener's failure must not keep the event from the others.
      console.error(`shm-inspector: a ${message.event} listener threw`, error);
    }
  }
}

export function isCallOutcome(value: unknown): value is CallOutcome<unknown> {
  if (value === null || typeof value !== 'object') return false;
  const ok = (value as { ok?: unknown }).ok;
  if (ok === true) return 'value' in value;
  if (ok === false) {
    const error = (value as { error?: unknown }).error;
    return error !== null && typeof error === 'object' && 'code' in error && 'message' in error;
  }
  return false;
}

export function isCallReply(value: unknown): value is CallReply {
  if (value === null || typeof value !== 'object') return false;
  const { id, outcome } = value as { id?: unknown; outcome?: unknown };
  return typeof id === 'number' && isCallOutcome(outcome);
}
