// The Electron transport: the preload bridge exposes `window.shmInspector`.
// We wrap it so that errors always arrive as ContractErrors and a bridge that
// hands back the raw CallOutcome envelope is unwrapped here.
import type { CallArgs, CallName, CallResult, ContractEvents, EventName, InspectorApi } from '../contract';
import { ConnectionCell, type ConnectionSignal } from './connection';
import { isCallOutcome, toContractError, unwrapOutcome } from './errors';

declare global {
  interface Window {
    shmInspector?: InspectorApi;
  }
}

export function bridgedApi(): InspectorApi | null {
  return typeof window !== 'undefined' && window.shmInspector ? window.shmInspector : null;
}

export function createElectronTransport(bridge: InspectorApi): { api: InspectorApi; connection: ConnectionSignal } {
  // IPC to our own main process cannot drop; the window dies with it.
  const connection = new ConnectionCell();
  connection.update({ status: 'online', epoch: 1 });
  const api: InspectorApi = {
    async call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      let result: unknown;
      try {
        result = await bridge.call(name, args);
      } catch (error) {
        throw toContractError(error);
      }
      return (isCallOutcome(result) ? unwrapOutcome(result) : result) as CallResult<K>;
    },
    on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
      return bridge.on(event, listener);
    },
  };
  return { api, connection };
}
