// Mirrors the transport's connection signal so components can subscribe to it.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ConnectionSignal, ConnectionState, TransportKind } from '../transport';

export interface ConnectionStoreState extends ConnectionState {
  transport: TransportKind | null;
  /** Follows a transport's signal until the returned function is called. */
  follow(kind: TransportKind, signal: ConnectionSignal): () => void;
}

export type ConnectionStore = StoreApi<ConnectionStoreState>;

export function createConnectionStore(): ConnectionStore {
  return createStore<ConnectionStoreState>()((set) => ({
    status: 'connecting',
    detail: null,
    retryAt: null,
    epoch: 0,
    transport: null,
    follow(kind, signal) {
      set({ transport: kind, ...signal.get() });
      return signal.subscribe((state) => set({ ...state }));
    },
  }));
}
