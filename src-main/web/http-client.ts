// InspectorApi over the browser host's HTTP + server-sent-events protocol,
// with nothing but fetch, streams and TextDecoder (so it runs in Node 20 and in
// a browser alike). Used by the host tests and the benchmark; the renderer has
// its own client with reconnection and a connection signal.
import {
  ContractError,
  type CallArgs,
  type CallName,
  type CallOutcome,
  type CallResult,
  type ContractEvents,
  type EventName,
  type InspectorApi,
  isEventName,
} from '../../src-shared/contract';
import { CALL_PATH, CLIENT_HEADER, CLIENT_QUERY, EVENTS_PATH, TOKEN_HEADER, TOKEN_QUERY } from '../../src-shared/http-protocol';
import { fromWireJson, toWireJson } from '../../src-shared/wire';

export interface HttpClientOptions {
  /** http://127.0.0.1:PORT */
  origin: string;
  token: string;
  clientId?: string;
}

export interface HttpInspectorClient extends InspectorApi {
  readonly clientId: string;
  /** Resolves once the event stream is open (events sent before that are not received). */
  readonly ready: Promise<void>;
  close(): void;
}

type AnyListener = (payload: unknown) => void;

export function createHttpClient(options: HttpClientOptions): HttpInspectorClient {
  const clientId = options.clientId ?? `node-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const listeners = new Map<EventName, Set<AnyListener>>();
  const abort = new AbortController();
  const dispatch = (event: string, data: string) => {
    if (!isEventName(event)) return;
    const payload = fromWireJson(data);
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const ready = openEvents(options, clientId, abort.signal, dispatch);
  ready.catch(() => undefined); // surfaced to whoever awaits `ready`

  return {
    clientId,
    ready,
    async call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      let response: Response;
      try {
        response = await fetch(`${options.origin}${CALL_PATH}${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: options.token, [CLIENT_HEADER]: clientId },
          body: args === undefined ? '' : toWireJson(args),
        });
      } catch (error) {
        throw new ContractError('ERR_UNAVAILABLE', `the host is unreachable: ${String(error)}`);
      }
      const text = await response.text();
      let outcome: CallOutcome<unknown>;
      try {
        outcome = fromWireJson(text) as CallOutcome<unknown>;
      } catch {
        throw new ContractError('ERR_UNAVAILABLE', `HTTP ${response.status}: ${text.slice(0, 200).trim()}`);
      }
      if (!outcome || typeof outcome !== 'object' || !('ok' in outcome)) {
        throw new ContractError('ERR_UNAVAILABLE', `HTTP ${response.status}: not a call outcome`);
      }
      if (!outcome.ok) throw new ContractError(outcome.error.code, outcome.error.message);
      return outcome.value as CallResult<K>;
    },
    on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as AnyListener);
      return () => void set.delete(listener as AnyListener);
    },
    close: () => abort.abort(),
  };
}

/** Opens the stream, resolves when the host's first comment arrives, then keeps parsing in the background. */
async function openEvents(
  options: HttpClientOptions,
  clientId: string,
  signal: AbortSignal,
  dispatch: (event: string, data: string) => void,
): Promise<void> {
  const query = `${TOKEN_QUERY}=${encodeURIComponent(options.token)}&${CLIENT_QUERY}=${encodeURIComponent(clientId)}`;
  const response = await fetch(`${options.origin}${EVENTS_PATH}?${query}`, { signal, headers: { accept: 'text/event-stream' } });
  if (response.status !== 200 || !response.body) throw new Error(`the event stream answered HTTP ${response.status}`);
  const reader = response.body.getReader();
  const parser = new EventStreamParser(dispatch);
  const first = await reader.read();
  if (first.value) parser.push(first.value);
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        parser.push(value);
      }
    } catch {
      // Aborted by close(), or the host went away.
    }
  })();
}

/** The text/event-stream format, as much of it as the host uses: `event:`, `data:`, comments. */
export class EventStreamParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';

  constructor(private readonly dispatch: (event: string, data: string) => void) {}

  push(chunk: Uint8Array): void {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const message = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.parse(message);
    }
  }

  private parse(message: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of message.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) this.dispatch(event, data.join('\n'));
  }
}
