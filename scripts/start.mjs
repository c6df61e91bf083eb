// `npm start`: build if needed, then run the Electron app. Where Electron's
// binary is missing or there is no display, say so in one line and serve the
// same UI from the browser host instead, in chromeless Chromium/Chrome app
// windows where there is a display and such a browser (app-windows.mjs).
// `npm run web` (--browser) goes straight to the browser host and only prints
// its URL. Other arguments pass through:
//   npm start -- --windows 2     two windows side by side on one block
//   npm run web -- --port 8080   the browser host on a fixed port
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareAppWindows } from './app-windows.mjs';
import { electronBinaryStatus, missingDisplayReason } from './electron-binary.mjs';
import { APP_SOURCES, isStale, under } from './freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--browser');

// What the build makes and both hosts run: the renderer, the Electron main
// process, and the browser host's entry (electron.vite.config.ts).
const BUILT = [join(root, 'out', 'renderer', 'index.html'), join(root, 'out', 'main', 'index.js'), join(root, 'out', 'main', 'web.js')];

function buildIfStale() {
  const sources = under(root, APP_SOURCES);
  if (!BUILT.some((built) => isStale(built, sources))) return;
  console.log('[shm-inspector] building the app (electron-vite build)...');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Ctrl+C or SIGTERM asks the app to stop. Before the app runs there is nothing
// to stop; once it runs, the signal goes on to it, and its death by that very
// signal (it may not have installed its own handler yet) is the stop that was
// asked for, not a failure.
let child = null;
let stopSignal = null;
function requestStop(signal) {
  stopSignal ??= signal;
  if (child) child.kill(signal);
  else process.exit(0);
}
process.on('SIGINT', requestStop);
process.on('SIGTERM', requestStop);

function run(command, commandArgs, env = process.env) {
  child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(code ?? (signal && signal !== stopSignal ? 1 : 0)));
}

function startBrowserHost(hostArgs = passThrough) {
  run(process.execPath, [join(root, 'out', 'main', 'web.js'), ...hostArgs]);
}

buildIfStale();
if (forceBrowser) {
  startBrowserHost();
} else {
  const electron = electronBinaryStatus(root);
  const unavailable = !electron.available ? electron.reason : missingDisplayReason();
  if (unavailable) {
    console.log(`[shm-inspector] Electron is unavailable: ${unavailable}; serving the same UI in browser mode.`);
    // With a display and Chromium/Chrome: app windows (scripts/app-windows.mjs); otherwise the URL only.
    const appWindows = await prepareAppWindows(passThrough);
    startBrowserHost(appWindows?.hostArgs);
    appWindows?.open();
  } else {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    run(electron.path, [root, ...passThrough], env);
  }
}
