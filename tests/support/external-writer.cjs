// A separate process that writes to a block, for the watcher tests.
//   node external-writer.cjs addon <native/index.js> <name> <size> <offset> <hex bytes>
//     writes through our addon (in another process)
//   node external-writer.cjs file <path> <offset> <hex bytes>
//     writes the object's file directly (/dev/shm/<name>), like a program that
//     knows nothing of our library or its lock and bumps no write counter
'use strict';
const fs = require('node:fs');

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'addon') {
  const [addon, name, size, offset, hex] = rest;
  const block = require(addon).openBlock({ name, size: Number(size), create: false });
  block.write(Number(offset), Buffer.from(hex, 'hex'));
  block.close();
} else if (mode === 'file') {
  const [path, offset, hex] = rest;
  const fd = fs.openSync(path, 'r+');
  fs.writeSync(fd, Buffer.from(hex, 'hex'), 0, hex.length / 2, Number(offset));
  fs.closeSync(fd);
} else {
  process.stderr.write('usage: external-writer.cjs addon|file ...\n');
  process.exitCode = 64;
}
