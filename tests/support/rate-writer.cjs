// A separate process that writes a u32 counter (little-endian) to a block
// through our addon, `count` times over `durationMs` (evenly, a busy wait
// between writes), then prints the last value as JSON: { last, writes, elapsedMs }.
//   node rate-writer.cjs <native/index.js> <name> <size> <offset> <count> <durationMs>
'use strict';
const [addon, name, size, offset, count, durationMs] = process.argv.slice(2);
const block = require(addon).openBlock({ name, size: Number(size), create: false });
const bytes = new Uint8Array(4);
const view = new DataView(bytes.buffer);
const writes = Number(count);
const periodMs = Number(durationMs) / writes;
const start = performance.now();
for (let i = 1; i <= writes; i++) {
  while (performance.now() - start < i * periodMs);
  view.setUint32(0, i, true);
  block.write(Number(offset), bytes);
}
block.close();
process.stdout.write(JSON.stringify({ last: writes, writes, elapsedMs: performance.now() - start }) + '\n');
