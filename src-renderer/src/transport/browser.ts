// The browser transport: calls are POSTs, events arrive over server-sent
// events, both on the host that served this page (see http-protocol.ts).
// The event stream doubles as the liveness signal: when it drops we report
// "offline" and reconnect with backoff; when it comes back the epoch moves and
// the stores resynchronise.
import {
  CALL_PATH,
  CLIENT_HEADER,
  CLIENT_QUERY,
  EVENTS_PATH,
  EVENT_NAMES,
  TOKEN_HEADER,
  TOKEN_QUERY,
  fromWireJson,
  toWireJson,
  type CallArgs,
  type CallName,
  type CallResult,
  type ContractEvents,
  type EventName,
  type InspectorApi,
} from '../contract';
import { ConnectionCell, type ConnectionSignal } from './connection';
import { isCallOutcome, unavailable, unwrapOutcome } from './errors';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;

export interface BrowserTransportOptions {
  token: string;
  /** Identifies this tab to the host: its watch range and events belong to it. */
  clientId: string;
  /** Where the host is; the page's own origin by default. */
  origin?: string;
}

type AnyListener = (payload: unknown) => void;

export function createBrowserTransport(options: BrowserTransportOptions): {
  api: InspectorApi;
  connection: ConnectionSignal;
} {
  const origin = options.origin ?? window.location.origin;
  const connection = new ConnectionCell();
  const listeners = new Map<EventName, Set<AnyListener>>();
  const events = new EventStream(origin, options, connection, (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  });

  const api: InspectorApi = {
    async call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      const outcome = await post(origin, options, name, args, () => events.reconnectSoon());
      return unwrapOutcome(outcome) as CallResult<K>;
    },
    on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const anyListener = listener as AnyListener;
      set.add(anyListener);
      return () => set.delete(anyListener);
    },
  };
  events.start();
  return { api, connection };
}

async function post(
  origin: string,
  options: BrowserTransportOptions,
  name: CallName,
  args: unknown,
  onNetworkFailure: () => void,
): Promise<import('../contract').CallOutcome<unknown>> {
  let response: Response;
  try {
    response = await fetch(`${origin}${CALL_PATH}${name}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [TOKEN_HEADER]: options.token,
        [CLIENT_HEADER]: options.clientId,
      },
      body: toWireJson(args ?? {}),
    });
  } catch {
    onNetworkFailure();
    throw unavailable('The inspector host is unreachable. Is it still running? The page reconnects by itself.');
  }
  if (response.status === 401 || response.status === 403) {
    throw unavailable(
      `The host refused this page (HTTP ${response.status}). Open the address the host printed, with its token.`,
    );
  }
  // A refused call (unknown name, malformed body) comes with a 4xx status and
  // still carries an outcome: its code is the truth, whatever the status.
  const outcome = parseOutcome(await response.text());
  if (outcome) return outcome;
  if (!response.ok) throw unavailable(`The host answered HTTP ${response.status} to "${name}".`);
  throw unavailable(`The host sent a malformed answer to "${name}".`);
}

function parseOutcome(body: string): import('../contract').CallOutcome<unknown> | null {
  try {
    const outcome = fromWireJson(body);
    return isCallOutcome(outcome) ? outcome : null;
  } catch {
    return null;
  }
}

/** One EventSource at a time, replaced with backoff whenever it fails. */
class EventStream {
  private source: EventSource | null = null;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private everOpened = false;

  constructor(
    private readonly origin: string,
    private readonly options: BrowserTransportOptions,
    private readonly connection: ConnectionCell,
    private readonly dispatch: (event: EventName, payload: unknown) => void,
  ) {}

  start(): void {
    this.retryTimer = null;
    const query = `${TOKEN_QUERY}=${encodeURIComponent(this.options.token)}&${CLIENT_QUERY}=${encodeURIComponent(this.options.clientId)}`;
    const source = new EventSource(`${this.origin}${EVENTS_PATH}?${query}`);
    this.source = source;
    source.onopen = () => {
      this.retryMs = FIRST_RETRY_MS;
      this.everOpened = true;
      const epoch = this.connection.get().epoch + 1;
      this.connection.update({ status: 'online', detail: null, retryAt: null, epoch });
    };
    source.onerror = () => this.fail();
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (message) => this.receive(name, message));
    }
  }

  /** A call failed on the network: do not wait for the stream to notice. */
  reconnectSoon(): void {
    if (this.connection.get().status === 'online') this.fail();
  }

  private receive(name: EventName, message: MessageEvent): void {
    let payload: unknown;
    try {
      payload = fromWireJson(String(message.data));
    } catch {
      return; // A malformed event is dropped; the next watch or refresh resyncs.
    }
    this.dispatch(name, payload);
  }

  private fail(): void {
    // EventSource retries by itself only on some failures; we own the policy.
    this.source?.close();
    this.source = null;
    if (this.retryTimer !== null) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    const detail = this.everOpened
      ? 'Lost the connection to the inspector host: it is unreachable. Reconnecting…'
      : 'Cannot reach the inspector host. Is it running? Retrying…';
    this.connection.update({ status: 'offline', detail, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => this.start(), delay);
  }
}
