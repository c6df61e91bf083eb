// Linux: POSIX objects in /dev/shm and System V segments, with the processes
// that map them or hold them open.
//
// One pass over /proc per listing, never one per entry: each process's maps
// and fds are read once and matched against an index of the objects, so
// 10,000 objects cost 10,000 stats plus one walk of the processes.
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import type { AttachedProcess, SharedMemoryEntry, SharedMemoryListing, UnusableEntry } from '../../../src-shared/listing';

const LOCK_SUFFIX = '.lock';
/**
 * Our lock companion (native/src/posix/backend_posix.cc) is a few dozen bytes (64, or
 * 128 in a newer layout); a `.lock` larger than a page is someone else's object.
 */
const MAX_LOCK_COMPANION_SIZE = 4096;
/** /proc files read at once: enough to overlap the waits, few enough to keep fds free. */
const CONCURRENCY = 32;
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
  pids: Map<number, AttachedProcess>;
  /** Inode of the object (POSIX) or the segment id (System V, which /proc/<pid>/maps shows as the inode). */
  inode: number;
}

export async function listLinux(roots: LinuxListingRoots = DEFAULT_ROOTS): Promise<SharedMemoryListing> {
  const users = await readUsers(roots.passwdFile);
  const [posix, sysv] = await Promise.all([listPosix(roots, users), listSysv(roots, users)]);
  // Reading a process's maps waits for its memory-map lock, which a process stuck in the
  // kernel can hold for ever: past the deadline the listing answers with what it has.
  const walk = attachProcesses(roots, posix, sysv);
  let timer: NodeJS.Timeout | undefined;
  const hidden = await Promise.race([
    walk,
    new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), PROC_WALK_DEADLINE_MS))),
  ]).finally(() => clearTimeout(timer));
  const entries = [...posix.values(), ...sysv.values()].map(({ entry, pids }) => {
    entry.processes = [...pids.values()].sort((a, b) => a.pid - b.pid);
    return entry;
  });
  return {
    entries,
    hiddenProcessCount: hidden === 'late' ? 0 : hidden,
    note:
      hidden === 'late'
        ? `the processes could not all be read within ${PROC_WALK_DEADLINE_MS / 1000} s, so some mappings may be missing`
        : hidden === 0
          ? null
          : hiddenNote(hidden),
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
      pids: new Map(),
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
    pids: new Map(),
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
      pids: new Map(),
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
 * One walk of /proc: each process's maps (POSIX objects and System V
 * segments it maps) and fds (POSIX objects it holds open). Returns how many
 * processes could not be read.
 */
async function attachProcesses(roots: LinuxListingRoots, posix: Map<string, Indexed>, sysv: Map<number, Indexed>): Promise<number> {
  if (posix.size === 0 && sysv.size === 0) return 0;
  const shmPrefix = `${roots.shmDir}/`;
  const pids = (await readdir(roots.procDir).catch(() => [] as string[])).filter((p) => /^\d+$/.test(p)).map(Number);
  const hidden = await mapLimited(pids, async (pid) => {
    const base = `${roots.procDir}/${pid}`;
    const maps = await readFile(`${base}/maps`, 'utf8').catch((error: NodeJS.ErrnoException) => error);
    if (maps instanceof Error) return maps.code === 'EACCES' || maps.code === 'EPERM';
    let command: string | null = null;
    const attach = async (target: Indexed | undefined) => {
      if (!target || target.pids.has(pid)) return;
      command ??= (await readFile(`${base}/comm`, 'utf8').catch(() => '?')).trim();
      target.pids.set(pid, { pid, command });
    };
    for (const line of maps.split('\n')) {
      const mapped = parseMapsLine(line);
      if (!mapped) continue;
      if (mapped.path.startsWith('/SYSV')) await attach(sysv.get(mapped.inode));
      else if (mapped.path.startsWith(shmPrefix)) {
        const target = posix.get(mapped.path.slice(shmPrefix.length));
        if (target && target.inode === mapped.inode) await attach(target);
      }
    }
    const fds = await readdir(`${base}/fd`).catch(() => null);
    if (fds === null) return false;
    const links = await Promise.all(fds.map((fd) => readlink(`${base}/fd/${fd}`).catch(() => '')));
    for (const link of links) {
      if (link.startsWith(shmPrefix)) await attach(posix.get(link.slice(shmPrefix.length)));
    }
    return false;
  });
  return hidden.filter(Boolean).length;
}

/** The inode and path of a shared mapping line of /proc/<pid>/maps; null for others and for unlinked objects. */
function parseMapsLine(line: string): { inode: number; path: string } | null {
  // address perms offset dev inode path
  const match = /^\S+ \S{4} \S+ \S+ (\d+)\s+(\/.*)$/.exec(line);
  if (!match) return null;
  const path = match[2]!;
  if (path.endsWith(' (deleted)') && !path.startsWith('/SYSV')) return null;
  return { inode: Number(match[1]), path: path.replace(/ \(deleted\)$/, '') };
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

/** `fn` over `items`, at most CONCURRENCY at a time, results in order. */
async function mapLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
}
