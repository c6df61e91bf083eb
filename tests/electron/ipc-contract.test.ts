// The contract suite against the Electron handlers, through the
// ipcMain/webContents double, with the client the app ships: the renderer's
// Electron transport over the preload's IPC transport, handed to the page the
// way contextBridge hands it (plain data only, no custom error properties).
import { InspectorCore } from '../../src-main/core/inspector-core';
import { WindowHub, registerIpcHandlers } from '../../src-main/electron/ipc';
import { createPreloadTransport } from '../../src-main/electron/preload-transport';
import { createElectronTransport } from '../../src-renderer/src/transport';
import { contractSuite } from '../support/contract-suite';
import { FakeIpcMain, FakeWebContents, exposeInMainWorld } from '../support/electron-double';

contractSuite('the Electron handlers (ipcMain double, contextBridge copy)', async (coreOptions) => {
  const core = new InspectorCore({ host: 'electron', ...coreOptions });
  const hub = new WindowHub(core, (url) => url.startsWith('file:///app/out/renderer/'));
  const ipcMain = new FakeIpcMain();
  const unregister = registerIpcHandlers(ipcMain, core, hub);
  const windows: FakeWebContents[] = [];
  const newClient = async () => {
    const contents = new FakeWebContents();
    contents.frameUrl = 'file:///app/out/renderer/index.html';
    hub.attach(contents);
    windows.push(contents);
    const bridge = exposeInMainWorld(createPreloadTransport(contents.ipcRenderer(ipcMain)));
    return createElectronTransport(bridge).api;
  };
  return {
    host: 'electron',
    api: await newClient(),
    newClient,
    close: async () => {
      for (const contents of windows) contents.destroy();
      unregister();
      core.dispose();
    },
  };
});
