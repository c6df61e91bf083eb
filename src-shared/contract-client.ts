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
// Everything a transport carries is plain data: an error's code travels inside
// the reply's outcome, never as a property of a thrown Error (Electron's
// contextBridge copies an Error's message only). Pure: no Node, no DOM.
import {
  ContractError,
  isCallName,
  isErrorCode,
  isEventName,
  type CallArgs,
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
}

type AnyListener = (payload: unknown) => void;

/** InspectorApi over a transport: the client every host ships. */
export function createContractClient(transport: ClientTransport): InspectorApi {
  let nextId = 1;
  const listeners = new Map<EventName, Set<AnyListener>>();
  transport.listen((message) => deliverEvent(listeners, message));
  return Object.freeze({
    async call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      if (!isCallName(name)) throw new ContractError('ERR_BAD_MESSAGE', `unknown call ${JSON.stringify(String(name)).slice(0, 80)}`);
      const id = nextId++;
      let reply: unknown;
      try {
        reply = await transport.request({ id, call: name, args });
      } catch (error) {
        throw new ContractError('ERR_UNAVAILABLE', error instanceof Error ? error.message : String(error));
      }
      if (!isCallReply(reply) || reply.id !== id)
        throw new ContractError('ERR_UNAVAILABLE', `The host sent a malformed answer to "${name}".`);
      if (!reply.outcome.ok) throw reviveError(reply.outcome.error);
      return reply.outcome.value as CallResult<K>;
    },
    on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
      if (!isEventName(event) || typeof listener !== 'function')
        throw new TypeError('on(event, listener): unknown event or not a function');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const anyListener = listener as AnyListener;
      set.add(anyListener);
      return () => void set.delete(anyListener);
    },
  });
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

/** The error of an ok:false outcome, as the ContractError it was on the host. */
export function reviveError(error: { code: unknown; message: unknown }): ContractError {
  const message = typeof error.message === 'string' ? error.message : String(error.message);
  if (isErrorCode(error.code)) return new ContractError(error.code, message);
  return new ContractError('ERR_INTERNAL', `${message} (unknown error code ${String(error.code).slice(0, 64)})`);
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
