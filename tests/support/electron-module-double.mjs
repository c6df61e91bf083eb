// The Electron API double as a module, for running the built main bundle
// (out/main/index.js) on Node: app, BrowserWindow, ipcMain, Menu, screen and
// session, as much of them as main.ts uses. Once the app has started, it acts
// as the windows would (invokes handlers as one of the app's windows and as a
// stranger, opens windows through the menu and window.open, asks for the
// response headers), prints one JSON line of what it saw, and quits the app.
import { setTimeout as delay } from 'node:timers/promises';

class Emitter {
  #listeners = new Map();
  on(event, listener) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, []);
    this.#listeners.get(event).push(listener);
    return this;
  }
  once(event, listener) {
    const wrapped = (...args) => {
      this.#listeners.set(
        event,
        (this.#listeners.get(event) ?? []).filter((l) => l !== wrapped),
      );
      listener(...args);
    };
    return this.on(event, wrapped);
  }
  emit(event, ...args) {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) listener(...args);
  }
}

let nextContentsId = 1;

class WebContents extends Emitter {
  id = nextContentsId++;
  sent = [];
  menuCommands = [];
  windowOpenHandler = null;
  send(channel, payload) {
    this.sent.push(channel);
    if (channel === 'shm:event:menuCommand') this.menuCommands.push(payload);
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

const windows = [];

export class BrowserWindow extends Emitter {
  static getAllWindows() {
    return [...windows];
  }
  static getFocusedWindow() {
    return windows[0] ?? null;
  }
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.loaded = null;
    this.shown = false;
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadFile(file, options = {}) {
    this.loaded = { file, query: options.query ?? null };
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  loadURL(url) {
    this.loaded = { url };
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
}

const handlers = new Map();
export const ipcMain = {
  handle(channel, listener) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, listener);
  },
  removeHandler(channel) {
    handlers.delete(channel);
  },
};

let applicationMenu = null;
export const Menu = {
  buildFromTemplate: (template) => ({ items: template }),
  setApplicationMenu: (menu) => void (applicationMenu = menu),
  getApplicationMenu: () => applicationMenu,
};

export const screen = { getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1600, height: 900 } }) };

let headersListener = null;
let permissionRequest = null;
let permissionCheck = null;
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: (listener) => void (headersListener = listener) },
    setPermissionRequestHandler: (handler) => void (permissionRequest = handler),
    setPermissionCheckHandler: (handler) => void (permissionCheck = handler),
  },
};

class App extends Emitter {
  isPackaged = false;
  whenReady() {
    setTimeout(
      () =>
        void actAsTheWindows().catch((error) => {
          console.error(error);
          process.exit(1);
        }),
      50,
    );
    return Promise.resolve();
  }
  quit() {
    this.emit('will-quit');
    process.exit(0);
  }
}
export const app = new App();

function invoke(channel, senderId, frameUrl, ...args) {
  const handler = handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler({ sender: { id: senderId }, senderFrame: frameUrl === undefined ? undefined : { url: frameUrl } }, ...args);
}

/** What the app's windows and a stranger would do; then one JSON report on stdout. */
async function actAsTheWindows() {
  const first = windows[0];
  const blockArg = (flag) => process.argv[process.argv.indexOf(flag) + 1];
  const name = blockArg('--block');
  const size = Number(blockArg('--size'));
  const report = {
    channels: [...handlers.keys()].sort(),
    windows: windows.map((w) => ({
      webPreferences: w.options.webPreferences,
      x: w.options.x,
      width: w.options.width,
      loaded: w.loaded,
      shown: w.shown,
    })),
    menu: applicationMenu?.items.map((item) => item.label ?? item.role) ?? null,
  };
  // As the renderer's contract client does: a window receives only the events it subscribed to.
  for (const event of ['blockChanged', 'menuCommand'])
    report[`subscribe:${event}`] = await invoke('shm:control:subscribe', first.webContents.id, undefined, { event, subscribed: true });
  report.hello = await invoke('shm:hello', first.webContents.id, undefined, {});
  report.open = await invoke('shm:openBlock', first.webContents.id, undefined, { name, size });
  report.setString = await invoke('shm:setString', first.webContents.id, undefined, { name, text: 'This is a test string' });
  report.watch = await invoke('shm:watch', first.webContents.id, undefined, { name, offset: 0, length: 64 });
  report.malformed = await invoke('shm:read', first.webContents.id, undefined, 'not an object');
  report.stranger = await invoke('shm:hello', 999, undefined, {});
  report.foreignFrame = await invoke('shm:hello', first.webContents.id, 'https://example.com/', {});
  await invoke('shm:write', windows[1].webContents.id, undefined, { name, offset: 10, bytes: Uint8Array.of(0xa5) });
  await delay(100); // the watcher's next ticks
  report.eventsToFirst = first.webContents.sent;

  const headers = await new Promise((resolve) => headersListener({ responseHeaders: {} }, resolve));
  report.csp = headers.responseHeaders['Content-Security-Policy'];
  report.permissionGranted = await new Promise((resolve) => permissionRequest(first.webContents, 'media', resolve));
  report.permissionCheck = permissionCheck(first.webContents, 'media');

  const menuItem = (menu, label) => applicationMenu.items.find((item) => item.label === menu).submenu.find((item) => item.label === label);
  report.accelerators = applicationMenu.items.flatMap(
    (item) => item.submenu?.filter?.((sub) => sub.accelerator).map((sub) => `${sub.label} ${sub.accelerator}`) ?? [],
  );
  for (const [menu, label] of [
    ['Find', 'Find…'],
    ['Find', 'Find Next'],
    ['Find', 'Find Previous'],
    ['File', 'Export…'],
    ['File', 'Import…'],
  ])
    menuItem(menu, label).click();
  report.menuCommands = first.webContents.menuCommands;

  const before = windows.length;
  applicationMenu.items
    .find((item) => item.label === 'File')
    .submenu.find((item) => item.label === 'New Window')
    .click();
  const ownUrl = `${first.loaded.file.startsWith('/') ? 'file://' : 'file:///'}${first.loaded.file}?block=${name}&size=${size}`;
  report.ownWindowOpen = first.webContents.windowOpenHandler({ url: ownUrl });
  report.foreignWindowOpen = first.webContents.windowOpenHandler({ url: 'https://example.com/' });
  report.windowsAdded = windows.length - before;
  report.newWindowQueries = windows.slice(before).map((w) => w.loaded.query);
  let navigationPrevented = false;
  first.webContents.emit('will-navigate', { preventDefault: () => void (navigationPrevented = true) }, 'https://example.com/');
  report.navigationPrevented = navigationPrevented;

  process.stdout.write(`${JSON.stringify(report)}\n`);
  app.quit();
}
