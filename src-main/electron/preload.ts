// The preload (sandboxed, CommonJS): exposes exactly one object,
// `window.shmInspector` (the contract client's IPC transport), and nothing
// else: no ipcRenderer, no process, no environment.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadTransport } from './preload-transport';

contextBridge.exposeInMainWorld('shmInspector', createPreloadTransport(ipcRenderer));
