// Runs at the end of `npm install`. Builds what must be ready before anything
// else runs (the native addon and the child reader, the CLI), then tries to fetch
// Electron's binary. Electron 42+ downloads its binary lazily and has no
// install script of its own; where the network cannot reach it we say so in
// one line and go on, since `npm start` falls back to the browser host.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCliIfStale } from './build-cli.mjs';
import { electronBinaryStatus } from './electron-binary.mjs';
import { ensureWindowsNode, WINDOWS_NODE_VERSION } from './windows-node.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function buildNative() {
  if (!existsSync(join(root, 'native', 'binding.gyp'))) return;
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), 'rebuild', '--directory', 'native'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    console.error(
      '[shm-inspector] building the native addon failed (see above); install python3, make and g++ and run `npm run build:native`.',
    );
    process.exit(1);
  }
}

function fetchElectron() {
  if (electronBinaryStatus(root).available) return;
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(installer)) return;
  const result = spawnSync(process.execPath, [installer], { cwd: root, stdio: 'pipe', timeout: 180_000 });
  console.log(
    result.status === 0
      ? '[shm-inspector] Electron binary installed.'
      : '[shm-inspector] Electron binary could not be downloaded here; `npm start` will serve the UI in browser mode.',
  );
}

/** The terminal host (bin shm-inspector), so its first run need not build; it builds on demand otherwise. */
function buildCli() {
  if (!existsSync(join(root, 'node_modules', 'vite'))) return;
  const failure = buildCliIfStale();
  if (failure !== null) console.error(`[shm-inspector] building the CLI failed; \`npm run build:cli\` retries.\n${failure}`);
}

/**
 * Where wine is installed: the pinned Windows Node for `npm run windows` and
 * the tests under wine (which never download it themselves). Optional, like Electron.
 */
function fetchWindowsNode() {
  if (spawnSync('sh', ['-c', 'command -v wine'], { stdio: 'ignore' }).status !== 0) return;
  try {
    ensureWindowsNode();
  } catch (error) {
    console.log(
      `[shm-inspector] Windows Node ${WINDOWS_NODE_VERSION} could not be fetched (${error instanceof Error ? error.message : String(error)}); \`node scripts/windows-node.mjs\` retries.`,
    );
  }
}

buildNative();
buildCli();
fetchElectron();
fetchWindowsNode();
