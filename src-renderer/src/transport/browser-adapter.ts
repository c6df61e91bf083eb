// The browser transport: the contract client's adapter for the host that
// served this page (see src-shared/http-protocol.ts). A request is a POST whose
// answer is the outcome envelope (http-request.ts); events arrive over
// server-sent events, through the platform's EventSource, for the events this
// tab subscribed to (a POST to the control path, as a cancel is): the adapter
// remembers its subscriptions and sends them again whenever the stream opens,
// since a host that saw the stream drop forgot them.
// The event stream doubles as the liveness signal: when it drops we report
// "offline" and reconnect with backoff; when it comes back the epoch moves and
// the stores resynchronise.
import {
  CLIENT_QUERY,
  EVENTS_PATH,
  EVENT_NAMES,
  TOKEN_QUERY,
  fromWireJson,
  type ClientTransport,
  type EventMessage,
  type EventName,
} from '../contract';
import { ConnectionCell, type ConnectionSignal } from './connection';
import { httpCalls } from './http-request';

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;

export interface BrowserAdapterOptions {
  token: string;
  /** Identifies this tab to the host: its watch range and events belong to it. */
  clientId: string;
  /** Where the host is; the page's own origin by default. */
  origin?: string;
}

export interface BrowserAdapter {
  transport: ClientTransport;
  connection: ConnectionSignal;
  /** Closes the event stream and stops reconnecting (a page never needs it; tests and tools do). */
  close(): void;
}

export function createBrowserAdapter(options: BrowserAdapterOptions): BrowserAdapter {
  const origin = options.origin ?? window.location.origin;
  const connection = new ConnectionCell();
  let events: EventStream | null = null;
  const calls = httpCalls({ origin, token: options.token, clientId: options.clientId, onNetworkFailure: () => events?.reconnectSoon() });
  const subscribed = new Set<EventName>();
  const resubscribe = () => {
    for (const event of subscribed) void calls.subscribe({ event, subscribed: true });
  };
  const transport: ClientTransport = {
    request: calls.request,
    cancel: calls.cancel,
    subscribe(message) {
      if (message.subscribed) subscribed.add(message.event);
      else subscribed.delete(message.event);
      return calls.subscribe(message);
    },
    listen(deliver) {
      events = new EventStream(origin, options, connection, deliver, resubscribe);
      events.start();
    },
  };
  return { transport, connection, close: () => events?.stop() };
}

/** One EventSource at a time, replaced with backoff whenever it fails. */
class EventStream {
  private source: EventSource | null = null;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private everOpened = false;
  private stopped = false;

  constructor(
    private readonly origin: string,
    private readonly options: BrowserAdapterOptions,
    private readonly connection: ConnectionCell,
    private readonly deliver: (message: EventMessage) => void,
    /** Sends the tab's subscriptions again: the stream (re)opened. */
    private readonly onOpen: () => void,
  ) {}

  start(): void {
    this.retryTimer = null;
    if (this.stopped) return;
    const query = `${TOKEN_QUERY}=${encodeURIComponent(this.options.token)}&${CLIENT_QUERY}=${encodeURIComponent(this.options.clientId)}`;
    const source = new EventSource(`${this.origin}${EVENTS_PATH}?${query}`);
    this.source = source;
    source.onopen = () => {
      this.retryMs = FIRST_RETRY_MS;
      this.everOpened = true;
      const epoch = this.connection.get().epoch + 1;
      this.connection.update({ status: 'online', detail: null, retryAt: null, epoch });
      this.onOpen();
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

  stop(): void {
    this.stopped = true;
    this.source?.close();
    this.source = null;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private receive(event: EventName, message: MessageEvent): void {
    let payload: unknown;
    try {
      payload = fromWireJson(String(message.data));
    } catch {
      return; // A malformed event is dropped; the next watch or refresh resyncs.
    }
    this.deliver({ event, payload });
  }

  private fail(): void {
    // EventSource retries by itself only on some failures; we own the policy.
    this.source?.close();
    this.source = null;
    if (this.retryTimer !== null || this.stopped) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    const detail = this.everOpened
      ? 'Lost the connection to the inspector host: it is unreachable. Reconnecting…'
      : 'Cannot reach the inspector host. Is it running? Retrying…';
    this.connection.update({ status: 'offline', detail, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => this.start(), delay);
  }
}
