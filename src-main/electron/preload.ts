// The preload (sandboxed, CommonJS): exposes exactly one object,
// `window.shmInspector` (InspectorApi), and nothing else: no ipcRenderer, no
// process, no environment.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('shmInspector', createBridge(ipcRenderer));
