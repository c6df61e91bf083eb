// One contract request over the browser host's HTTP protocol: a POST of the
// wire JSON arguments, answered with the outcome envelope. fetch only (no DOM
// types), so the benchmark measures the very requests a page sends.
import {
  CALL_PATH,
  CLIENT_HEADER,
  TOKEN_HEADER,
  fromWireJson,
  isCallOutcome,
  toWireJson,
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
        'Content-Type': 'application/json',
        [TOKEN_HEADER]: options.token,
        [CLIENT_HEADER]: options.clientId,
      },
      body: toWireJson(request.args === undefined ? {} : request.args),
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
  const outcome = parseOutcome(await response.text());
  if (outcome) return { id: request.id, outcome };
  if (!response.ok) throw new Error(`The host answered HTTP ${response.status} to "${request.call}".`);
  throw new Error(`The host sent a malformed answer to "${request.call}".`);
}

function parseOutcome(body: string): CallReply['outcome'] | null {
  try {
    const outcome = fromWireJson(body);
    return isCallOutcome(outcome) ? outcome : null;
  } catch {
    return null;
  }
}
