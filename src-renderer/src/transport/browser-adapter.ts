// The browser transport: the contract client's adapter for the host that
// served this page (see src-shared/http-protocol.ts). A request is a POST whose
// answer is the outcome envelope (http-request.ts); events arrive over
// server-sent events, through the platform's EventSource, for the events this
// tab subscribed to. The stream's own URL names them (EVENTS_QUERY), so the
// host subscribes the tab as the stream opens: a page's start, which subscribes
// its stores to six events at once, costs one request, not six POSTs (and six
// more when the stream opened) that the calls behind them queued for (a
// browser opens six connections to a host). A change while the stream is open
// is a POST to the control path, as a cancel is; one made while it connects is
// sent when it opens.
// The event stream doubles as the liveness signal: when it drops we report
// "offline" and reconnect with backoff; when it comes back the epoch moves and
// the stores resynchronise.
import {
  CLIENT_QUERY,
  EVENTS_PATH,
  EVENTS_QUERY,
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
  /** The stream opened with `inUrl`: send what changed since its URL was made. */
  const sendChangesSince = (inUrl: ReadonlySet<EventName>) => {
    const sent: (Promise<void> | void)[] = [];
    for (const event of subscribed) if (!inUrl.has(event)) sent.push(calls.subscribe({ event, subscribed: true }));
    for (const event of inUrl) if (!subscribed.has(event)) sent.push(calls.subscribe({ event, subscribed: false }));
    return Promise.all(sent).then(() => undefined);
  };
  const transport: ClientTransport = {
    request: calls.request,
    cancel: calls.cancel,
    subscribe(message) {
      if (message.subscribed) subscribed.add(message.event);
      else subscribed.delete(message.event);
      if (events?.isOpen()) return calls.subscribe(message);
      // The stream's URL (or, once it opens, the changes it missed) carries it.
      return events?.settled();
    },
    listen(deliver) {
      events = new EventStream(origin, options, connection, deliver, () => subscribed, sendChangesSince);
      // A microtask later: the subscriptions a page makes as it starts are in the first URL.
      queueMicrotask(() => events?.start());
    },
  };
  return { transport, connection, close: () => events?.stop() };
}

/** One EventSource at a time, replaced with backoff whenever it fails. */
class EventStream {
  private source: EventSource | null = null;
  private open = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private everOpened = false;
  private stopped = false;
  /** The first start is queued (listen): subscriptions made until then go in its URL. */
  private firstStartDue = true;
  /** Settles when the stream connecting now has opened and sent what its URL missed, or has failed. */
  private connecting: { promise: Promise<void>; settle: () => void } | null = null;

  constructor(
    private readonly origin: string,
    private readonly options: BrowserAdapterOptions,
    private readonly connection: ConnectionCell,
    private readonly deliver: (message: EventMessage) => void,
    /** The events the tab subscribes to now: the URL names them. */
    private readonly subscriptions: () => ReadonlySet<EventName>,
    /** The stream opened: sends the subscription changes made since its URL. */
    private readonly onOpen: (inUrl: ReadonlySet<EventName>) => Promise<void>,
  ) {}

  start(): void {
    this.retryTimer = null;
    this.firstStartDue = false;
    if (this.stopped) return this.settleConnecting();
    const inUrl = new Set(this.subscriptions());
    const query = [
      `${TOKEN_QUERY}=${encodeURIComponent(this.options.token)}`,
      `${CLIENT_QUERY}=${encodeURIComponent(this.options.clientId)}`,
      `${EVENTS_QUERY}=${[...inUrl].join(',')}`,
    ].join('&');
    const source = new EventSource(`${this.origin}${EVENTS_PATH}?${query}`);
    this.source = source;
    this.open = false;
    source.onopen = () => {
      this.open = true;
      this.retryMs = FIRST_RETRY_MS;
      this.everOpened = true;
      const epoch = this.connection.get().epoch + 1;
      const connecting = this.connecting;
      this.connecting = null;
      void this.onOpen(inUrl).then(() => connecting?.settle());
      this.connection.update({ status: 'online', detail: null, retryAt: null, epoch });
    };
    source.onerror = () => this.fail();
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (message) => this.receive(name, message));
    }
  }

  /** Whether the stream is open: a subscription change can be sent now. */
  isOpen(): boolean {
    return this.open;
  }

  /**
   * Settles when the host has the subscriptions as they are now, or the stream
   * failed: at once while it waits to retry (the next stream's URL carries
   * them, and calls meanwhile must fail fast, not wait for it).
   */
  settled(): Promise<void> | undefined {
    if (!this.source && !this.firstStartDue) return undefined;
    if (!this.connecting) {
      let settle = () => {};
      const promise = new Promise<void>((resolve) => (settle = resolve));
      this.connecting = { promise, settle };
    }
    return this.connecting.promise;
  }

  /** A call failed on the network: do not wait for the stream to notice. */
  reconnectSoon(): void {
    if (this.connection.get().status === 'online') this.fail();
  }

  stop(): void {
    this.stopped = true;
    this.source?.close();
    this.source = null;
    this.open = false;
    this.settleConnecting();
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
    this.open = false;
    this.settleConnecting(); // calls waiting for it go on, and fail on their own if the host is gone
    if (this.retryTimer !== null || this.stopped) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    const detail = this.everOpened
      ? 'Lost the connection to the inspector host: it is unreachable. Reconnecting…'
      : 'Cannot reach the inspector host. Is it running? Retrying…';
    this.connection.update({ status: 'offline', detail, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => this.start(), delay);
  }

  private settleConnecting(): void {
    this.connecting?.settle();
    this.connecting = null;
  }
}
