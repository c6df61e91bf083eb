// Desktop windows without Electron: where Electron's binary is missing but
// there is a display and a Chromium or Chrome, `npm start` shows the browser
// host's UI in chromeless app windows (`--app`) instead of only printing its
// URL. `--windows N` tiles N of them side by side on one block, as the
// Electron build does.
//
// Lifetime: each window is its own browser process with its own throw-away
// profile (so its position and size are its own, and nothing touches the
// user's browser profile). The windows close when the host stops, and the
// host stops when the last window closes.
//
// The token never appears on a command line (other users can read those in
// /proc): the host gets it from its environment, and each browser opens a
// small redirecting page in its private (0700) profile directory.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Browsers that can run chromeless app windows, in order of preference. */
const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'brave-browser'];
/** What DESIGN.md asks of every Chromium run here; --no-sandbox only where it runs as root. */
const QUIET_FLAGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--no-default-browser-check',
  '--password-store=basic',
];
/**
 * As root Chromium runs only without its sandbox, and then shows a warning bar
 * ("unsupported command-line flag") over every window; --test-type, which
 * ChromeDriver passes for the same reason, keeps that bar away.
 */
export const ROOT_FLAGS = Object.freeze(['--no-sandbox', '--test-type']);
const DEFAULT_SCREEN = { width: 1280, height: 800 };
const HOST_READY_TIMEOUT_MS = 60_000;
const MAX_WINDOWS = 8;
const log = (line) => console.log(`[shm-inspector] ${line}`);

/** The first browser on PATH (or SHM_INSPECTOR_BROWSER, a path), or null. */
export function findBrowser(env = process.env) {
  if (env.SHM_INSPECTOR_BROWSER) return isExecutable(env.SHM_INSPECTOR_BROWSER) ? env.SHM_INSPECTOR_BROWSER : null;
  for (const name of BROWSER_NAMES) {
    for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
      if (isExecutable(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `count` windows side by side across the screen, each its full height (as the Electron build tiles). */
export function tileBounds(screen, count) {
  const width = Math.floor(screen.width / count);
  return Array.from({ length: count }, (_, i) => ({ x: i * width, y: 0, width, height: screen.height }));
}

/** The X screen's size from xdpyinfo, or a default where it cannot tell. */
function screenSize() {
  const result = spawnSync('xdpyinfo', [], { encoding: 'utf8', timeout: 5_000 });
  const match = /dimensions:\s+(\d+)x(\d+) pixels/.exec(result.stdout ?? '');
  return match ? { width: Number(match[1]), height: Number(match[2]) } : DEFAULT_SCREEN;
}

/** Splits the app's own flags (--windows N, --block NAME, --size BYTES) from the host's. */
export function splitArgs(args) {
  const own = { windows: 1, block: null, size: null, port: null };
  const host = [];
  for (let i = 0; i < args.length; i++) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag === '--windows' && value !== undefined) {
      const count = Number(value);
      own.windows = Number.isInteger(count) && count >= 1 && count <= MAX_WINDOWS ? count : 1;
      i++;
    } else if ((flag === '--block' || flag === '--size') && value !== undefined) {
      own[flag.slice(2)] = value;
      i++;
    } else if (flag === '--port' && value !== undefined) {
      // Port 0 means "any free one": chosen here, so the windows know it before the host prints it.
      if (value !== '0') {
        own.port = value;
        host.push(flag, value);
      }
      i++;
    } else {
      host.push(flag);
    }
  }
  return { own, host };
}

/** Why app windows cannot open here, or null when they can. */
function unavailableReason(browser, env) {
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display';
  if (!browser) return `no Chromium or Chrome on PATH (looked for ${BROWSER_NAMES.join(', ')}; SHM_INSPECTOR_BROWSER names another)`;
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Prepares app windows for the browser host about to start, or returns null
 * (the host then prints its URL, as before). On success the host's arguments
 * carry a port chosen here and its environment the token (SHM_INSPECTOR_TOKEN),
 * so the URL is known before the host prints it; call `open()` once the host
 * has been started.
 */
export async function prepareAppWindows(args, env = process.env) {
  const { own, host } = splitArgs(args);
  const browser = findBrowser(env);
  const reason = unavailableReason(browser, env);
  if (reason) {
    log(`no app windows: ${reason}; open the URL below in a browser.`);
    return null;
  }
  const port = own.port ?? String(await freePort());
  const token = env.SHM_INSPECTOR_TOKEN ?? randomBytes(24).toString('hex');
  env.SHM_INSPECTOR_TOKEN = token;
  const url = new URL(`http://127.0.0.1:${port}/`);
  url.searchParams.set('token', token);
  if (own.block) url.searchParams.set('block', own.block);
  if (own.block && own.size) url.searchParams.set('size', own.size);
  return {
    hostArgs: own.port ? host : [...host, '--port', port],
    open: () => void openWhenReady(browser, url.toString(), own.windows),
  };
}

async function openWhenReady(browser, url, count) {
  if (!(await hostAnswers(url))) {
    log(`the host did not answer within ${HOST_READY_TIMEOUT_MS / 1000} s; no app windows (open the URL below when it does).`);
    return;
  }
  const profileRoot = mkdtempSync(join(tmpdir(), 'shm-inspector-app-'));
  const bounds = tileBounds(screenSize(), count);
  const windows = bounds.map((b, i) => launchWindow(browser, url, join(profileRoot, `window-${i + 1}`), b));
  log(
    `opened ${count} app window${count === 1 ? '' : 's'} in ${browser} (profiles in ${profileRoot}); closing the last one stops the host.`,
  );
  followLifetimes(windows, profileRoot);
}

async function hostAnswers(url) {
  const deadline = Date.now() + HOST_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function launchWindow(browser, url, profile, bounds) {
  mkdirSync(profile, { recursive: true, mode: 0o700 });
  const opener = join(profile, 'open.html');
  // The page that carries the token lives in the private profile directory, not on the command line.
  writeFileSync(
    opener,
    `<!doctype html><meta http-equiv="refresh" content="0;url=${url.replaceAll('&', '&amp;')}"><title>shm-inspector</title>`,
    { mode: 0o600 },
  );
  const args = [
    `--app=${pathToFileURL(opener).href}`,
    `--user-data-dir=${profile}`,
    `--window-position=${bounds.x},${bounds.y}`,
    `--window-size=${bounds.width},${bounds.height}`,
    '--class=shm-inspector',
    ...QUIET_FLAGS,
    ...(process.getuid?.() === 0 ? ROOT_FLAGS : []),
  ];
  return spawn(browser, args, { stdio: 'ignore' });
}

/**
 * Every window closed by its user: stop the host (start.mjs forwards SIGINT to
 * it, and exits with it). The host gone first: close the windows.
 */
function followLifetimes(windows, profileRoot) {
  let open = windows.length;
  let closedByUser = 0;
  let hostStopping = false;
  for (const child of windows) {
    child.on('error', (error) => log(`an app window could not start: ${error.message}`));
    child.on('exit', (code) => {
      open--;
      if (code === 0 || code === null) closedByUser++;
      else if (!hostStopping) log(`an app window's browser exited with code ${code}; the URL above still works.`);
      // Browsers that failed to start leave the host running for the URL; windows a user closed stop it.
      if (open === 0 && closedByUser > 0 && !hostStopping) {
        hostStopping = true;
        log('the last app window closed; stopping the host.');
        removeQuietly(profileRoot);
        process.kill(process.pid, 'SIGINT');
      }
    });
  }
  process.on('exit', () => {
    hostStopping = true;
    const running = windows.filter((child) => child.exitCode === null && child.signalCode === null);
    for (const child of running) child.kill('SIGTERM');
    // A browser writes its profile while it shuts down, after this process is gone:
    // removing it now would leave what it writes next (issue 23). A detached
    // reaper removes it once every browser has exited.
    if (running.length === 0) removeQuietly(profileRoot);
    else
      removeAfterExit(
        profileRoot,
        running.map((child) => child.pid),
      );
  });
}

/** How long the reaper waits for the browsers before it removes their profiles anyway. */
const REAPER_WAIT_MS = 15_000;
const REAPER = `
const [root, waitMs, ...pids] = process.argv.slice(1);
const alive = (pid) => { try { process.kill(Number(pid), 0); return true; } catch { return false; } };
const deadline = Date.now() + Number(waitMs);
(function poll() {
  if (pids.some(alive) && Date.now() < deadline) return setTimeout(poll, 100);
  require('node:fs').rmSync(root, { recursive: true, force: true, maxRetries: 3 });
})();`;

function removeAfterExit(profileRoot, pids) {
  const reaper = spawn(process.execPath, ['-e', REAPER, profileRoot, String(REAPER_WAIT_MS), ...pids.map(String)], {
    detached: true,
    stdio: 'ignore',
  });
  reaper.unref();
}

/** Best effort: a browser still shutting down may write into its profile while it goes. */
function removeQuietly(path) {
  try {
    rmSync(path, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // a few kilobytes left in the temp directory
  }
}
