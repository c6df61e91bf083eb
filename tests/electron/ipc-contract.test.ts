// The contract suite against the Electron handlers, through the
// ipcMain/webContents double, with the client the app ships: the renderer's
// Electron transport over the preload's IPC transport, handed to the page the
// way contextBridge hands it (plain data only, no custom error properties).
import { InspectorCore } from '../../src-main/core/inspector-core';
import { WindowHub, registerIpcHandlers } from '../../src-main/electron/ipc';
import { createPreloadTransport } from '../../src-main/electron/preload-transport';
import { createElectronTransport } from '../../src-renderer/src/transport';
import type { EventName, InspectorApi } from '../../src-shared/contract';
import { contractSuite } from '../support/contract-suite';
import { recordDeliveries } from '../support/recording-transport';
import { FakeIpcMain, FakeWebContents, exposeInMainWorld } from '../support/electron-double';

contractSuite('the Electron handlers (ipcMain double, contextBridge copy)', async (coreOptions) => {
  const core = new InspectorCore({ host: 'electron', ...coreOptions });
  const hub = new WindowHub(core, (url) => url.startsWith('file:///app/out/renderer/'));
  const ipcMain = new FakeIpcMain();
  const unregister = registerIpcHandlers(ipcMain, core, hub);
  const windows: FakeWebContents[] = [];
  const delivered = new Map<InspectorApi, EventName[]>();
  const newClient = async () => {
    const contents = new FakeWebContents();
    contents.frameUrl = 'file:///app/out/renderer/index.html';
    hub.attach(contents);
    windows.push(contents);
    const bridge = exposeInMainWorld(createPreloadTransport(contents.ipcRenderer(ipcMain)));
    const recorded = recordDeliveries(bridge);
    const { api } = createElectronTransport(recorded.transport);
    delivered.set(api, recorded.delivered);
    return api;
  };
  return {
    host: 'electron',
    api: await newClient(),
    newClient,
    deliveredTo: (api) => delivered.get(api) ?? [],
    jobCounts: () => core.finder.jobCounts(),
    close: async () => {
      for (const contents of windows) contents.destroy();
      unregister();
      core.dispose();
    },
  };
});
