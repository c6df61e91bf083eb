// Mirrors the transport's connection signal so components can subscribe to it.
import { create } from 'zustand';
import type { ConnectionSignal, ConnectionState, TransportKind } from '../transport';

interface ConnectionStore extends ConnectionState {
  transport: TransportKind | null;
  follow(kind: TransportKind, signal: ConnectionSignal): () => void;
}

export const useConnectionStore = create<ConnectionStore>()((set) => ({
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
