// How the contract travels over HTTP and server-sent events (the browser host).
// Shared by the host (src-main/web) and the renderer's browser client, so both
// sides name paths and headers from one place. No Node imports.
//
//   POST {CALL_PATH}<callName>   body: wire JSON of the call's args
//        headers: TOKEN_HEADER, CLIENT_HEADER, Content-Type: application/json
//        200 + wire JSON CallOutcome (errors of the call are ok:false, still 200)
//        400 malformed body, 401 missing/wrong token, 403 bad Host/Origin, 404 unknown path
//   GET  {EVENTS_PATH}?token=T&client=C   text/event-stream
//        each message: `event: <EventName>` + `data: <wire JSON payload>`
//
// Everything else (the renderer's files) is served from the built renderer;
// the page is opened as /?token=T and reads the token from its URL.

export const CALL_PATH = '/api/call/';
export const EVENTS_PATH = '/api/events';
export const TOKEN_HEADER = 'x-shm-token';
/** Identifies one window (tab): the watch ranges and events belong to it. */
export const CLIENT_HEADER = 'x-shm-client';
export const TOKEN_QUERY = 'token';
export const CLIENT_QUERY = 'client';
/** Calls larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
