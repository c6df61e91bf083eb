// Opening unnamed shared memory read-only through /proc (issue 25): the
// `proc:` names (src-shared/proc-names.ts) through the core's openBlock, the
// addon's openProcObject (native/src/linux/backend_proc.cc) behind it. Real
// Python holders; nothing is ever written, created or left behind.
import { spawnSync } from 'node:child_process';
import { mkfifoSync } from './fixtures/mkfifo';
import { closeSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { listSharedMemory } from '../../src-main/core/listing';
import { loadNative } from '../../src-main/core/native';
import { formatProcName, parseProcName } from '../../src-shared/proc-names';
import { pythonUnavailableReason } from '../support/python-shm';
import { startProcHolder, type ProcHolder } from './fixtures/proc-holder';

const linux = process.platform === 'linux';

/** The bytes a successful read call carried, as Latin-1 text. */
function textOf(outcome: unknown): string {
  const read = outcome as { ok: boolean; value?: { bytes: Uint8Array } };
  return read.ok ? Buffer.from(read.value!.bytes).toString('latin1') : `(failed: ${JSON.stringify(outcome)})`;
}
const pythonMissing = pythonUnavailableReason();
const root = process.getuid?.() === 0;

describe('proc: names', () => {
  it.each(['proc:1:fd:0', 'proc:4194304:fd:2147483647', 'proc:77:map:0-1000', 'proc:77:map:7f4a1cd32000-7f4a1cd33000'])(
    '%s survives parse and format unchanged',
    (name) => {
      expect(formatProcName(parseProcName(name)!)).toBe(name);
    },
  );

  const core = new InspectorCore({ host: 'browser' });
  afterAll(() => core.dispose());
  it.each([
    'proc:',
    'proc:12:fd:',
    'proc:012:fd:3',
    'proc:0:fd:3',
    'proc:4194305:fd:3',
    'proc:1:fd:2147483648',
    'proc:1:FD:3',
    'proc:1:map:0a-10',
    'proc:1:map:7F-80',
    'proc:1:map:10-10',
    'proc:1:map:20-10',
    'proc:1:map:10000000000000000-20000000000000000',
    'proc:1:fd:3 ',
    'proc:1:fd:3:extra',
    'proc:$(touch x):fd:1',
  ])('refuses %j with ERR_SHM_NAME before the addon sees it', async (name) => {
    const outcome = await core.handle('openBlock', { name, readOnly: true }, 'c1');
    expect(outcome).toMatchObject({ ok: false, error: { code: 'ERR_SHM_NAME', message: expect.stringContaining('proc:<pid>:fd:<n>') } });
  });
});

describe.skipIf(!linux || pythonMissing !== null)('opening unnamed shared memory read-only', () => {
  const core = new InspectorCore({ host: 'browser' });
  afterAll(() => core.dispose());
  // Other suites make and remove blocks meanwhile: only names of ours could be a trace.
  const ours = () => readdirSync('/dev/shm').filter((n) => n.startsWith('open-') || n.startsWith('proc'));
  const shmBefore = ours();

  async function nameOf(holder: ProcHolder): Promise<string> {
    const listing = await listSharedMemory({ kinds: ['unlinked', 'memfd', 'anonymous'] });
    const entry = listing.entries.find((e) => e.processes.some((p) => p.pid === holder.pid));
    expect(entry).toBeDefined();
    return entry!.name;
  }

  it.each(['memfd', 'unlinked', 'anonymous'] as const)(
    'a %s object opens read-only, shows its bytes, refuses every change',
    async (mode) => {
      if (mode === 'anonymous' && !root) return; // map_files needs CAP_SYS_ADMIN: see the permission test
      const holder = await startProcHolder(mode, 12288, `open-${mode}`);
      try {
        const name = await nameOf(holder);
        const opened = await core.handle('openBlock', { name }, 'c1'); // read-only without asking: proc names always are
        expect(opened).toMatchObject({ ok: true, value: { name, size: 12288, readOnly: true, locked: false } });
        // Anonymous memory has no descriptor anywhere: it opens through map_files (root only).
        expect((opened as { value: { systemName: string } }).value.systemName).toContain(mode === 'anonymous' ? '/map_files/' : '/fd/');
        const read = await core.handle('read', { name, offset: 0, length: 24 }, 'c1');
        expect(textOf(read)).toBe(`proc-holder:${mode}`.padEnd(24, '\0'));
        for (const [call, args] of [
          ['write', { name, offset: 0, bytes: new Uint8Array([1]) }],
          ['setString', { name, text: 'x' }],
          ['unlink', { name }],
        ] as const) {
          expect(await core.handle(call, args, 'c1')).toMatchObject({ ok: false, error: { code: 'ERR_SHM_READ_ONLY' } });
        }
        await core.handle('closeBlock', { name }, 'c1');
      } finally {
        await holder.stop();
      }
      expect(ours()).toEqual(shmBefore); // nothing created, nothing left behind
    },
  );

  it('an object that shrinks under us is ERR_SHM_TRUNCATED past its new end, and readable before it', async () => {
    const holder = await startProcHolder('memfd', 16384, 'open-shrink');
    try {
      const name = await nameOf(holder);
      await core.handle('openBlock', { name }, 'c3');
      await holder.command('shrink 4096');
      expect(await core.handle('read', { name, offset: 8192, length: 16 }, 'c3')).toMatchObject({
        ok: false,
        error: { code: 'ERR_SHM_TRUNCATED' },
      });
      const head = await core.handle('read', { name, offset: 0, length: 17 }, 'c3');
      expect(textOf(head)).toBe('proc-holder:memfd');
      await core.handle('closeBlock', { name }, 'c3');
    } finally {
      await holder.stop();
    }
  });

  it('outlives its last process: our descriptor keeps the object, and the block says it is no longer reachable', async () => {
    const holder = await startProcHolder('memfd', 4096, 'open-orphan');
    const name = await nameOf(holder);
    await core.handle('openBlock', { name }, 'c4');
    const ref = parseProcName(name)!;
    const direct = loadNative().openProcObject(ref);
    expect(direct.linked()).toBe(true);
    await holder.stop();
    expect(direct.linked()).toBe(false); // its /proc path leads nowhere now
    direct.close();
    const read = await core.handle('read', { name, offset: 0, length: 17 }, 'c4');
    expect(textOf(read)).toBe('proc-holder:memfd');
    await core.handle('closeBlock', { name }, 'c4');
    expect(await core.handle('openBlock', { name }, 'c4')).toMatchObject({ ok: false, error: { code: 'ERR_SHM_NOT_FOUND' } });
  });
});

describe.skipIf(!linux)('what is no shared memory is refused', () => {
  const core = new InspectorCore({ host: 'browser' });
  afterAll(() => core.dispose());

  it('a file on disk that a process holds: ERR_SHM_NOT_A_BLOCK', async () => {
    const fd = openSync(join(import.meta.dirname, 'proc-open.test.ts'), 'r');
    try {
      const outcome = await core.handle('openBlock', { name: `proc:${process.pid}:fd:${fd}` }, 'c5');
      expect(outcome).toMatchObject({
        ok: false,
        error: { code: 'ERR_SHM_NOT_A_BLOCK', message: expect.stringContaining('not shared memory') },
      });
    } finally {
      closeSync(fd);
    }
  });

  it('a FIFO a process holds: refused at once, never waited on', async () => {
    const path = join(tmpdir(), `proc-open-fifo-${process.pid}`);
    mkfifoSync(path);
    const fd = openSync(path, 'r+'); // held without a writer elsewhere: an O_RDONLY open without O_NONBLOCK would hang
    try {
      const started = Date.now();
      const outcome = await core.handle('openBlock', { name: `proc:${process.pid}:fd:${fd}` }, 'c5');
      expect(outcome).toMatchObject({ ok: false, error: { code: 'ERR_SHM_NOT_A_BLOCK' } });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      closeSync(fd);
      rmSync(path, { force: true });
    }
  });

  it('as another user: ERR_SHM_PERMISSION saying what would allow it', async (context) => {
    const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '/usr/bin/true']);
    if (!root || probe.status !== 0) return context.skip('needs root and setpriv to run as uid 65534');
    const fd = openSync('/dev/null', 'r');
    const addon = join(import.meta.dirname, '..', '..', 'native', 'index.js');
    const script = `const n = require(${JSON.stringify(addon)}); for (const ref of [{ pid: ${process.pid}, fd: ${fd} }, { pid: ${process.pid}, start: '1000', end: '2000' }]) { try { n.openProcObject(ref); } catch (e) { console.log(e.code + ' ' + e.message); } }`;
    const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script], {
      encoding: 'utf8',
    });
    closeSync(fd);
    if (run.status !== 0) return context.skip(`uid 65534 cannot load the addon here: ${run.stderr.trim().split('\n').at(-1)}`);
    const [byFd, byMap] = run.stdout.trim().split('\n');
    expect(byFd).toMatch(/^ERR_SHM_PERMISSION .*ptrace read access.*CAP_SYS_PTRACE would allow it/);
    expect(byMap).toMatch(/^ERR_SHM_PERMISSION .*CAP_SYS_ADMIN/);
  });
});
