// The app's BrowserWindows: their frame, the Electron security checklist for
// their webContents (no webviews, navigation and window.open refused), and
// side-by-side tiling for `--windows N`, written against small structural
// types so tests can check them with the double. Their webPreferences are in
// main.ts, at `new BrowserWindow({...})`.
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { DEFAULT_PAGE_PARAMS, readPageParams, writePageParams, type PageParams } from '../../src-shared/page-params';

/**
 * A window's size, place and look. Its webPreferences are written out where
 * main.ts creates it, so static review (Electronegativity) sees them.
 */
export function windowFrame(bounds?: Rectangle): Omit<BrowserWindowConstructorOptions, 'webPreferences'> {
  return {
    width: bounds?.width ?? 1200,
    height: bounds?.height ?? 800,
    ...(bounds ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 480,
    minHeight: 360,
    show: false,
    title: 'shm-inspector',
    backgroundColor: '#1e1e1e',
  };
}

interface PreventableEvent {
  preventDefault(): void;
}

export interface HardenableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

/**
 * Every webContents the app makes refuses to go anywhere: the UI is one page,
 * so any navigation is foreign. window.open is refused too, except for our own
 * page (the renderer's New Window button): `openOwnWindow` opens that as a
 * window of ours, with our preferences, and the request itself is denied.
 */
export function hardenContents(
  contents: HardenableContents,
  log: (message: string) => void = () => undefined,
  openOwnWindow: (url: string) => boolean = () => false,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (!openOwnWindow(url)) log(`refused window.open(${url})`);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log(`refused navigation to ${url}`);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** `count` windows side by side across the work area, each its full height. */
export function tileBounds(area: Rectangle, count: number): Rectangle[] {
  const width = Math.floor(area.width / count);
  return Array.from({ length: count }, (_, i) => ({ x: area.x + i * width, y: area.y, width, height: area.height }));
}

/** `--windows N` (1..8) from the command line; 1 when absent or malformed. */
export function windowCountFrom(argv: readonly string[]): number {
  const index = argv.indexOf('--windows');
  const value = index >= 0 ? Number(argv[index + 1]) : 1;
  return Number.isInteger(value) && value >= 1 && value <= 8 ? value : 1;
}

/** `--block NAME [--size BYTES]`: the block the first windows open (the default block when absent). */
export function blockFrom(argv: readonly string[]): PageParams | null {
  const nameAt = argv.indexOf('--block');
  const sizeAt = argv.indexOf('--size');
  return parseBlock(nameAt >= 0 ? argv[nameAt + 1] : undefined, sizeAt >= 0 ? argv[sizeAt + 1] : undefined);
}

/**
 * The page parameters of a renderer URL (New Window copies its window's
 * address: block, size, access, create), read by the one module that owns
 * them; null when the URL names no block.
 */
export function blockFromUrl(url: string): PageParams | null {
  try {
    const params = new URL(url).searchParams;
    return params.get('block') ? readPageParams(params) : null;
  } catch {
    return null;
  }
}

/** The query a window's page is loaded with: only what differs from the defaults. */
export function pageQuery(page: PageParams | null): Record<string, string> {
  return page ? Object.fromEntries(new URLSearchParams(writePageParams(page))) : {};
}

// The core validates the block when the window opens it; here only the shape.
function parseBlock(name: string | undefined, sizeText: string | undefined): PageParams | null {
  if (!name || name.startsWith('--')) return null;
  const size = sizeText === undefined ? DEFAULT_PAGE_PARAMS.size : Number(sizeText);
  return { ...DEFAULT_PAGE_PARAMS, block: name, size: Number.isInteger(size) && size > 0 ? size : DEFAULT_PAGE_PARAMS.size };
}

/** Whether a frame URL is our renderer: a file under its directory, or the dev server. */
export function ourUrlPredicate(rendererDirUrl: string, devServerUrl: string | undefined): (url: string) => boolean {
  const fileBase = rendererDirUrl.endsWith('/') ? rendererDirUrl : `${rendererDirUrl}/`;
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  return (url) => {
    if (url.startsWith(fileBase)) return true;
    try {
      return devOrigin !== null && new URL(url).origin === devOrigin;
    } catch {
      return false;
    }
  };
}
