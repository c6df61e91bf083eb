// One server-sent-events stream per connected tab: the core's events for that
// client, as `event: <name>` + `data: <wire JSON>`, with keepalive comments so
// proxies and the browser keep the connection. Closing the stream disconnects
// the client, which drops its watch.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventSink, InspectorCore } from '../core/inspector-core';
import { toWireJson } from '../../src-shared/wire';

/** A tab that stops reading loses its stream (and resyncs when it reconnects) rather than grow our memory. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export function openEventStream(
  core: InspectorCore,
  clientId: string,
  req: IncomingMessage,
  res: ServerResponse,
  keepaliveMs: number,
  onClose: () => void,
): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': connected\n\n');
  const sink: EventSink = (event, payload) => {
    if (res.writableLength > MAX_BUFFERED_BYTES) return void res.destroy();
    res.write(`event: ${event}\ndata: ${toWireJson(payload)}\n\n`);
  };
  core.connect(clientId, sink);
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), keepaliveMs);
  keepalive.unref();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepalive);
    core.disconnect(clientId, sink);
    onClose();
  };
  req.on('close', close);
  res.on('close', close);
}
