// Serves the built renderer (out/renderer): files only, inside the root only,
// with their content types. Our own rather than serve-static or sirv: no such
// library is installed, and these 60 lines serve one flat build folder, with a
// realpath check that a symlink cannot lead outside it.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup = { status: 200; path: string; size: number } | { status: 400 | 403 | 404 };

/** Maps a URL path to a file under `root`, refusing anything that would leave it. */
export async function lookupStatic(root: string, pathname: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400 };
  }
  if (decoded.includes('\0')) return { status: 400 };
  if (decoded.split(/[\\/]/).includes('..')) return { status: 403 };
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const realRoot = await realpath(root);
  const candidate = resolve(realRoot, relative);
  if (!isInside(realRoot, candidate)) return { status: 403 };
  try {
    const real = await realpath(candidate);
    if (!isInside(realRoot, real)) return { status: 403 };
    const info = await stat(real);
    if (!info.isFile()) return { status: 404 };
    return { status: 200, path: real, size: info.size };
  } catch {
    return { status: 404 };
  }
}

export function sendFile(res: ServerResponse, file: { path: string; size: number }, headOnly: boolean): void {
  res.writeHead(200, { 'content-type': contentTypeOf(file.path), 'content-length': file.size });
  if (headOnly) return void res.end();
  createReadStream(file.path)
    .on('error', () => res.destroy())
    .pipe(res);
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

export function indexPath(root: string): string {
  return join(root, 'index.html');
}
