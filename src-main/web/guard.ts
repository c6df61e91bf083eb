// Who may talk to the browser host: requests addressed to our loopback
// address and port (a DNS-rebinding page sends another Host), from our own
// origin when a browser says where it comes from, carrying this run's token.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_HEADER, TOKEN_QUERY } from '../../src-shared/http-protocol';

export type Refusal = { status: 401 | 403; message: string } | null;

/** A token given to the host (not made by it) must be as hard to guess: 32 hex characters are 128 bits. */
export const MIN_TOKEN_HEX_CHARS = 32;
const MAX_TOKEN_CHARS = 256;

/** Why a given token cannot be used, or null. Never repeats the token: it is a secret. */
export function tokenProblem(token: string): string | null {
  const rule = `must be at least ${MIN_TOKEN_HEX_CHARS} hex characters (0-9, a-f)`;
  if (!/^[0-9a-fA-F]*$/.test(token)) return `${rule}; it holds other characters`;
  if (token.length < MIN_TOKEN_HEX_CHARS) return `${rule}; it has ${token.length}`;
  if (token.length > MAX_TOKEN_CHARS) return `${rule} and at most ${MAX_TOKEN_CHARS}; it has ${token.length}`;
  return null;
}

export class RequestGuard {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;
  readonly cookieName: string;

  constructor(
    readonly port: number,
    private readonly token: string,
  ) {
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = new Set([...this.hosts].map((host) => `http://${host}`));
    // Cookies are per host, not per port: the port in the name keeps two hosts apart.
    this.cookieName = `shm-token-${port}`;
  }

  /** Host and Origin: 403 unless they name this host. */
  checkAddress(req: IncomingMessage): Refusal {
    const host = req.headers.host?.toLowerCase();
    if (!host || !this.hosts.has(host)) return { status: 403, message: `requests must be addressed to 127.0.0.1:${this.port}` };
    const origin = req.headers.origin;
    if (origin !== undefined && !this.origins.has(origin.toLowerCase())) {
      return { status: 403, message: 'requests from another origin are refused' };
    }
    return null;
  }

  /** The token from the header or the query (API), or also the cookie (the renderer's files). */
  checkToken(req: IncomingMessage, url: URL, allowCookie: boolean): Refusal {
    const header = req.headers[TOKEN_HEADER];
    const candidates = [typeof header === 'string' ? header : undefined, url.searchParams.get(TOKEN_QUERY) ?? undefined];
    if (allowCookie) candidates.push(this.cookieToken(req));
    if (candidates.some((candidate) => candidate !== undefined && this.matches(candidate))) return null;
    return { status: 401, message: 'this request needs the token the host printed (open the URL it printed)' };
  }

  /** Whether the query carries the token, so the page's response may set the cookie. */
  queryHasToken(url: URL): boolean {
    const value = url.searchParams.get(TOKEN_QUERY);
    return value !== null && this.matches(value);
  }

  setCookieHeader(): string {
    return `${this.cookieName}=${this.token}; Path=/; HttpOnly; SameSite=Strict`;
  }

  private cookieToken(req: IncomingMessage): string | undefined {
    const cookies = req.headers.cookie ?? '';
    for (const part of cookies.split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === this.cookieName) return value.join('=');
    }
    return undefined;
  }

  private matches(candidate: string): boolean {
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
