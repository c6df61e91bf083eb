// The Electron main process: app lifecycle, windows, menu. Behaviour lives in
// src-main/core; this file only wires Electron to it.
//   electron . [--windows N] [--block NAME --size BYTES]
//     N windows side by side on one block (the default block unless --block)
import {
  BrowserWindow,
  Menu,
  type BaseWindow,
  app,
  ipcMain,
  screen,
  session,
  type MenuItemConstructorOptions,
  type Rectangle,
} from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InspectorCore } from '../core/inspector-core';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from '../../src-shared/security-policy';
import { clientIdOf } from './channels';
import { WindowHub, registerIpcHandlers } from './ipc';
import {
  blockFrom,
  blockFromUrl,
  hardenContents,
  ourUrlPredicate,
  pageQuery,
  tileBounds,
  windowCountFrom,
  windowFrame,
} from './app-windows';
import { DEFAULT_PAGE_PARAMS, type PageParams } from '../../src-shared/page-params';

const mainDir = dirname(fileURLToPath(import.meta.url)); // out/main
const preloadPath = join(mainDir, '..', 'preload', 'index.cjs');
const rendererDir = join(mainDir, '..', 'renderer');
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const isOurUrl = ourUrlPredicate(pathToFileURL(rendererDir).href, devServerUrl);

let core: InspectorCore | null = null;
let hub: WindowHub | null = null;

/** A window on the page parameters `page` (src-shared/page-params.ts), or on the default block. */
function createWindow(bounds?: Rectangle, page: PageParams | null = null): BrowserWindow {
  // The security checklist, written out here so static review sees it.
  const window = new BrowserWindow({
    ...windowFrame(bounds),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click on a link would open it in a new window; the UI has no links to follow.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hub?.attach(window.webContents);
  window.once('ready-to-show', () => window.show());
  const query = pageQuery(page);
  if (devServerUrl) {
    const url = new URL(devServerUrl);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    void window.loadURL(url.href);
  } else {
    void window.loadFile(join(rendererDir, 'index.html'), { query });
  }
  return window;
}

/** File › New Window: another window on the block the focused window shows. */
function newWindowFromMenu(): void {
  const focused = BrowserWindow.getFocusedWindow();
  const watched = focused && core ? core.watchedBlockOf(clientIdOf(focused.webContents.id)) : null;
  createWindow(undefined, watched ? { ...DEFAULT_PAGE_PARAMS, block: watched.name, size: watched.size } : null);
}

/**
 * A menu command goes to the window it was chosen in (or the focused one),
 * whose page does what its own control or shortcut does. Edit › Undo/Redo
 * show their accelerators without registering them: the page handles those
 * keys itself, so a key press never runs twice.
 */
function sendMenuCommand(command: string): (item: unknown, window: BaseWindow | undefined) => void {
  return (_item, window) => {
    const target = window instanceof BrowserWindow ? window : BrowserWindow.getFocusedWindow();
    if (target && !target.webContents.isDestroyed() && core) core.sendEvent(clientIdOf(target.webContents.id), 'menuCommand', { command });
  };
}

function createMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'New Window', accelerator: 'CmdOrCtrl+N', click: newWindowFromMenu },
        { type: 'separator' },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: sendMenuCommand('export') },
        { label: 'Import…', accelerator: 'CmdOrCtrl+I', click: sendMenuCommand('import') },
        { type: 'separator' },
        { role: 'close' },
        { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: sendMenuCommand('undo') },
        { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', registerAccelerator: false, click: sendMenuCommand('redo') },
        { type: 'separator' },
        // Copy and Paste fire the page's copy and paste events, which the hex view answers.
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'Find',
      submenu: [
        { label: 'Find…', accelerator: 'CmdOrCtrl+F', click: sendMenuCommand('find') },
        { label: 'Find Next', accelerator: 'F3', click: sendMenuCommand('findNext') },
        { label: 'Find Previous', accelerator: 'Shift+F3', click: sendMenuCommand('findPrevious') },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function applySessionPolicy(): void {
  const policy = devServerUrl ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  // The inspector needs no camera, notifications, geolocation...: refuse every permission.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function start(): void {
  core = new InspectorCore({
    host: 'electron',
    // The Node reader runs on Electron's own binary, as Node.
    launcher: { nodeRuntime: { command: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } } },
  });
  hub = new WindowHub(core, isOurUrl);
  registerIpcHandlers(ipcMain, core, hub);
  applySessionPolicy();
  createMenu();
  const count = windowCountFrom(process.argv);
  const block = blockFrom(process.argv);
  if (count === 1) createWindow(undefined, block);
  else for (const bounds of tileBounds(screen.getPrimaryDisplay().workArea, count)) createWindow(bounds, block);
}

/** The renderer's New Window button: window.open of our own page becomes a window of ours. */
function openOwnWindow(url: string): boolean {
  if (!isOurUrl(url)) return false;
  createWindow(undefined, blockFromUrl(url));
  return true;
}

app.on('web-contents-created', (_event, contents) =>
  hardenContents(contents, (message) => console.warn(`[shm-inspector] ${message}`), openOwnWindow),
);
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) createWindow();
});
// Children are killed and blocks closed before the app goes (the launcher also kills on process exit).
app.on('will-quit', () => core?.dispose());

// A terminal's Ctrl+C or a service manager's SIGTERM quits like the menu does (and so disposes the core).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

void app.whenReady().then(start);
