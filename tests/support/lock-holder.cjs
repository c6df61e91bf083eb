// A process that opens a block, takes its lock and keeps it: a holder that
// stopped, as far as everyone else can tell. Prints "holding <pid>" once it
// holds the lock; "release" on stdin releases it (prints "released"); the end
// of stdin ends the process.
// Usage: node lock-holder.cjs <native/index.js> <name> <size>
'use strict';
const [addonPath, name, size] = process.argv.slice(2);
const native = require(addonPath);
const block = native.openBlock({ name, size: Number(size), create: false });
native.testing.holdLock(block);
process.stdout.write(`holding ${process.pid}\n`);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  if (!chunk.includes('release')) return;
  native.testing.releaseLock(block);
  process.stdout.write('released\n');
});
process.stdin.on('end', () => {
  block.close();
  process.exit(0);
});
