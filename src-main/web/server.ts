// The browser host: the built renderer and the contract over HTTP (calls) and
// server-sent events (events), on 127.0.0.1 only. See core/http-protocol.ts.
//
// Every request must be addressed to 127.0.0.1:PORT or localhost:PORT (403),
// come from that origin if it names one (403), and carry the host's token
// (401; random each run unless one is given): the x-shm-token header or
// ?token= for the API, and for the renderer's files also an HttpOnly
// SameSite=Strict cookie that the page sets when it is opened with ?token=.
// Calls must be wire JSON or a wire frame (415), at most MAX_BODY_BYTES (413),
// well-formed (400); the answer is a frame when the call accepts one.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { isCallName, isEventName } from '../../src-shared/contract';
import {
  CALL_PATH,
  CLIENT_HEADER,
  CLIENT_QUERY,
  CONTROL_MESSAGES,
  CONTROL_PATH,
  EVENTS_PATH,
  EVENTS_QUERY,
  FRAME_TYPE,
  JSON_TYPE,
  MAX_BODY_BYTES,
  REQUEST_HEADER,
  mediaType,
  type ControlMessage,
} from '../../src-shared/http-protocol';
import { InspectorCore, type InspectorCoreOptions } from '../core/inspector-core';
import { MAX_EVENT_STREAMS } from '../core/limits';
import { findUp } from '../core/native';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security-policy';
import { fromWireFrame, fromWireJson, toWireFrame, toWireJson } from '../../src-shared/wire';
import { openEventStream } from './event-stream';
import { RequestGuard, tokenProblem } from './guard';
import { indexPath, lookupStatic, sendFile } from './static-files';

export const KEEPALIVE_MS = 15_000;
/** A cancel or subscribe message is a few dozen bytes. */
const MAX_CONTROL_BYTES = 1024;
const CLIENT_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

export interface BrowserHostOptions {
  /** 0 (default): any free port. */
  port?: number;
  /** The built renderer. Default: out/renderer in the repository. */
  hostDir?: string;
  /** Default: a new core for this host (disposed with it). */
  core?: InspectorCore;
  coreOptions?: Partial<InspectorCoreOptions>;
  keepaliveMs?: number;
  /** Event streams served at once; one more gets 429 ERR_STREAM_LIMIT. Default MAX_EVENT_STREAMS (64). */
  maxStreams?: number;
  /**
   * The token to require instead of a new random one (at least 32 hex
   * characters). A host restarted with the same token on the same port is the
   * same address to the tabs already open, so they reconnect by themselves.
   */
  token?: string;
}

export interface BrowserHost {
  /** The page to open, with its token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  core: InspectorCore;
  /** Ends every event stream, stops listening, disposes the core (children killed, blocks closed). */
  close(): Promise<void>;
}

export class RendererMissingError extends Error {}
export class InvalidTokenError extends Error {}

export function defaultHostDir(): string {
  const manifest = findUp('package.json');
  return join(manifest ? dirname(manifest) : process.cwd(), 'out', 'renderer');
}

export async function startBrowserHost(options: BrowserHostOptions = {}): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const problem = tokenProblem(token);
  if (problem) throw new InvalidTokenError(`the token ${problem}`);
  const hostDir = resolve(options.hostDir ?? defaultHostDir());
  if (!existsSync(indexPath(hostDir))) {
    throw new RendererMissingError(`the renderer is not built (${indexPath(hostDir)} is missing); run \`npm run build\` first`);
  }
  const core = options.core ?? new InspectorCore({ host: 'browser', ...options.coreOptions });
  const streams = new Set<ServerResponse>();
  let guard: RequestGuard | null = null;
  const server = createServer((req, res) => {
    const ready = guard;
    if (!ready) return void res.destroy();
    route({
      req,
      res,
      guard: ready,
      core,
      hostDir,
      streams,
      keepaliveMs: options.keepaliveMs ?? KEEPALIVE_MS,
      maxStreams: options.maxStreams ?? MAX_EVENT_STREAMS,
    }).catch((error: unknown) => fail(res, 500, `internal error: ${error instanceof Error ? error.message : String(error)}`));
  });
  const port = await listen(server, options.port ?? 0);
  guard = new RequestGuard(port, token);
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    core,
    close: () => closeHost(server, streams, core),
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePort((server.address() as AddressInfo).port));
  });
}

async function closeHost(server: Server, streams: Set<ServerResponse>, core: InspectorCore): Promise<void> {
  for (const stream of streams) stream.end();
  await new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
  core.dispose();
}

interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  guard: RequestGuard;
  core: InspectorCore;
  hostDir: string;
  streams: Set<ServerResponse>;
  keepaliveMs: number;
  maxStreams: number;
}

async function route(ctx: RequestContext): Promise<void> {
  const { req, res, guard } = ctx;
  setSecurityHeaders(res);
  const address = guard.checkAddress(req);
  if (address) return fail(res, address.status, address.message);
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${guard.port}`);
  const isApi = url.pathname.startsWith('/api/');
  const token = guard.checkToken(req, url, !isApi);
  if (token) return fail(res, token.status, token.message);

  if (url.pathname === EVENTS_PATH) {
    if (req.method !== 'GET') return fail(res, 405, 'the event stream is a GET');
    return events(ctx, url);
  }
  if (url.pathname.startsWith(CALL_PATH)) {
    if (req.method !== 'POST') return fail(res, 405, 'calls are POSTs');
    return call(ctx, url.pathname.slice(CALL_PATH.length));
  }
  if (url.pathname.startsWith(CONTROL_PATH)) {
    if (req.method !== 'POST') return fail(res, 405, 'control messages are POSTs');
    return control(ctx, url.pathname.slice(CONTROL_PATH.length));
  }
  if (isApi) return fail(res, 404, 'no such API path');
  if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'only GET and HEAD serve files');
  return serveStatic(ctx, url);
}

function events(ctx: RequestContext, url: URL): void {
  const client = url.searchParams.get(CLIENT_QUERY);
  if (!client || !CLIENT_ID.test(client)) return fail(ctx.res, 400, `the event stream needs ?${CLIENT_QUERY}= (letters, digits, _.:-)`);
  if (ctx.streams.size >= ctx.maxStreams) {
    return fail(ctx.res, 429, `ERR_STREAM_LIMIT: this host already serves ${ctx.streams.size} event streams, its most; close some tabs`);
  }
  const named = url.searchParams.get(EVENTS_QUERY);
  const wanted = named ? named.split(',') : [];
  const unknown = wanted.find((event) => !isEventName(event));
  if (unknown !== undefined) return fail(ctx.res, 400, `the event stream's ?${EVENTS_QUERY}= names no event "${unknown.slice(0, 64)}"`);
  const clientId = httpClientId(client);
  for (const event of new Set(wanted)) ctx.core.subscribe(clientId, { event, subscribed: true });
  ctx.streams.add(ctx.res);
  openEventStream(ctx.core, clientId, ctx.req, ctx.res, ctx.keepaliveMs, () => ctx.streams.delete(ctx.res));
}

async function call(ctx: RequestContext, name: string): Promise<void> {
  const { req, res } = ctx;
  const client = req.headers[CLIENT_HEADER];
  if (typeof client !== 'string' || !CLIENT_ID.test(client)) {
    return fail(res, 400, `calls need the ${CLIENT_HEADER} header (letters, digits, _.:-)`);
  }
  const encoding = replyEncoding(req);
  if (!isCallName(name)) return sendOutcome(res, 404, badMessage(`unknown call "${name.slice(0, 64)}"`), encoding);
  const bodyEncoding = requestEncoding(req);
  if (!bodyEncoding) return fail(res, 415, `calls must be sent as ${JSON_TYPE} or ${FRAME_TYPE} (a wire frame)`);
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === null) {
    res.setHeader('connection', 'close');
    return fail(res, 413, `a call may carry at most ${MAX_BODY_BYTES} bytes`);
  }
  let args: unknown;
  try {
    args = bodyEncoding === 'frame' ? fromWireFrame(body) : fromWireJson(body.length === 0 ? '{}' : body.toString('utf8'));
  } catch (error) {
    const what = bodyEncoding === 'frame' ? 'frame' : 'body';
    return sendOutcome(res, 400, badMessage(`malformed call ${what}: ${error instanceof Error ? error.message : String(error)}`), encoding);
  }
  sendOutcome(res, 200, await ctx.core.handle(name, args, httpClientId(client), requestIdOf(req)), encoding);
}

/** The request id a cancel may name: a number when the header holds digits, else what it holds (the core refuses it). */
function requestIdOf(req: IncomingMessage): unknown {
  const header = req.headers[REQUEST_HEADER];
  if (header === undefined) return undefined;
  return typeof header === 'string' && /^[0-9]{1,15}$/.test(header) ? Number(header) : header;
}

/** A cancel or a subscription change: a small wire-JSON message for the calling client. */
async function control(ctx: RequestContext, name: string): Promise<void> {
  const { req, res } = ctx;
  const client = req.headers[CLIENT_HEADER];
  if (typeof client !== 'string' || !CLIENT_ID.test(client)) {
    return fail(res, 400, `control messages need the ${CLIENT_HEADER} header (letters, digits, _.:-)`);
  }
  if (!(CONTROL_MESSAGES as readonly string[]).includes(name)) {
    return sendOutcome(res, 404, badMessage(`unknown control message "${name.slice(0, 64)}"`), 'json');
  }
  if (requestEncoding(req) !== 'json') return fail(res, 415, `control messages must be sent as ${JSON_TYPE}`);
  const body = await readBody(req, MAX_CONTROL_BYTES);
  if (body === null) {
    res.setHeader('connection', 'close');
    return fail(res, 413, `a control message may carry at most ${MAX_CONTROL_BYTES} bytes`);
  }
  let message: unknown;
  try {
    message = fromWireJson(body.toString('utf8'));
  } catch (error) {
    return sendOutcome(
      res,
      400,
      badMessage(`malformed ${name} message: ${error instanceof Error ? error.message : String(error)}`),
      'json',
    );
  }
  const clientId = httpClientId(client);
  const outcome = (name as ControlMessage) === 'cancel' ? ctx.core.cancel(clientId, message) : ctx.core.subscribe(clientId, message);
  sendOutcome(res, !outcome.ok && outcome.error.code === 'ERR_BAD_MESSAGE' ? 400 : 200, outcome, 'json');
}

type WireEncoding = 'json' | 'frame';

function requestEncoding(req: IncomingMessage): WireEncoding | null {
  const type = mediaType(req.headers['content-type']);
  return type === JSON_TYPE ? 'json' : type === FRAME_TYPE ? 'frame' : null;
}

/** A frame for a caller that accepts one (the renderer), JSON for anyone else. */
function replyEncoding(req: IncomingMessage): WireEncoding {
  return (req.headers.accept ?? '').split(',').some((type) => mediaType(type) === FRAME_TYPE) ? 'frame' : 'json';
}

async function serveStatic(ctx: RequestContext, url: URL): Promise<void> {
  const found = await lookupStatic(ctx.hostDir, url.pathname);
  if (found.status !== 200) return fail(ctx.res, found.status, found.status === 404 ? 'not found' : 'refused path');
  // The page opened with ?token= leaves a cookie so its scripts and styles load without one.
  if (ctx.guard.queryHasToken(url)) ctx.res.setHeader('set-cookie', ctx.guard.setCookieHeader());
  sendFile(ctx.res, found, ctx.req.method === 'HEAD');
}

/** The body, or null once it passes `limit` bytes (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        return resolveBody(null);
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

function httpClientId(client: string): string {
  return `http-${client}`;
}

function badMessage(message: string) {
  return { ok: false as const, error: { code: 'ERR_BAD_MESSAGE' as const, message } };
}

function sendOutcome(res: ServerResponse, status: number, outcome: unknown, encoding: WireEncoding): void {
  if (encoding === 'frame') {
    const frame = toWireFrame(outcome);
    res.writeHead(status, { 'content-type': FRAME_TYPE, 'content-length': frame.byteLength });
    return void res.end(frame);
  }
  const body = toWireJson(outcome);
  res.writeHead(status, { 'content-type': `${JSON_TYPE}; charset=utf-8`, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function fail(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('cache-control', 'no-store');
}
