// One contract request over the browser host's HTTP protocol: a POST of the
// arguments as a wire frame, answered with the outcome envelope as a frame
// (bytes travel raw: a 1 MiB read is a copy, not base64 in JSON). A cancel or
// a subscription change is a small POST of wire JSON to the control path.
// fetch only (no DOM types), so the benchmark measures the very requests a
// page sends.
import {
  CALL_PATH,
  CLIENT_HEADER,
  CONTROL_PATH,
  REQUEST_HEADER,
  FRAME_TYPE,
  JSON_TYPE,
  TOKEN_HEADER,
  fromWireFrame,
  fromWireJson,
  isCallOutcome,
  mediaType,
  toWireFrame,
  toWireJson,
  type CallReply,
  type ClientTransport,
  type ControlMessage,
} from '../contract';

export interface HttpRequestOptions {
  /** http://127.0.0.1:PORT */
  origin: string;
  token: string;
  /** Identifies this tab to the host: its watch range and events belong to it. */
  clientId: string;
  /** Called when a request does not reach the host at all. */
  onNetworkFailure?: () => void;
}

/** The calls and control messages of a transport over HTTP (events are the adapter's business). */
export function httpCalls(options: HttpRequestOptions): Pick<ClientTransport, 'request' | 'cancel' | 'subscribe'> {
  return {
    request: (request) => post(options, request),
    cancel: (message) => void postControl(options, 'cancel', message),
    subscribe: (message) => postControl(options, 'subscribe', message),
  };
}

/** Settles once the host has it; never rejects: a control message that cannot be delivered changes nothing the host holds (the adapter resubscribes on reconnect). */
function postControl(options: HttpRequestOptions, message: ControlMessage, body: unknown): Promise<void> {
  return fetch(`${options.origin}${CONTROL_PATH}${message}`, {
    method: 'POST',
    headers: { 'Content-Type': JSON_TYPE, [TOKEN_HEADER]: options.token, [CLIENT_HEADER]: options.clientId },
    body: toWireJson(body),
  })
    .then((response) => response.body?.cancel())
    .catch(() => options.onNetworkFailure?.())
    .then(() => undefined);
}

async function post(options: HttpRequestOptions, request: Parameters<ClientTransport['request']>[0]): Promise<CallReply> {
  let response: Response;
  try {
    response = await fetch(`${options.origin}${CALL_PATH}${request.call}`, {
      method: 'POST',
      headers: {
        'Content-Type': FRAME_TYPE,
        Accept: FRAME_TYPE,
        [TOKEN_HEADER]: options.token,
        [CLIENT_HEADER]: options.clientId,
        [REQUEST_HEADER]: String(request.id),
      },
      // A Blob, not the bytes: a DevTools client (Playwright, any open
      // DevTools) gets a copy of a bytes body, as base64, with each request
      // event, and leaves a Blob alone: a 1 MiB write under Playwright took
      // ~420 ms as bytes and ~50 ms as a Blob.
      body: new Blob([toWireFrame(request.args === undefined ? {} : request.args)]),
    });
  } catch {
    options.onNetworkFailure?.();
    throw new Error('The inspector host is unreachable. Is it still running? The page reconnects by itself.');
  }
  if (response.status === 401 || response.status === 403) {
    throw new Error(`The host refused this page (HTTP ${response.status}). Open the address the host printed, with its token.`);
  }
  // A refused call (unknown name, malformed body) comes with a 4xx status and
  // still carries an outcome: its code is the truth, whatever the status.
  const outcome = await readOutcome(response);
  if (outcome) return { id: request.id, outcome };
  if (!response.ok) throw new Error(`The host answered HTTP ${response.status} to "${request.call}".`);
  throw new Error(`The host sent a malformed answer to "${request.call}".`);
}

/** The outcome a reply carries, as a frame or as wire JSON; null for anything else. */
async function readOutcome(response: Response): Promise<CallReply['outcome'] | null> {
  const type = mediaType(response.headers.get('content-type'));
  try {
    let outcome: unknown;
    if (type === FRAME_TYPE) outcome = fromWireFrame(new Uint8Array(await response.arrayBuffer()));
    else if (type === JSON_TYPE) outcome = fromWireJson(await response.text());
    else return null;
    return isCallOutcome(outcome) ? outcome : null;
  } catch {
    return null;
  }
}
