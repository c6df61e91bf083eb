// Value-scan sessions per window: each client (window or tab) holds at most one
// scan per block, at most MAX_SCAN_SESSIONS_PER_CLIENT in all, freed when it
// disconnects. Two windows on one block scan independently. Client ids are
// chosen by callers, so the host as a whole holds at most MAX_SCAN_SESSIONS,
// whose candidates may take at most MAX_SCAN_MEMORY_BYTES together (each
// session reserves what its largest pass can take when it starts), and the
// sessions of a client with no event stream (a script calling the API) are
// freed once it has been idle for IDLE_SCAN_RELEASE_MS. The engine is
// ValueScan (scan/index.ts): candidates in native memory, chunks scanned on a
// worker thread, so the event loop (and the watcher) keeps running.
import { readIntoPatiently } from './patient-read';
import {
  ContractError,
  MAX_SCAN_PAGE,
  MAX_SCAN_SESSIONS_PER_CLIENT,
  SCAN_TYPES,
  type ScanCandidatesResult,
  type ScanNextMode,
  type ScanProgressEvent,
  type ScanStatus,
  type ScanType,
} from '../../src-shared/contract';
import type { BlockService } from './block-service';
import { abortWith } from './abort';
import { HeavyJobs } from './heavy-jobs';
import { IDLE_SCAN_RELEASE_MS, MAX_SCAN_MEMORY_BYTES, MAX_SCAN_SESSIONS } from './limits';
import { callNative } from './native-errors';
import { decodeScanValue, ScanError, ValueScan, type FirstScan, type NextScan, type ScanValue } from './scan';
import { numberWidth } from './search/patterns';
import { MAX_NUMBER_TEXT_LENGTH } from './limits';
import { argsObject, integerField, oneOf, optionalBoundedStringField, stringField } from './validate';

const FIRST_MODES = ['exact', 'range', 'unknown'] as const;
const NEXT_MODES: readonly ScanNextMode[] = [
  'changed',
  'unchanged',
  'increased',
  'decreased',
  'increasedBy',
  'decreasedBy',
  'exact',
  'range',
];

interface Session {
  scan: ValueScan;
  status: ScanStatus;
  /** Set while a step runs. */
  running: AbortController | null;
  /** Dispose once the running step settles (the client left or restarted). */
  disposeWhenIdle: boolean;
  /** Native memory reserved for it against maxMemoryBytes: what its largest pass may hold (scanReservation). */
  reservedBytes: number;
}

export interface ScanLimits {
  /** Sessions held at once, host-wide. */
  maxSessions: number;
  /** Memory the sessions' reservations may add up to, host-wide. */
  maxMemoryBytes: number;
  /** A client with no event stream loses its sessions after this long without a scan call. */
  idleReleaseMs: number;
  /** Whether the client has an event stream now (default: none has). */
  isConnected: (clientId: string) => boolean;
}

/**
 * The most native memory a session's pass may hold: the committed candidates
 * and the pass's output, each at most the dense form (a copy of the block and
 * a bit per start; see native/src/common/scan.h).
 */
export function scanReservation(blockSize: number, step: number): number {
  const dense = blockSize + Math.ceil(blockSize / step / 8);
  return 2 * dense;
}

export class ScanSessions {
  private readonly byClient = new Map<string, Map<string, Session>>();
  /** Every session whose native memory is not yet freed (a released one may still run its last step). */
  private readonly live = new Set<Session>();
  /** When each client last made a scan call (performance.now()). */
  private readonly lastCall = new Map<string, number>();
  private readonly limits: ScanLimits;
  /** Sweeps idle clients' sessions; runs only while some client holds or asks for one. */
  private idleSweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly blocks: BlockService,
    private readonly sendProgress: (clientId: string, event: ScanProgressEvent) => void,
    /** The host-wide cap on finds, scans and digests running at once (shared with Find). */
    private readonly jobs = new HeavyJobs(),
    limits: Partial<ScanLimits> = {},
  ) {
    this.limits = {
      maxSessions: limits.maxSessions ?? MAX_SCAN_SESSIONS,
      maxMemoryBytes: limits.maxMemoryBytes ?? MAX_SCAN_MEMORY_BYTES,
      idleReleaseMs: limits.idleReleaseMs ?? IDLE_SCAN_RELEASE_MS,
      isConnected: limits.isConnected ?? (() => false),
    };
  }

  async first(rawArgs: unknown, clientId: string, cancelled?: AbortSignal): Promise<ScanStatus> {
    const args = argsObject(rawArgs, 'scanFirst');
    const block = this.blocks.lookup(args);
    const name = args['name'] as string;
    const type = oneOf(args, 'type', SCAN_TYPES);
    const endianness = oneOf(args, 'endianness', ['little', 'big'] as const);
    const aligned = args['aligned'];
    if (typeof aligned !== 'boolean') throw new ContractError('ERR_SHM_ARG', '"aligned" must be true or false');
    const mode = oneOf(args, 'mode', FIRST_MODES);
    const criteria = firstCriteria(mode, args, type);

    this.touch(clientId);
    const sessions = this.sessionsOf(clientId);
    const old = sessions.get(name);
    if (old?.running) throw busy();
    if (!old && sessions.size >= MAX_SCAN_SESSIONS_PER_CLIENT) {
      throw new ContractError(
        'ERR_SCAN_LIMIT',
        `this window already scans ${sessions.size} blocks; release one first (at most ${MAX_SCAN_SESSIONS_PER_CLIENT})`,
      );
    }
    const reservedBytes = scanReservation(block.size, aligned ? numberWidth(type) : 1);
    this.checkHostRoom(reservedBytes, old);
    if (old) this.free(old);
    const scan = callNative(() => new ValueScan(block, { type, endianness, aligned }));
    const session: Session = {
      scan,
      status: { name, type, endianness, aligned, count: 0, memoryBytes: 0, steps: 0 },
      running: null,
      disposeWhenIdle: false,
      reservedBytes,
    };
    sessions.set(name, session);
    this.live.add(session);
    return this.run(session, clientId, cancelled, (options) => scan.firstScan(criteria, options));
  }

  async next(rawArgs: unknown, clientId: string, cancelled?: AbortSignal): Promise<ScanStatus> {
    const args = argsObject(rawArgs, 'scanNext');
    this.touch(clientId);
    const session = this.sessionFor(args, clientId);
    const mode = oneOf(args, 'mode', NEXT_MODES);
    const criteria = nextCriteria(mode, args, session.status.type);
    if (session.running) throw busy();
    return this.run(session, clientId, cancelled, (options) => session.scan.nextScan(criteria, options));
  }

  async candidates(rawArgs: unknown, clientId: string): Promise<ScanCandidatesResult> {
    const args = argsObject(rawArgs, 'scanCandidates');
    this.touch(clientId);
    const session = this.sessionFor(args, clientId);
    const from = integerField(args, 'from', 0, Number.MAX_SAFE_INTEGER);
    const max = integerField(args, 'max', 0, MAX_SCAN_PAGE);
    if (session.running) throw busy();
    const block = this.blocks.lookup(args);
    const { type, endianness, count } = session.status;
    const width = numberWidth(type);
    const buffer = new Uint8Array(width);
    const page = translate(() => session.scan.candidates(from, max));
    const candidates = [];
    for (const { offset, previous } of page) {
      await readIntoPatiently(block, offset, buffer); // a lock busy past its deadline is waited out (patient-read.ts)
      candidates.push({ offset, previous: String(previous), current: String(decodeScanValue(buffer, type, endianness)) });
    }
    return { total: count, from, candidates };
  }

  release(rawArgs: unknown, clientId: string): { released: boolean } {
    const args = argsObject(rawArgs, 'scanRelease');
    const name = this.nameOf(args);
    const sessions = this.byClient.get(clientId);
    const session = sessions?.get(name);
    if (!sessions || !session) return { released: false };
    sessions.delete(name);
    this.dispose(session);
    return { released: true };
  }

  /** The client is gone: cancel its steps and free every session it held. */
  releaseClient(clientId: string): void {
    const sessions = this.byClient.get(clientId);
    this.lastCall.delete(clientId);
    if (!sessions) return;
    this.byClient.delete(clientId);
    for (const session of sessions.values()) this.dispose(session);
  }

  /** Native memory reserved by every live session (tests, diagnostics). */
  reservedBytes(): number {
    let total = 0;
    for (const session of this.live) total += session.reservedBytes;
    return total;
  }

  /** How many sessions a client holds (tests, diagnostics). */
  countOf(clientId: string): number {
    return this.byClient.get(clientId)?.size ?? 0;
  }

  /** How many sessions all clients hold. */
  totalCount(): number {
    let total = 0;
    for (const sessions of this.byClient.values()) total += sessions.size;
    return total;
  }

  disposeAll(): void {
    this.stopSweep();
    for (const clientId of [...this.byClient.keys()]) this.releaseClient(clientId);
  }

  /** Refuses a new session that would pass the host-wide caps (`replacing` is freed first, so it does not count). */
  private checkHostRoom(reservedBytes: number, replacing: Session | undefined): void {
    const others = [...this.live].filter((session) => session !== replacing);
    if (others.length >= this.limits.maxSessions) {
      throw new ContractError(
        'ERR_SCAN_LIMIT',
        `the host already holds ${others.length} value-scan sessions (at most ${this.limits.maxSessions}); release one first`,
      );
    }
    const reserved = others.reduce((total, session) => total + session.reservedBytes, 0);
    if (reserved + reservedBytes > this.limits.maxMemoryBytes) {
      throw new ContractError(
        'ERR_SCAN_LIMIT',
        `this scan may need ${mib(reservedBytes)} of memory and the host's scans already hold ${mib(reserved)} of their ${mib(this.limits.maxMemoryBytes)}; release a scan, or scan aligned or a smaller block`,
      );
    }
  }

  private touch(clientId: string): void {
    this.lastCall.set(clientId, performance.now());
    if (this.idleSweep) return;
    this.idleSweep = setInterval(() => this.releaseIdleClients(), Math.max(10, this.limits.idleReleaseMs / 4));
    this.idleSweep.unref();
  }

  private stopSweep(): void {
    if (this.idleSweep) clearInterval(this.idleSweep);
    this.idleSweep = null;
  }

  /** Frees the sessions of clients with no event stream that have made no scan call for idleReleaseMs. */
  private releaseIdleClients(): void {
    const now = performance.now();
    for (const clientId of [...this.byClient.keys()]) {
      if (this.limits.isConnected(clientId)) continue;
      const idleFor = now - (this.lastCall.get(clientId) ?? 0);
      const running = [...this.byClient.get(clientId)!.values()].some((session) => session.running);
      if (idleFor >= this.limits.idleReleaseMs && !running) this.releaseClient(clientId);
    }
    // Nothing left to sweep: the next scan call starts it again.
    if ([...this.byClient.values()].every((sessions) => sessions.size === 0)) this.stopSweep();
  }

  /** Frees a session that no step runs on now. */
  private free(session: Session): void {
    session.scan.dispose();
    this.live.delete(session);
  }

  /** Runs one step; its caller's `cancelled` signal stops it (ERR_SCAN_CANCELLED, the previous candidates kept). */
  private async run(
    session: Session,
    clientId: string,
    cancelled: AbortSignal | undefined,
    step: (options: {
      signal: AbortSignal;
      onProgress: (p: { done: number; total: number }) => void;
    }) => Promise<{ count: number; memoryBytes: number }>,
  ): Promise<ScanStatus> {
    const controller = new AbortController();
    session.running = controller;
    const unlink = abortWith(
      cancelled,
      controller,
      new ContractError('ERR_SCAN_CANCELLED', 'the scan was cancelled; the previous candidates are kept'),
    );
    const name = session.status.name;
    try {
      const stats = await this.jobs.run(`the scan of "${name}"`, controller.signal, () =>
        translateAsync(() =>
          step({ signal: controller.signal, onProgress: ({ done, total }) => this.sendProgress(clientId, { name, done, total }) }),
        ),
      );
      session.status = { ...session.status, count: stats.count, memoryBytes: stats.memoryBytes, steps: session.status.steps + 1 };
      return { ...session.status };
    } finally {
      unlink();
      session.running = null;
      if (session.disposeWhenIdle) this.free(session);
    }
  }

  private dispose(session: Session): void {
    if (session.running) {
      session.disposeWhenIdle = true;
      session.running.abort(new ContractError('ERR_SCAN_CANCELLED', 'the scan session was released'));
    } else {
      this.free(session);
    }
  }

  private nameOf(args: Record<string, unknown>): string {
    return stringField(args, 'name');
  }

  private sessionFor(args: Record<string, unknown>, clientId: string): Session {
    const name = this.nameOf(args); // checked first, whether or not the client holds any session
    const session = this.byClient.get(clientId)?.get(name);
    if (!session || session.disposeWhenIdle) throw new ContractError('ERR_SCAN_ORDER', 'no first scan on this block in this window yet');
    return session;
  }

  private sessionsOf(clientId: string): Map<string, Session> {
    let sessions = this.byClient.get(clientId);
    if (!sessions) this.byClient.set(clientId, (sessions = new Map()));
    return sessions;
  }
}

function mib(bytes: number): string {
  return `${Math.ceil(bytes / 1024 / 1024)} MiB`;
}

function busy(): ContractError {
  return new ContractError('ERR_SCAN_BUSY', 'a scan step is running on this block in this window; wait for it or cancel it');
}

function firstCriteria(mode: (typeof FIRST_MODES)[number], args: Record<string, unknown>, type: ScanType): FirstScan {
  if (mode === 'exact') return { mode, value: operand(args, 'value', type) };
  if (mode === 'range') return { mode, min: operand(args, 'min', type), max: operand(args, 'max', type) };
  return { mode };
}

function nextCriteria(mode: ScanNextMode, args: Record<string, unknown>, type: ScanType): NextScan {
  switch (mode) {
    case 'exact':
      return { mode, value: operand(args, 'value', type) };
    case 'range':
      return { mode, min: operand(args, 'min', type), max: operand(args, 'max', type) };
    case 'increasedBy':
    case 'decreasedBy':
      return { mode, by: operand(args, 'by', type) };
    default:
      return { mode };
  }
}

const INTEGER_TEXT = /^[+-]?(0x[0-9a-f]+|\d+)$/i;

/** A value typed as decimal (or 0x hex for integers) text; range checks are the engine's. */
function operand(args: Record<string, unknown>, field: string, type: ScanType): ScanValue {
  // Its length is checked before BigInt or Number parse it (their time grows faster than the text).
  const text = optionalBoundedStringField(args, field, MAX_NUMBER_TEXT_LENGTH, `"${field}"`)?.trim();
  if (text === undefined || text === '') throw new ContractError('ERR_SCAN_VALUE', `"${field}" is needed for this scan`);
  if (type.startsWith('f')) {
    const value = Number(text);
    if (!Number.isFinite(value))
      throw new ContractError('ERR_SCAN_VALUE', `"${field}": ${JSON.stringify(text.slice(0, 40))} is not a number`);
    return value;
  }
  if (!INTEGER_TEXT.test(text))
    throw new ContractError('ERR_SCAN_VALUE', `"${field}": ${JSON.stringify(text.slice(0, 40))} is not a whole number`);
  const negative = text.startsWith('-');
  const magnitude = BigInt(text.replace(/^[+-]/, ''));
  const value = negative ? -magnitude : magnitude;
  return type === 'i64' || type === 'u64' ? value : Number(value);
}

/** The engine's ScanError as the contract's code (a disposed scan is a missing first scan). */
function asContractError(error: unknown): unknown {
  if (!(error instanceof ScanError)) return error;
  return new ContractError(error.code === 'ERR_SCAN_DISPOSED' ? 'ERR_SCAN_ORDER' : error.code, error.message);
}

function translate<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw asContractError(error);
  }
}

async function translateAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw asContractError(error);
  }
}
