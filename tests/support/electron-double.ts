// The one double the project allows: a small stand-in for Electron's ipcMain,
// webContents and BrowserWindow, with ipcRenderer routed to the handlers the
// main process registered. Arguments and results pass through structuredClone,
// as Electron's IPC does, so a Buffer arrives as a Uint8Array and functions
// cannot cross; what the preload exposes passes through exposeInMainWorld,
// which copies what contextBridge copies.
import type { BrowserWindowConstructorOptions } from 'electron';
import type { IpcRendererLike } from '../../src-main/electron/preload-transport';
import type { InvokeEventLike, IpcMainLike, WebContentsLike } from '../../src-main/electron/ipc';
import type { HardenableContents } from '../../src-main/electron/app-windows';

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

/**
 * What contextBridge.exposeInMainWorld hands the page for `value`: plain data
 * copied, functions and promises proxied with their arguments and results
 * copied the same way, and an Error copied as its message only (Electron:
 * "any custom properties on the Error object will be lost"), so a `code` on an
 * Error never reaches the page. Class instances arrive as plain objects.
 */
export function exposeInMainWorld<T>(value: T): T {
  return bridgeCopy(value, new Map()) as T;
}

function bridgeCopy(value: unknown, seen: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') return bridgeFunction(value as (...args: unknown[]) => unknown);
    if (typeof value === 'symbol') throw new TypeError('contextBridge cannot copy a symbol');
    return value;
  }
  if (seen.has(value)) return seen.get(value);
  if (value instanceof Error) return new Error(value.message);
  if (value instanceof Promise)
    return value.then(
      (v) => bridgeCopy(v, new Map()),
      (e: unknown) => Promise.reject(bridgeCopy(e, new Map())),
    );
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date || value instanceof RegExp)
    return structuredClone(value);
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(bridgeCopy(item, seen));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const key of Object.keys(value)) copy[key] = bridgeCopy((value as Record<string, unknown>)[key], seen);
  return copy;
}

function bridgeFunction(fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args) => {
    let result: unknown;
    try {
      result = fn(...args.map((arg) => bridgeCopy(arg, new Map())));
    } catch (error) {
      throw bridgeCopy(error, new Map());
    }
    return bridgeCopy(result, new Map());
  };
}
