// A host process that starts one real native and one real Node reader and then
// waits to be killed. The test holds the block's lock, so the readers wait
// for it as long as they live. Prints their pids as one JSON line.
import { InspectorCore } from '../../src-main/core/inspector-core';

const [name] = process.argv.slice(2);
const core = new InspectorCore({ host: 'browser', launcher: { timeoutMs: 60_000 } });
core.blocks.openBlock({ name, size: 4096 });
const readers = [...(await core.launcher.launch({ name, kind: 'native' })), ...(await core.launcher.launch({ name, kind: 'node' }))];
process.stdout.write(`${JSON.stringify(readers.map((reader) => reader.pid))}\n`);
setInterval(() => undefined, 1000);
