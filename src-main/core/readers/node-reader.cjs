#!/usr/bin/env node
// The Node child reader: the original example's child, written against our
// addon, run as a separate process (plain Node, or Electron with
// ELECTRON_RUN_AS_NODE=1). It opens an existing block (never creates one) and
// prints the same line as native/build/Release/shm-reader:
//   Child process read from shared memory: <text>
// Usage: node-reader.cjs --addon <native/index.js> [--name N] [--size S]
// Exit codes, as shm-reader: 0 read, 2 no such block, 64 bad usage, 1 other errors.
'use strict';

const USAGE = 'usage: node-reader.cjs --addon <path to native/index.js> [--name NAME] [--size BYTES]';

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined || !['--addon', '--name', '--size'].includes(flag)) return null;
    options[flag.slice(2)] = value;
  }
  if (!options.addon) return null;
  if (options.size !== undefined && !/^[1-9][0-9]*$/.test(options.size)) return null;
  return options;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!options) {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  const shm = require(options.addon);
  if (!shm.exitWithParent()) return 1; // the inspector that started us is gone
  let block;
  try {
    block = shm.openBlock({
      name: options.name ?? shm.DEFAULT_NAME,
      size: options.size === undefined ? shm.DEFAULT_SIZE : Number(options.size),
      create: false,
    });
  } catch (error) {
    process.stderr.write(`node-reader: ${error.code ?? 'ERROR'}: ${error.message}\n`);
    return error.code === 'ERR_SHM_NOT_FOUND' ? 2 : 1;
  }
  try {
    process.stdout.write(`Child process read from shared memory: ${block.getString()}\n`);
    return 0;
  } finally {
    block.close();
  }
}

process.exitCode = main();
