// The connection-status signal every transport publishes. The UI shows it in
// the status line; stores resynchronise when `epoch` moves (the host came back).

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface ConnectionState {
  status: ConnectionStatus;
  /** What went wrong, in words a user can act on; null while online. */
  detail: string | null;
  /** Epoch milliseconds of the next reconnection attempt, when one is scheduled. */
  retryAt: number | null;
  /** Increases each time the connection is (re)established; stores resync when it moves past 1. */
  epoch: number;
}

export interface ConnectionSignal {
  get(): ConnectionState;
  subscribe(listener: (state: ConnectionState) => void): () => void;
}

/** A tiny observable value; transports own one and expose it read-only. */
export class ConnectionCell implements ConnectionSignal {
  private state: ConnectionState = { status: 'connecting', detail: null, retryAt: null, epoch: 0 };
  private readonly listeners = new Set<(state: ConnectionState) => void>();

  get(): ConnectionState {
    return this.state;
  }

  subscribe(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  update(patch: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
}
