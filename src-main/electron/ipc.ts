// ipcMain handlers generated from the contract: one per call, each on its own
// channel. A handler answers only our windows (by webContents id, since
// senderFrame.url can be undefined under Playwright's _electron; when a URL is
// there it must be our renderer's), and forwards to the core with the
// window's client id, with the request id a later cancel names. Two more
// handlers take the window's cancels and subscription changes. Each always
// returns a CallOutcome, never throws: Electron's invoke would drop an error's code.
import { CALL_NAMES, type CallOutcome } from '../../src-shared/contract';
import type { EventSink } from '../core/inspector-core';
import { CANCEL_CHANNEL, SUBSCRIBE_CHANNEL, callChannel, clientIdOf, eventChannel } from './channels';

export interface InvokeEventLike {
  sender: { id: number };
  senderFrame?: { url?: string | undefined } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface CoreLike {
  handle(callName: unknown, args: unknown, clientId: string, requestId?: unknown): Promise<CallOutcome<unknown>>;
  cancel(clientId: string, message: unknown): CallOutcome<unknown>;
  subscribe(clientId: string, message: unknown): CallOutcome<unknown>;
  connect(clientId: string, sink: EventSink): void;
  disconnect(clientId: string, sink?: EventSink): void;
}

export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** Our windows' webContents: the only senders handlers answer, the receivers of events. */
export class WindowHub {
  private readonly windows = new Map<number, WebContentsLike>();

  constructor(
    private readonly core: CoreLike,
    /** Whether a frame URL is our renderer's (file:// in out/renderer, or the dev server). */
    private readonly isOurUrl: (url: string) => boolean,
  ) {}

  /** Registers a window's webContents: its events flow from now on, until it is destroyed. */
  attach(contents: WebContentsLike): void {
    const clientId = clientIdOf(contents.id);
    const sink: EventSink = (event, payload) => {
      if (!contents.isDestroyed()) contents.send(eventChannel(event), payload);
    };
    this.windows.set(contents.id, contents);
    this.core.connect(clientId, sink);
    contents.once('destroyed', () => {
      this.windows.delete(contents.id);
      this.core.disconnect(clientId, sink);
    });
  }

  /** Why a sender is refused, or null when it is one of our windows. */
  refusal(event: InvokeEventLike): string | null {
    if (!this.windows.has(event.sender.id)) return "the sender is not one of this app's windows";
    const url = event.senderFrame?.url;
    if (url && !this.isOurUrl(url)) return "the sending frame is not this app's page";
    return null;
  }
}

/** Registers one handler per contract call; returns a function that removes them. */
export function registerIpcHandlers(ipcMain: IpcMainLike, core: CoreLike, hub: WindowHub): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, args, requestId): Promise<CallOutcome<unknown>> => {
      const refusal = hub.refusal(event);
      if (refusal) return refused(refusal);
      return core.handle(name, args, clientIdOf(event.sender.id), requestId);
    });
  }
  const controls = [
    [CANCEL_CHANNEL, (clientId: string, message: unknown) => core.cancel(clientId, message)],
    [SUBSCRIBE_CHANNEL, (clientId: string, message: unknown) => core.subscribe(clientId, message)],
  ] as const;
  for (const [channel, apply] of controls) {
    ipcMain.handle(channel, (event, message): CallOutcome<unknown> => {
      const refusal = hub.refusal(event);
      return refusal ? refused(refusal) : apply(clientIdOf(event.sender.id), message);
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
    for (const [channel] of controls) ipcMain.removeHandler(channel);
  };
}

function refused(refusal: string): CallOutcome<never> {
  return { ok: false, error: { code: 'ERR_BAD_MESSAGE', message: `refused: ${refusal}` } };
}
