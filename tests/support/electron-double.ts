// The one double the project allows: a small stand-in for Electron's ipcMain,
// webContents and BrowserWindow, with ipcRenderer routed to the handlers the
// main process registered. Arguments and results pass through structuredClone,
// as Electron's IPC does, so a Buffer arrives as a Uint8Array and functions
// cannot cross.
import type { BrowserWindowConstructorOptions } from 'electron';
import type { IpcRendererLike } from '../../src-main/electron/bridge';
import type { InvokeEventLike, IpcMainLike, WebContentsLike } from '../../src-main/electron/ipc';
import type { HardenableContents } from '../../src-main/electron/windows';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => unknown;
type Listener = (...args: never[]) => unknown;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, listener: Handler): void {
    // Electron refuses a second handler on one channel; so does the double.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke does: find the handler, clone in, await, clone out. */
  async invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
    return structuredClone(await handler(event, ...structuredClone(args)));
  }
}

let nextWebContentsId = 1;

export class FakeWebContents implements WebContentsLike, HardenableContents {
  readonly id = nextWebContentsId++;
  /** Every message the main process sent this window: channel and payload. */
  readonly sent: { channel: string; payload: unknown }[] = [];
  frameUrl: string | undefined = undefined;
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  private destroyed = false;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly rendererListeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const cloned = structuredClone(args);
    this.sent.push({ channel, payload: cloned[0] });
    for (const listener of this.rendererListeners.get(channel) ?? []) listener({ sender: 'ipcRenderer' }, ...cloned);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.listeners.get(event)?.delete(wrapped);
      return listener(...args);
    };
    return this.on(event, wrapped);
  }

  on(event: string, listener: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /** Fires an event the way Electron would; returns whether a listener called preventDefault. */
  emitPreventable(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const preventable = { preventDefault: () => void (prevented = true) };
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => void)(preventable, ...args);
    return prevented;
  }

  destroy(): void {
    this.destroyed = true;
    for (const listener of [...(this.listeners.get('destroyed') ?? [])]) (listener as () => void)();
  }

  /** This window's ipcRenderer, talking to `ipcMain` as this webContents. */
  ipcRenderer(ipcMain: FakeIpcMain): IpcRendererLike {
    return {
      invoke: (channel, ...args) => ipcMain.invoke(channel, { sender: { id: this.id }, senderFrame: { url: this.frameUrl } }, ...args),
      on: (channel, listener) => {
        let set = this.rendererListeners.get(channel);
        if (!set) this.rendererListeners.set(channel, (set = new Set()));
        set.add(listener);
      },
    };
  }
}

export class FakeBrowserWindow {
  readonly webContents = new FakeWebContents();
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}
