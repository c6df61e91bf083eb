// The object the preload exposes as `window.shmInspector`: the contract
// client's transport over IPC (see src-shared/contract-client.ts), built from
// the contract's call and event names. The renderer runs the one contract
// client over it. It takes an ipcRenderer-like object as a parameter, so tests
// drive it through the Electron double; it never hands the renderer
// ipcRenderer itself, nor an IPC event (whose `sender` is ipcRenderer).
//
// Only plain data crosses contextBridge: replies carry the outcome envelope
// (an error's code is data in it), events carry their payload, a cancel names
// the request's id and a subscription names the event (the main process
// checks both and sends this window only the events it subscribed to).
import type { CallReply, ClientTransport, EventMessage } from '../../src-shared/contract-client';
import { EVENT_NAMES, isCallName } from '../../src-shared/contract';
import { CANCEL_CHANNEL, SUBSCRIBE_CHANNEL, callChannel, eventChannel } from './channels';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createPreloadTransport(ipcRenderer: IpcRendererLike): ClientTransport {
  const receivers = new Set<(message: EventMessage) => void>();
  for (const event of EVENT_NAMES) {
    ipcRenderer.on(eventChannel(event), (_ipcEvent, payload) => {
      for (const deliver of receivers) deliver({ event, payload });
    });
  }
  return Object.freeze({
    async request({ id, call, args }): Promise<CallReply> {
      // The page is untrusted: no channel outside the contract is ever reached.
      if (!isCallName(call)) throw new Error(`unknown call ${JSON.stringify(String(call)).slice(0, 80)}`);
      return { id, outcome: (await ipcRenderer.invoke(callChannel(call), args, id)) as CallReply['outcome'] };
    },
    cancel(message): void {
      ipcRenderer.invoke(CANCEL_CHANNEL, message).catch(() => undefined);
    },
    async subscribe(message): Promise<void> {
      await ipcRenderer.invoke(SUBSCRIBE_CHANNEL, message).catch(() => undefined);
    },
    listen(deliver: (message: EventMessage) => void): void {
      if (typeof deliver !== 'function') throw new TypeError('listen(deliver): not a function');
      receivers.add(deliver);
    },
  } satisfies ClientTransport);
}
