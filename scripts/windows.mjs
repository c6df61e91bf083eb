// `npm run windows -- <shm-inspector arguments>`: the CLI on Windows Node
// under wine. `npm run windows -- web [--port N]`: the browser host there,
// for a browser on this machine (it listens on 127.0.0.1, which wine shares).
//
// The pinned Windows Node (scripts/windows-node.mjs) runs the same bundles as
// on Linux (out/cli, out/main/web.js, built here with this machine's Node when
// stale) with the Windows addon (native/build-win, npm run native:win). The
// prefix is $WINEPREFIX when set, else one under the user's cache; it is made
// on first use and set to report Windows 10, below which Node 22 refuses to start.
//
// Between wine and node.exe runs shm-stdio-relay.exe (native/win/stdio_relay.cc):
// a Unix pipe handed to wine is no Windows pipe to libuv, and Node would die
// with EBADF on its first write to it. The relay gives node.exe real pipes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCliIfStale } from './build-cli.mjs';
import { isStale } from './freshness.mjs';
import { cacheDir, ensureWindowsNode } from './windows-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildWin = join(root, 'native', 'build-win');
export const relayExe = join(buildWin, 'shm-stdio-relay.exe');
export const windowsAddon = join(buildWin, 'shm_native.node');
/** Written into a prefix once it reports Windows 10. */
const WIN10_MARK = '.shm-inspector-win10';

/** The environment wine runs with: the prefix, quiet, no Mono/Gecko prompts. */
export function wineEnv(env = process.env) {
  return {
    ...env,
    WINEPREFIX: env.WINEPREFIX || join(cacheDir(), 'wine-prefix'),
    WINEDEBUG: env.WINEDEBUG ?? '-all',
    WINEDLLOVERRIDES: env.WINEDLLOVERRIDES ?? 'mscoree,mshtml=',
  };
}

function fail(message) {
  console.error(`shm-inspector windows: ${message}`);
  process.exit(70);
}

/**
 * Makes the prefix if needed and sets it to Windows 10, once. The boot leaves
 * wine's services running with whatever stdio they inherit, so it runs with
 * stdio ignored: they must not hold our pipes open.
 */
export function preparePrefix(env) {
  if (existsSync(join(env.WINEPREFIX, WIN10_MARK))) return;
  const boot = spawnSync('wine', ['wineboot', '--init'], { env, stdio: 'ignore', timeout: 300_000 });
  if (boot.status !== 0) fail(`wineboot in ${env.WINEPREFIX} failed (status ${boot.status ?? boot.error?.message})`);
  const version = spawnSync('wine', ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'], {
    env,
    stdio: 'ignore',
    timeout: 120_000,
  });
  if (version.status !== 0) fail(`setting ${env.WINEPREFIX} to Windows 10 failed (status ${version.status ?? version.error?.message})`);
  writeFileSync(join(env.WINEPREFIX, WIN10_MARK), 'win10\n');
}

function buildWindowsNative() {
  const sources = ['src', 'win'].map((p) => join(root, 'native', p));
  if (!isStale(windowsAddon, sources) && existsSync(relayExe)) return;
  const build = spawnSync('bash', [join(root, 'native', 'win', 'build.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) fail('building the Windows addon failed (npm run native:win, see above)');
}

/** The browser host's bundle and the renderer, built as `npm run web` builds them. */
function buildAppIfStale() {
  const built = [join(root, 'out', 'renderer', 'index.html'), join(root, 'out', 'main', 'web.js')];
  const sources = ['src-main', 'src-shared', 'src-renderer', 'electron.vite.config.ts'].map((p) => join(root, p));
  if (!built.some((file) => isStale(file, sources))) return;
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) fail('building the app failed (electron-vite build, see above)');
}

/** What node.exe runs: the browser host for `web`, else the CLI. */
function entryFor(args) {
  if (args[0] === 'web') {
    buildAppIfStale();
    return [join(root, 'out', 'main', 'web.js'), ...args.slice(1)];
  }
  const failure = buildCliIfStale();
  if (failure !== null) fail(`building the CLI failed (npm run build:cli)\n${failure}`);
  return [join(root, 'bin', 'shm-inspector.mjs'), ...args];
}

function main() {
  const args = process.argv.slice(2);
  const env = wineEnv();
  let nodeExe;
  try {
    nodeExe = ensureWindowsNode();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  buildWindowsNative();
  const entry = entryFor(args);
  preparePrefix(env);
  // Its own process group: wine starts node.exe (and what node.exe starts) as
  // Unix children of this one, and a signal for us must reach all of them.
  // From where npm was run (INIT_CWD), so relative paths in the arguments mean what the user meant.
  const child = spawn('wine', [relayExe, nodeExe, ...entry], {
    cwd: process.env.INIT_CWD ?? process.cwd(),
    env,
    stdio: 'inherit',
    detached: true,
  });
  const stop = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  process.on('SIGINT', () => stop('SIGTERM'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGTERM'));
  child.on('error', (error) => fail(`cannot run wine: ${error.message}`));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 15 : 1)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
