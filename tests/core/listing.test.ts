// The machine's shared memory, listed (src-main/core/listing): real objects
// made by this process, by a child that maps them, and by Python (POSIX and
// System V), found with their size, mode, owner and the processes that map them.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { listSharedMemory, type SharedMemoryEntry, type SharedMemoryListing } from '../../src-main/core/listing';
import { loadNative } from '../../src-main/core/native';
import { unlinkUsedBlocks, uniqueBlockName } from '../support/blocks';
import { pythonUnavailableReason, startPython } from '../support/python-shm';
import { spawnUntilLine } from '../support/spawn-until-line';

const native = loadNative();
const linux = process.platform === 'linux';
const pythonMissing = pythonUnavailableReason();
const childScript = join(import.meta.dirname, '..', 'native', 'fixtures', 'block-child.cjs');

afterAll(() => unlinkUsedBlocks());

async function entryNamed(name: string): Promise<SharedMemoryEntry | undefined> {
  const listing = await listSharedMemory({ filter: name });
  return listing.entries.find((e) => e.name === name);
}

describe.skipIf(!linux)('listSharedMemory on Linux', () => {
  it('a block we create shows with its size, mode 0600, owner, companion folded in, and the child that maps it', async () => {
    const name = uniqueBlockName('listing-cli-list');
    const block = native.openBlock({ name, size: 8192 });
    // The `hold` child opens the same block and keeps it mapped (holding its lock) until killed.
    const { child } = await spawnUntilLine(process.execPath, [childScript, 'hold', JSON.stringify({ name, size: 8192 })], /holding/);
    try {
      const listing = await listSharedMemory({ filter: `${name}*` });
      expect(listing.entries.map((e) => e.name)).toEqual([name]); // the .lock companion is not a block of its own
      const entry = listing.entries[0]!;
      expect(entry).toMatchObject({
        kind: 'posix',
        systemName: `/dev/shm/${name}`,
        size: 8192,
        mode: 0o600,
        ownerUid: process.getuid!(),
        ownerName: userInfo().username,
        hasLockCompanion: true,
      });
      expect(Date.now() - entry.changedAt!).toBeLessThan(60_000);
      const pids = entry.processes.map((p) => p.pid);
      expect(pids).toContain(child.pid);
      expect(pids).toContain(process.pid);
      expect(entry.processes.find((p) => p.pid === child.pid)).toMatchObject({
        command: 'node',
        commandLine: expect.stringContaining('block-child.cjs hold'),
      });
    } finally {
      child.kill('SIGKILL');
      block.close();
    }
  });

  it('a .lock larger than a page is not our companion: it stays an entry of its own', async () => {
    const name = uniqueBlockName('listing-cli-fold');
    const block = native.openBlock({ name, size: 4096 }); // makes our companion, name.lock
    // Another program's objects: one whose name merely ends in .lock (which the addon would refuse), beside its base.
    writeFileSync(`/dev/shm/${name}-b`, Buffer.alloc(4096));
    writeFileSync(`/dev/shm/${name}-b.lock`, Buffer.alloc(8192));
    try {
      const entries = (await listSharedMemory({ filter: `${name}*` })).entries;
      expect(entries.map((e) => [e.name, e.hasLockCompanion])).toEqual([
        [name, true],
        [`${name}-b`, false],
        [`${name}-b.lock`, false],
      ]);
    } finally {
      for (const file of [`${name}-b`, `${name}-b.lock`]) rmSync(`/dev/shm/${file}`, { force: true });
      block.unlink();
      block.close();
    }
  });

  it.skipIf(pythonMissing !== null)('a Python multiprocessing.shared_memory block shows with the Python process mapping it', async () => {
    const name = uniqueBlockName('listing-cli-py');
    const python = await startPython(['posix-create', name, '12288']);
    try {
      const entry = await entryNamed(name);
      expect(entry).toMatchObject({ kind: 'posix', size: 12288, mode: 0o600, hasLockCompanion: false });
      expect(entry!.processes).toContainEqual({
        pid: python.pid,
        command: 'python3',
        commandLine: expect.stringContaining('python-shm.py posix-create'),
      });
    } finally {
      await python.stop();
    }
    expect(await entryNamed(name)).toBeUndefined();
  });

  it.skipIf(pythonMissing !== null)('a System V segment made with shmget shows with its key, id, size and attaching pid', async () => {
    const key = 0x5a000000 + (process.pid % 0xffff) * 0x100 + Math.floor(Math.random() * 0x100);
    const python = await startPython(['sysv-create', String(key), '20000']);
    try {
      const keyText = `0x${key.toString(16).padStart(8, '0')}`;
      const listing = await listSharedMemory({ kinds: ['sysv'], filter: keyText });
      expect(listing.entries).toHaveLength(1);
      const entry = listing.entries[0]!;
      expect(entry).toMatchObject({
        kind: 'sysv',
        name: keyText,
        size: 20000,
        mode: 0o600,
        ownerUid: process.getuid!(),
        sysv: { key, id: python.ready.id, attachCount: 1, creatorPid: python.pid },
      });
      expect(entry.processes).toContainEqual({
        pid: python.pid,
        command: 'python3',
        commandLine: expect.stringContaining('python-shm.py sysv-create'),
      });
    } finally {
      await python.stop();
    }
    expect((await listSharedMemory({ kinds: ['sysv'], filter: `0x${key.toString(16)}` })).entries).toEqual([]);
  });

  it('filters by pattern and kind, and sorts by size descending', async () => {
    const name = uniqueBlockName('listing-cli-sort');
    const blocks = [4096, 65536, 8192].map((size, i) => native.openBlock({ name: `${name}-${i}`, size }));
    try {
      const listing = await listSharedMemory({ filter: `${name}-?`, kinds: ['posix'], sort: 'size', descending: true });
      expect(listing.entries.map((e) => e.size)).toEqual([65536, 8192, 4096]);
      expect((await listSharedMemory({ filter: `${name}-?`, kinds: ['sysv'] })).entries).toEqual([]);
    } finally {
      for (const b of blocks) {
        b.unlink();
        b.close();
      }
    }
  });

  it('says how many processes it could not inspect when run without privileges', async (context) => {
    const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '/usr/bin/true']);
    if (process.getuid!() !== 0 || probe.status !== 0) return context.skip('needs root and setpriv to run as uid 65534');
    // Our own process (root) cannot be inspected by uid 65534: the note must say so.
    const script = `import('${join(import.meta.dirname, '..', '..', 'src-main', 'core', 'listing', 'index.ts')}').then(async (m) => console.log(JSON.stringify(await m.listSharedMemory({ kinds: ['posix'] }))))`;
    const tsx = join(import.meta.dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, tsx, '-e', script], {
      encoding: 'utf8',
    });
    if (run.status !== 0) return context.skip(`uid 65534 cannot run the sources here: ${run.stderr.trim().split('\n').at(-1)}`);
    const listing = JSON.parse(run.stdout) as SharedMemoryListing;
    expect(listing.hiddenProcessCount).toBeGreaterThan(0);
    expect(listing.note).toMatch(/could not be inspected without more privileges/);
    // Each refused process is counted by why, with what would allow it: ours is another user's (root's).
    const otherUsers = listing.hiddenReasons!.find((h) => h.reason === 'other-user')!;
    expect(otherUsers.count).toBeGreaterThan(0);
    expect(otherUsers.explanation).toMatch(/other users could not be inspected: .* needs root \(or CAP_SYS_PTRACE\)/);
    expect(listing.hiddenReasons!.reduce((sum, h) => sum + h.count, 0)).toBe(listing.hiddenProcessCount);
  });
});

describe('the listBlocks call', () => {
  const core = new InspectorCore({ host: 'browser' });
  afterAll(() => core.dispose());

  it.skipIf(!linux)('serves the listing through InspectorCore.handle', async () => {
    const name = uniqueBlockName('listing-cli-call');
    await core.handle('openBlock', { name, size: 4096 }, 'c1');
    const outcome = await core.handle('listBlocks', { filter: name }, 'c1');
    expect(outcome).toMatchObject({ ok: true, value: { entries: [{ name, size: 4096, kind: 'posix' }] } });
  });

  it.each([
    [{ filter: 42 }, 'ERR_SHM_ARG'],
    [{ kinds: ['posix', 'nope'] }, 'ERR_SHM_ARG'],
    [{ sort: 'colour' }, 'ERR_SHM_ARG'],
    [{ descending: 'yes' }, 'ERR_SHM_ARG'],
    [null, 'ERR_BAD_MESSAGE'],
  ])('refuses %j with %s', async (args, code) => {
    const outcome = await core.handle('listBlocks', args, 'c1');
    expect(outcome).toMatchObject({ ok: false, error: { code } });
  });
});
