// A host process that starts a hung child reader and then exits without
// disposing anything: the launcher's exit hook must still kill the child.
// Prints the child's pid on stdout.
import { InspectorCore } from '../../src-main/core/inspector-core';

const [name] = process.argv.slice(2);
const core = new InspectorCore({
  host: 'browser',
  launcher: { commandFor: () => ({ command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] }), timeoutMs: 60_000 },
});
core.blocks.openBlock({ name, size: 4096 });
const [child] = await core.launcher.launch({ name, kind: 'node' });
process.stdout.write(`${child!.pid}\n`);
process.exit(0);
