// InspectorApi over an InspectorCore in the same process: for tests, the
// benchmark and tools. Outcomes are unwrapped; failures throw ContractError.
import {
  ContractError,
  type CallArgs,
  type CallName,
  type CallResult,
  type ContractEvents,
  type EventName,
  type InspectorApi,
} from '../../src-shared/contract';
import type { EventSink, InspectorCore } from './inspector-core';

export interface InProcessApi extends InspectorApi {
  readonly clientId: string;
  /** Disconnects this client (its watch stops). */
  close(): void;
}

let nextClient = 1;

export function createInProcessApi(core: InspectorCore, clientId = `in-process-${nextClient++}`): InProcessApi {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const sink: EventSink = (event, payload) => {
    for (const listener of listeners.get(event) ?? []) (listener as (p: typeof payload) => void)(payload);
  };
  core.connect(clientId, sink);
  return {
    clientId,
    async call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      const outcome = await core.handle(name, args, clientId);
      if (!outcome.ok) throw new ContractError(outcome.error.code, outcome.error.message);
      return outcome.value as CallResult<K>;
    },
    on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
    close: () => core.disconnect(clientId, sink),
  };
}
