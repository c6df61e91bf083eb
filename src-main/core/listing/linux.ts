// Linux: POSIX objects in /dev/shm, System V segments, and the shared memory
// that has no name (unlinked, memfd, anonymous: proc-mappings.ts), with the
// processes that map them or hold them open.
//
// One pass over /proc per listing, never one per entry: each process's maps
// and fds are read once and matched against an index of the objects, so
// 10,000 objects cost 10,000 stats plus one walk of the processes.
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { SharedMemoryEntry, SharedMemoryListing, UnusableEntry } from '../../../src-shared/listing';
import { MAX_LISTING_WALKS } from '../limits';
import { hiddenBecause, walkInThread, type ProcWalk } from './proc-mappings';

const LOCK_SUFFIX = '.lock';
/**
 * Our lock companion (native/src/posix/backend_posix.cc) is a few dozen bytes (64, or
 * 128 in a newer layout); a `.lock` larger than a page is someone else's object.
 */
const MAX_LOCK_COMPANION_SIZE = 4096;
/**
 * tmpfs stats are memory lookups: synchronous ones are ~20x cheaper than a
 * promise each through the thread pool (10,000 objects: ~40 ms instead of
 * ~800 ms here), and slices of this many keep the event loop answering between them.
 */
const STAT_SLICE = 512;
/** How long the walk of /proc may take before the listing answers without the rest. */
const PROC_WALK_DEADLINE_MS = 5000;

export interface LinuxListingRoots {
  shmDir: string;
  procDir: string;
  sysvShmFile: string;
  passwdFile: string;
}

export const DEFAULT_ROOTS: LinuxListingRoots = {
  shmDir: '/dev/shm',
  procDir: '/proc',
  sysvShmFile: '/proc/sysvipc/shm',
  passwdFile: '/etc/passwd',
};

interface Indexed {
  entry: SharedMemoryEntry;
  /** Inode of the object (POSIX) or the segment id (System V, which /proc/<pid>/maps shows as the inode). */
  inode: number;
}

export async function listLinux(roots: LinuxListingRoots = DEFAULT_ROOTS): Promise<SharedMemoryListing> {
  const users = await readUsers(roots.passwdFile);
  const [posix, sysv] = await Promise.all([listPosix(roots, users), listSysv(roots, users)]);
  // Reading a process's maps waits for its memory-map lock, which a process stuck in the
  // kernel can hold for ever: past the deadline the listing answers with what it has.
  const walk = await walkInThread(roots.procDir, roots.shmDir, PROC_WALK_DEADLINE_MS);
  const named = [...posix.values(), ...sysv.values()].map(({ entry }) => entry);
  if (walk === 'late' || walk === 'busy') {
    return {
      entries: named,
      hiddenProcessCount: 0,
      note:
        walk === 'late'
          ? `the processes could not all be read within ${PROC_WALK_DEADLINE_MS / 1000} s, so their mappings are not shown`
          : `${MAX_LISTING_WALKS} earlier walks of the processes are still running (a process stuck in the kernel?), so their mappings are not shown`,
      ...(walk === 'busy'
        ? {
            limited: [
              { code: 'ERR_LISTING_LIMIT' as const, message: `${MAX_LISTING_WALKS} walks of /proc are running at once, the most allowed` },
            ],
          }
        : {}),
    };
  }
  const unnamed = attachProcesses(roots, users, walk, posix, sysv);
  const hiddenReasons = hiddenBecause(walk);
  const hidden = hiddenReasons.reduce((sum, h) => sum + h.count, 0);
  return {
    entries: [...named, ...unnamed],
    hiddenProcessCount: hidden,
    hiddenReasons,
    ...(walk.limited.length > 0 ? { limited: walk.limited.map((message) => ({ code: 'ERR_LISTING_LIMIT' as const, message })) } : {}),
    note: hidden === 0 ? null : hiddenNote(hidden),
  };
}

function hiddenNote(hidden: number): string {
  const who = `${hidden} process${hidden === 1 ? '' : 'es'}`;
  const asRoot = process.getuid?.() === 0;
  // Even root can be refused (a process in another user namespace, a hardened init).
  return `${who} could not be inspected without more privileges, so ${hidden === 1 ? 'its' : 'their'} mappings are not shown${asRoot ? '' : ' (run as root to see them)'}`;
}

/** uid → user name from the password database (Node has no getpwuid). */
async function readUsers(passwdFile: string): Promise<Map<number, string>> {
  const users = new Map<number, string>();
  const text = await readFile(passwdFile, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid !== undefined && /^\d+$/.test(uid) && !users.has(Number(uid))) users.set(Number(uid), name);
  }
  return users;
}

/** POSIX objects by name; our `.lock` companions are folded into their block. */
async function listPosix(roots: LinuxListingRoots, users: Map<number, string>): Promise<Map<string, Indexed>> {
  const names = await readdir(roots.shmDir).catch(() => [] as string[]);
  const found = await inSlices(names, (name) => posixEntry(roots.shmDir, name, users));
  const byName = new Map<string, Indexed>();
  for (const indexed of found) if (indexed) byName.set(indexed.entry.name, indexed);
  for (const [name, companion] of byName) {
    const block = name.endsWith(LOCK_SUFFIX) ? byName.get(name.slice(0, -LOCK_SUFFIX.length)) : undefined;
    if (!block || companion.entry.unusable || (companion.entry.size ?? Infinity) > MAX_LOCK_COMPANION_SIZE) continue;
    block.entry.hasLockCompanion = true;
    byName.delete(name);
  }
  return byName;
}

/**
 * One name of /dev/shm, from lstat: never followed, never opened, so a FIFO
 * cannot block the listing and a symlink cannot lend it another file's
 * metadata. What is not a regular file is listed as unusable with its reason;
 * a name whose lstat fails is listed with the error (one bad entry never fails
 * the listing); a name gone since readdir is left out (it no longer exists).
 */
function posixEntry(shmDir: string, name: string, users: Map<number, string>): Indexed | null {
  const systemName = `${shmDir}/${name}`;
  const base = { kind: 'posix' as const, name, systemName, processes: [], hasLockCompanion: false };
  let info: Stats | undefined;
  try {
    info = lstatSync(systemName, { throwIfNoEntry: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    const entry = { ...base, size: null, ownerUid: null, ownerName: null, mode: null, changedAt: null };
    return {
      inode: -1,
      entry: { ...entry, unusable: { kind: 'unreadable', reason: `its metadata cannot be read (${code})` } },
    };
  }
  if (!info) return null;
  const metadata = {
    ownerUid: info.uid,
    ownerName: users.get(info.uid) ?? null,
    mode: info.mode & 0o7777,
    changedAt: Math.round(info.mtimeMs),
  };
  const unusable = whyNotABlock(systemName, info);
  return {
    inode: unusable ? -1 : info.ino,
    entry: unusable ? { ...base, ...metadata, size: null, unusable } : { ...base, ...metadata, size: info.size },
  };
}

/** Why a name that is not a regular file is no block; null for a regular file. */
function whyNotABlock(path: string, info: Stats): UnusableEntry | null {
  if (info.isFile()) return null;
  if (info.isSymbolicLink()) {
    let target = '';
    try {
      target = ` to ${readlinkSync(path)}`;
    } catch {
      // unlinked meanwhile: the kind alone says enough
    }
    return { kind: 'symlink', reason: `a symbolic link${target}, not a shared memory block (links are never followed)` };
  }
  if (info.isFIFO()) return { kind: 'fifo', reason: 'a FIFO, not a shared memory block' };
  if (info.isDirectory()) return { kind: 'directory', reason: 'a directory, not a shared memory block' };
  if (info.isSocket()) return { kind: 'socket', reason: 'a socket, not a shared memory block' };
  return { kind: 'device', reason: 'a device, not a shared memory block' };
}

/** System V segments by id, from the kernel's table (columns found by their header names). */
async function listSysv(roots: LinuxListingRoots, users: Map<number, string>): Promise<Map<number, Indexed>> {
  const text = await readFile(roots.sysvShmFile, 'utf8').catch(() => '');
  const [header, ...rows] = text.split('\n');
  const columns = (header ?? '').trim().split(/\s+/);
  const at = (fields: string[], column: string) => Number(fields[columns.indexOf(column)] ?? NaN);
  const byId = new Map<number, Indexed>();
  for (const row of rows) {
    const fields = row.trim().split(/\s+/);
    if (fields.length < columns.length) continue;
    const key = at(fields, 'key') >>> 0; // the kernel prints keys as signed ints
    const id = at(fields, 'shmid');
    const uid = at(fields, 'uid');
    const keyText = `0x${key.toString(16).padStart(8, '0')}`;
    byId.set(id, {
      inode: id,
      entry: {
        kind: 'sysv',
        name: keyText,
        systemName: `SYSV ${keyText} id ${id}`,
        size: at(fields, 'size'),
        ownerUid: uid,
        ownerName: users.get(uid) ?? null,
        mode: Number.parseInt(fields[columns.indexOf('perms')] ?? '0', 8) & 0o777,
        changedAt: at(fields, 'ctime') * 1000,
        processes: [],
        hasLockCompanion: false,
        sysv: { key, id, attachCount: at(fields, 'nattch'), creatorPid: at(fields, 'cpid'), lastPid: at(fields, 'lpid') },
      },
    });
  }
  return byId;
}

/**
 * What the walk of /proc (proc-mappings.ts) found, matched to the named
 * objects (by name and inode) and System V segments (maps shows the id as
 * the inode); the objects that have no name (unlinked, memfd, anonymous)
 * come back as entries of their own. Every process gets its full command line.
 */
function attachProcesses(
  roots: LinuxListingRoots,
  users: Map<number, string>,
  walk: ProcWalk,
  posix: Map<string, Indexed>,
  sysv: Map<number, Indexed>,
): SharedMemoryEntry[] {
  const holders = new Map<SharedMemoryEntry, Set<number>>();
  const attach = (target: Indexed | undefined, pid: number) => {
    if (!target) return;
    let pids = holders.get(target.entry);
    if (!pids) holders.set(target.entry, (pids = new Set()));
    pids.add(pid);
  };
  const shmPrefix = `${roots.shmDir}/`;
  const namedIn = (path: string) => (path.startsWith(shmPrefix) && !path.endsWith(' (deleted)') ? path.slice(shmPrefix.length) : null);
  for (const view of walk.views) {
    for (const mapping of view.mappings) {
      if (mapping.path.startsWith('/SYSV')) attach(sysv.get(mapping.inode), view.pid);
      const name = namedIn(mapping.path);
      const target = name === null ? undefined : posix.get(name);
      if (target && target.inode === mapping.inode) attach(target, view.pid);
    }
    for (const held of view.descriptors) {
      const name = namedIn(held.path);
      if (name !== null) attach(posix.get(name), view.pid);
    }
  }
  for (const { entry, pids } of walk.unnamed) {
    if (entry.ownerUid !== null) entry.ownerName = users.get(entry.ownerUid) ?? null;
    holders.set(entry, new Set(pids));
  }
  const commands = new Map(walk.commands.map((c) => [c.pid, c]));
  for (const [entry, pids] of holders) {
    entry.processes = [...pids].sort((a, b) => a - b).map((pid) => commands.get(pid) ?? { pid, command: '?', commandLine: '?' });
  }
  return walk.unnamed.map(({ entry }) => entry);
}

/** `fn` over `items` synchronously, STAT_SLICE at a time, yielding to the event loop between slices. */
async function inSlices<T, R>(items: readonly T[], fn: (item: T) => R): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += STAT_SLICE) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const item of items.slice(start, start + STAT_SLICE)) results.push(fn(item));
  }
  return results;
}
