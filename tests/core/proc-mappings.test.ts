// Shared memory with no name in /dev/shm, found through /proc
// (src-main/core/listing/proc-mappings.ts): real Python processes sharing a
// memfd, an unlinked /dev/shm file and anonymous memory with a forked child,
// each listed once with both pids and their command lines; and a fake /proc
// for what a real one rarely shows (huge maps, hostile names, vanished pids).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listSharedMemory, type SharedMemoryEntry } from '../../src-main/core/listing';
import { walkerThreadsStartedSoFar, walkInThread } from '../../src-main/core/listing/proc-mappings';
import { MAX_LISTING_WALKS, MAX_MAPS_BYTES } from '../../src-main/core/limits';
import { pythonUnavailableReason } from '../support/python-shm';
import { startProcHolder } from './fixtures/proc-holder';

const linux = process.platform === 'linux';
const pythonMissing = pythonUnavailableReason();

async function entriesHeldBy(pid: number): Promise<SharedMemoryEntry[]> {
  const listing = await listSharedMemory({ kinds: ['unlinked', 'memfd', 'anonymous'] });
  return listing.entries.filter((entry) => entry.processes.some((p) => p.pid === pid));
}

describe.skipIf(!linux || pythonMissing !== null)('objects with no name, held by real processes', () => {
  it.each([
    ['memfd', 'memfd', /^\/memfd:listing-memfd \(deleted\)$/],
    ['unlinked', 'unlinked', /^\/dev\/shm\/listing-unlinked-\d+ \(deleted\)$/],
    ['anonymous', 'anonymous', /^\/dev\/zero \(deleted\)$/],
  ] as const)('a %s object shared with a forked child is listed once, with both pids and command lines', async (mode, kind, systemName) => {
    const holder = await startProcHolder(mode, 12288, `listing-${mode}`);
    try {
      const entries = await entriesHeldBy(holder.pid);
      expect(entries).toHaveLength(1);
      const entry = entries[0]!;
      expect(entry.kind).toBe(kind);
      expect(entry.systemName).toMatch(systemName);
      expect(entry.size).toBe(12288);
      expect(entry.processes.map((p) => p.pid)).toEqual([holder.pid, holder.child].sort((a, b) => a - b));
      expect(entry.processes[0]!.commandLine).toMatch(/proc-holder\.py \w+ 12288 listing-/);
      expect(entry.name).toEqual(
        holder.fd === null
          ? expect.stringMatching(new RegExp(`^proc:${holder.pid}:map:[0-9a-f]+-[0-9a-f]+$`))
          : `proc:${holder.pid}:fd:${holder.fd}`,
      );
      expect(entry.proc).toMatchObject({
        device: expect.stringMatching(/^[0-9a-f]{2,}:[0-9a-f]{2,}$/),
        reachedThrough: holder.fd === null ? 'map' : 'fd',
      });
    } finally {
      await holder.stop();
    }
    expect(await entriesHeldBy(holder.pid)).toEqual([]);
  });

  it('a name with a newline and $(...) is listed as maps escapes it, never run or split', async () => {
    const holder = await startProcHolder('memfd', 4096, 'evil\n$(touch /tmp/pwned)');
    try {
      const [entry] = await entriesHeldBy(holder.pid);
      expect(entry!.systemName).toBe('/memfd:evil\\012$(touch /tmp/pwned) (deleted)');
    } finally {
      await holder.stop();
    }
  });
});

describe.skipIf(!linux)('a hostile /proc', () => {
  const root = mkdtempSync(join(tmpdir(), 'proc-fake-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const roots = {
    shmDir: join(root, 'shm'),
    procDir: join(root, 'proc'),
    sysvShmFile: join(root, 'none'),
    passwdFile: join(root, 'none'),
  };
  mkdirSync(roots.shmDir);
  const line = (start: number, inode: number, path: string) =>
    `${start.toString(16).padStart(12, '0')}-${(start + 0x1000).toString(16).padStart(12, '0')} rw-s 00000000 00:01 ${inode}                     ${path}\n`;
  const fakeProcess = (pid: number, maps: string, cmdline = 'fake\0--flag\0') => {
    mkdirSync(join(roots.procDir, String(pid), 'fd'), { recursive: true });
    writeFileSync(join(roots.procDir, String(pid), 'maps'), maps);
    writeFileSync(join(roots.procDir, String(pid), 'cmdline'), cmdline);
    writeFileSync(join(roots.procDir, String(pid), 'comm'), 'fake\n');
  };

  it('reads a huge maps file only up to MAX_MAPS_BYTES and says so with ERR_LISTING_LIMIT', async () => {
    const filler = `${'0'.repeat(12)}-${'0'.repeat(11)}1 r--p 00000000 00:00 0 ${'x'.repeat(60)}\n`;
    fakeProcess(
      101,
      line(0x7f0000000000, 42, '/memfd:early (deleted)') +
        filler.repeat(Math.ceil((MAX_MAPS_BYTES + 1) / filler.length)) +
        line(0x7f1000000000, 43, '/memfd:late (deleted)'),
    );
    // Private and ordinary shared file mappings are no shared memory objects.
    const other =
      '7f3000000000-7f3000001000 rw-p 00000000 00:01 44 /memfd:private (deleted)\n7f3000001000-7f3000002000 r--s 00000000 fe:00 45 /usr/lib/cache\n';
    fakeProcess(102, line(0x7f2000000000, 42, '/memfd:early (deleted)') + other, 'postgres: checkpointer\0');
    const listing = await listSharedMemory({ roots });
    const names = listing.entries.map((e) => e.systemName);
    expect(names).toContain('/memfd:early (deleted)');
    expect(names).not.toContain('/memfd:late (deleted)');
    expect(names).not.toContain('/memfd:private (deleted)');
    expect(names).not.toContain('/usr/lib/cache');
    expect(listing.limited).toEqual([{ code: 'ERR_LISTING_LIMIT', message: expect.stringContaining('process 101') }]);
    const early = listing.entries.find((e) => e.systemName === '/memfd:early (deleted)')!;
    expect(early.processes).toEqual([
      { pid: 101, command: 'fake', commandLine: 'fake --flag' },
      { pid: 102, command: 'fake', commandLine: 'postgres: checkpointer' },
    ]);
    expect(early.name).toBe('proc:101:map:7f0000000000-7f0000001000');
  });

  it('a process directory without maps (exited mid-scan) is left out, not counted as hidden', async () => {
    mkdirSync(join(roots.procDir, '103'));
    const listing = await listSharedMemory({ roots });
    expect(listing.hiddenProcessCount).toBe(0);
    expect(listing.entries.flatMap((e) => e.processes.map((p) => p.pid))).not.toContain(103);
  });

  it('a descriptor to an ordinary file is no shared memory: not listed', async () => {
    const target = join(root, 'memfd-target');
    writeFileSync(target, Buffer.alloc(777));
    fakeProcess(104, '');
    symlinkSync(target, join(roots.procDir, '104', 'fd', '5'));
    const listing = await listSharedMemory({ roots });
    expect(listing.entries.some((e) => e.processes.some((p) => p.pid === 104))).toBe(false);
  });
});

describe.skipIf(!linux)('the walk in its thread', () => {
  it('walks one after another in one kept thread, not a new thread each', async () => {
    await walkInThread('/proc', '/dev/shm', 10_000);
    const before = walkerThreadsStartedSoFar();
    for (let i = 0; i < 3; i++) expect(typeof (await walkInThread('/proc', '/dev/shm', 10_000))).toBe('object');
    expect(walkerThreadsStartedSoFar() - before).toBe(0);
  });

  it(`answers 'busy' past MAX_LISTING_WALKS walks at once instead of starting another`, async () => {
    const walks = Array.from({ length: MAX_LISTING_WALKS + 1 }, () => walkInThread('/proc', '/dev/shm', 10_000));
    const outcomes = await Promise.all(walks);
    expect(outcomes.slice(0, MAX_LISTING_WALKS).every((w) => typeof w === 'object')).toBe(true);
    expect(outcomes[MAX_LISTING_WALKS]).toBe('busy');
    expect(typeof (await walkInThread('/proc', '/dev/shm', 10_000))).toBe('object'); // the slots are free again
  });
});
