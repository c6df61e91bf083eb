// Picks the transport for this window. Everything after this file sees only
// InspectorApi and the connection signal, never which host serves us.
import type { InspectorApi } from '../contract';
import { createBrowserTransport } from './browser';
import type { ConnectionSignal } from './connection';
import { bridgedApi, createElectronTransport } from './electron';

export type TransportKind = 'electron' | 'browser';

export interface Transport {
  kind: TransportKind;
  api: InspectorApi;
  connection: ConnectionSignal;
}

export class NoHostError extends Error {}

export function createTransport(): Transport {
  const bridge = bridgedApi();
  if (bridge) return { kind: 'electron', ...createElectronTransport(bridge) };
  const token = new URLSearchParams(window.location.search).get('token');
  if (!token) {
    throw new NoHostError(
      'This page needs a token. Start the host with `npm run web` and open the address it prints.',
    );
  }
  return { kind: 'browser', ...createBrowserTransport({ token, clientId: newClientId() }) };
}

function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

export type { ConnectionSignal, ConnectionState, ConnectionStatus } from './connection';
