// Picks the transport for this window and runs the one contract client
// (src-shared/contract-client.ts) over it. Everything after this file sees
// only InspectorApi and the connection signal, never which host serves us.
import { createContractClient, type ClientTransport, type InspectorApi } from '../contract';
import { createBrowserAdapter, type BrowserAdapterOptions } from './browser-adapter';
import { ConnectionCell, type ConnectionSignal } from './connection';

declare global {
  interface Window {
    /** The preload's IPC transport (Electron only). */
    shmInspector?: ClientTransport;
  }
}

export type TransportKind = 'electron' | 'browser';

export interface Transport {
  kind: TransportKind;
  api: InspectorApi;
  connection: ConnectionSignal;
}

export class NoHostError extends Error {}

export function createTransport(): Transport {
  const bridge = typeof window !== 'undefined' ? window.shmInspector : undefined;
  if (bridge) return { kind: 'electron', ...createElectronTransport(bridge) };
  const token = new URLSearchParams(window.location.search).get('token');
  if (!token) {
    throw new NoHostError('This page needs a token. Start the host with `npm run web` and open the address it prints.');
  }
  return { kind: 'browser', ...createBrowserTransport({ token, clientId: newClientId() }) };
}

/** The client over the preload's IPC transport. IPC to our own main process cannot drop; the window dies with it. */
export function createElectronTransport(bridge: ClientTransport): { api: InspectorApi; connection: ConnectionSignal } {
  const connection = new ConnectionCell();
  connection.update({ status: 'online', epoch: 1 });
  return { api: createContractClient(bridge), connection };
}

/** The client over HTTP + server-sent events to the host that served this page. */
export function createBrowserTransport(options: BrowserAdapterOptions): { api: InspectorApi; connection: ConnectionSignal; close(): void } {
  const adapter = createBrowserAdapter(options);
  return { api: createContractClient(adapter.transport), connection: adapter.connection, close: adapter.close };
}

function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

export type { ConnectionSignal, ConnectionState, ConnectionStatus } from './connection';
