// How the contract travels over HTTP and server-sent events (the browser host).
// Shared by the host (src-main/web) and the renderer's browser client, so both
// sides name paths and headers from one place. No Node imports.
//
//   POST {CALL_PATH}<callName>   body: the call's args as wire JSON
//        (Content-Type: JSON_TYPE) or as a wire frame (Content-Type: FRAME_TYPE)
//        headers: TOKEN_HEADER, CLIENT_HEADER; Accept: FRAME_TYPE for a frame back
//        200 + the CallOutcome as a wire frame if the call accepts one, else
//        wire JSON (errors of the call are ok:false, still 200)
//        400 malformed body (ERR_BAD_MESSAGE), 401 missing/wrong token,
//        403 bad Host/Origin, 404 unknown path, 415 another Content-Type
//   The renderer sends and accepts frames: bulk bytes (Files' 1 MiB reads and
//   writes) travel raw, not as base64 in JSON (src-shared/wire.ts).
//        and REQUEST_HEADER: the client's id of the request, which a cancel names
//   POST {CONTROL_PATH}cancel      body: wire JSON { id }: stops that request of
//        this client (CLIENT_HEADER) if it is a cancellable call still running
//   POST {CONTROL_PATH}subscribe   body: wire JSON { event, subscribed }
//        both answer 200 + an outcome as wire JSON; 400 + ERR_BAD_MESSAGE for a
//        malformed message
//   GET  {EVENTS_PATH}?token=T&client=C&events=E1,E2   text/event-stream
//        the events named (EVENTS_QUERY, optional) are subscribed as it opens;
//        400 for a name that is no event
//        each message: `event: <EventName>` + `data: <wire JSON payload>`,
//        only for the events this client subscribed to
//
// Everything else (the renderer's files) is served from the built renderer;
// the page is opened as /?token=T and reads the token from its URL.

export const CALL_PATH = '/api/call/';
/** Control messages: CONTROL_PATH + one of CONTROL_MESSAGES. */
export const CONTROL_PATH = '/api/control/';
export const CONTROL_MESSAGES = ['cancel', 'subscribe'] as const;
export type ControlMessage = (typeof CONTROL_MESSAGES)[number];
/** The contract client's number for the request: a cancel names it. */
export const REQUEST_HEADER = 'x-shm-request';
export const EVENTS_PATH = '/api/events';
export const TOKEN_HEADER = 'x-shm-token';
/** Identifies one window (tab): the watch ranges and events belong to it. */
export const CLIENT_HEADER = 'x-shm-client';
export const TOKEN_QUERY = 'token';
export const CLIENT_QUERY = 'client';
/** The event stream's subscriptions, comma-separated event names: a tab's start subscribes in one request. */
export const EVENTS_QUERY = 'events';
export const JSON_TYPE = 'application/json';
/** A wire frame (src-shared/wire.ts): JSON with its byte fields raw after it. */
export const FRAME_TYPE = 'application/octet-stream';
/** Calls larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The media type of a Content-Type or one Accept entry, without its parameters, lower case ("" for none). */
export function mediaType(header: string | null | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}
