// The contract suite against the Electron handlers and the preload bridge,
// through the ipcMain/webContents double.
import { InspectorCore } from '../../src-main/core/inspector-core';
import { createBridge } from '../../src-main/electron/bridge';
import { WindowHub, registerIpcHandlers } from '../../src-main/electron/ipc';
import { contractSuite } from '../support/contract-suite';
import { FakeIpcMain, FakeWebContents } from '../support/electron-double';

contractSuite('the Electron handlers (ipcMain double)', async (coreOptions) => {
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
    return createBridge(contents.ipcRenderer(ipcMain));
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
