// The object the preload exposes as `window.shmInspector`: InspectorApi over
// IPC, built from the contract's call and event names. It takes an
// ipcRenderer-like object as a parameter, so tests drive it through the
// Electron double; it never hands the renderer ipcRenderer itself, nor an IPC
// event (whose `sender` is ipcRenderer).
import {
  CALL_NAMES,
  EVENT_NAMES,
  isCallName,
  isEventName,
  type CallArgs,
  type CallName,
  type CallOutcome,
  type CallResult,
  type ContractEvents,
  type ErrorCode,
  type EventName,
  type InspectorApi,
} from '../../src-shared/contract';
import { callChannel, eventChannel } from './channels';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Errors cross contextBridge with their message only, so the code leads it: `ERR_X: message`. */
export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ContractError';
  }
}

type AnyListener = (payload: unknown) => void;

export function createBridge(ipcRenderer: IpcRendererLike): InspectorApi {
  const channels = new Map(CALL_NAMES.map((name) => [name, callChannel(name)] as const));
  const listeners = new Map<EventName, Set<AnyListener>>(EVENT_NAMES.map((name) => [name, new Set()]));
  for (const name of EVENT_NAMES) {
    ipcRenderer.on(eventChannel(name), (_event, payload) => {
      for (const listener of listeners.get(name) ?? []) {
        try {
          listener(payload);
        } catch (error) {
          console.error(`shmInspector: a ${name} listener threw`, error);
        }
      }
    });
  }
  return Object.freeze({
    async call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      if (!isCallName(name)) throw new BridgeError('ERR_BAD_MESSAGE', `unknown call ${JSON.stringify(String(name)).slice(0, 80)}`);
      const outcome = (await ipcRenderer.invoke(channels.get(name)!, args)) as CallOutcome<CallResult<K>>;
      if (outcome.ok) return outcome.value;
      throw new BridgeError(outcome.error.code, outcome.error.message);
    },
    on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
      if (!isEventName(event) || typeof listener !== 'function') throw new TypeError('on(event, listener): unknown event or not a function');
      const set = listeners.get(event)!;
      set.add(listener as AnyListener);
      return () => void set.delete(listener as AnyListener);
    },
  });
}
