// One contract request over the browser host's HTTP protocol: a POST of the
// arguments as a wire frame, answered with the outcome envelope as a frame
// (bytes travel raw: a 1 MiB read is a copy, not base64 in JSON). fetch only
// (no DOM types), so the benchmark measures the very requests a page sends.
import {
  CALL_PATH,
  CLIENT_HEADER,
  FRAME_TYPE,
  JSON_TYPE,
  TOKEN_HEADER,
  fromWireFrame,
  fromWireJson,
  isCallOutcome,
  mediaType,
  toWireFrame,
  type CallReply,
  type ClientTransport,
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

export function httpRequester(options: HttpRequestOptions): ClientTransport['request'] {
  return (request) => post(options, request);
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
