'use strict';
// The JavaScript face of the native shared-block library (see index.d.ts).
// The addon does the work; this file adds the seed's two calls on the default
// block and the path of the child reader.

const fs = require('node:fs');
const path = require('node:path');

// TEST ONLY: SHM_INSPECTOR_TEST_NATIVE_BUILD names another build directory
// (npm run test:sanitize points it at the AddressSanitizer build). On Windows
// the mingw-w64 cross build (win/build.sh: build-win, beside shm-reader.exe)
// when there is one, as under wine, where build/Release holds the Linux
// build; else node-gyp's own build (npm install on Windows, with MSVC).
const crossBuildDir = path.join(__dirname, 'build-win');
const defaultBuildDir =
  process.platform === 'win32' && fs.existsSync(path.join(crossBuildDir, 'shm_native.node'))
    ? crossBuildDir
    : path.join(__dirname, 'build', 'Release');
const buildDir = process.env.SHM_INSPECTOR_TEST_NATIVE_BUILD || defaultBuildDir;

const addon = require(path.join(buildDir, 'shm_native.node'));

const readerPath = path.join(buildDir, process.platform === 'win32' ? 'shm-reader.exe' : 'shm-reader');

// The Block's hot methods. Each calls the function of the same name that the
// addon bound to this block (this[blockCalls], see addon.cc): Node-API finds
// such a function's block for free, where a native method of the Block would
// first spend ~35 ns looking it up (napi_unwrap).
const blockCalls = addon.blockCalls;

const hotMethods = {
  // A small Buffer from Node's pool (Buffer.allocUnsafe), filled by the addon
  // under the lock: a copy, never a view of the mapping, and several times
  // cheaper than a Buffer allocated by the addon. Anything unusual (a bad
  // length) goes to the addon's read(), which throws the error with its code;
  // readInto reports a closed block and bad offsets with the same errors.
  read(offset, length) {
    const calls = this[blockCalls];
    if (!Number.isInteger(length) || length < 0 || length > calls.size) return calls.read(offset, length);
    const copy = Buffer.allocUnsafe(length);
    calls.readInto(offset, copy);
    return copy;
  },
  readInto(offset, target) {
    this[blockCalls].readInto(offset, target);
  },
  write(offset, bytes) {
    this[blockCalls].write(offset, bytes);
  },
  // The addon returns the units stored; the text was cut exactly when fewer
  // units than it has were stored.
  setString(text) {
    const units = this[blockCalls].setString(text);
    return { units, truncated: units < text.length };
  },
  getString(maxUnits) {
    return this[blockCalls].getString(maxUnits);
  },
};

for (const [name, method] of Object.entries(hotMethods)) {
  Object.defineProperty(addon.Block.prototype, name, { configurable: true, writable: true, value: method });
}

// Like the original DLL, which maps the default block when it is loaded and
// keeps it for the life of the process. On Windows that handle is what keeps
// the object alive between calls. On POSIX someone may unlink the name (and
// recreate it) meanwhile; then we follow the name to the current object.
let defaultBlock = null;

function theDefaultBlock() {
  if (defaultBlock !== null && !defaultBlock.closed && defaultBlock.linked()) return defaultBlock;
  if (defaultBlock !== null) defaultBlock.close();
  defaultBlock = null;
  defaultBlock = addon.openBlock({ name: addon.DEFAULT_NAME, size: addon.DEFAULT_SIZE });
  return defaultBlock;
}

/** The original SetSharedMem(LPWSTR) on the default block. */
function setSharedMem(text) {
  if (typeof text !== 'string') {
    throw shmError('ERR_SHM_ARG', `text must be a string, got ${describe(text)}`);
  }
  return theDefaultBlock().setString(text);
}

/** The original GetSharedMem(LPWSTR, DWORD cch): at most cch - 1 units. */
function getSharedMem(cch) {
  const block = theDefaultBlock();
  if (cch === undefined) return block.getString();
  if (typeof cch !== 'number' || !Number.isInteger(cch) || cch < 1) {
    throw shmError('ERR_SHM_ARG', `cch must be a whole number of at least 1 (room for the NUL), got ${describe(cch)}`);
  }
  return block.getString(cch - 1);
}

function shmError(code, message) {
  const error = new Error(message);
  error.code = code;
  return error;
}

function describe(value) {
  if (typeof value === 'number') return `number ${value}`;
  if (value === null) return 'null';
  return typeof value;
}

module.exports = {
  openBlock: addon.openBlock,
  unlinkBlock: addon.unlinkBlock,
  openSysvSegment: addon.openSysvSegment,
  openProcObject: addon.openProcObject,
  exitWithParent: addon.exitWithParent,
  // Windows only (undefined elsewhere): the named sections of the object directories.
  listSections: addon.listSections,
  Watcher: addon.Watcher,
  steadyNowMs: addon.steadyNowMs,
  setSharedMem,
  getSharedMem,
  readerPath,
  backend: addon.backend,
  DEFAULT_NAME: addon.DEFAULT_NAME,
  DEFAULT_SIZE: addon.DEFAULT_SIZE,
  MAX_SIZE: addon.MAX_SIZE,
  MAX_NAME_LENGTH: addon.MAX_NAME_LENGTH,
  LOCK_SUFFIX: addon.LOCK_SUFFIX,
  NO_LOCK_ENV: addon.NO_LOCK_ENV,
  testing: addon.testing,
  search: addon.search, // engines (search_binding.cc, scan_binding.cc): see index.d.ts
  ScanSession: addon.ScanSession,
  stats: addon.stats, // byte statistics on a worker thread (stats_binding.cc): see index.d.ts
};
