// Linux: one walk of /proc for every shared mapping and shared memory
// descriptor of every process we may read. linux.ts matches what it finds
// against /dev/shm and the System V table; the objects with no name anywhere
// (unlinked /dev/shm files, memfd, anonymous shared memory) become entries
// here, one per device and inode, with every process that maps or holds them.
//
// Everything in /proc is read with a bound (limits.ts) and may vanish at any
// moment: a process that exits mid-scan is simply left out, a refused one is
// counted by why (another user's, or ptrace rules), and no object is opened:
// stat() of /proc/<pid>/fd/<n> and map_files/<range> follows the kernel's
// magic link without opening it, so a FIFO cannot block the walk.
//
// Speed: a machine of 200 processes costs ~5,000 system calls. Through
// promises each is a round trip to libuv's pool (the walk took ~1 s here on
// a loaded 2-core machine); synchronous, they take ~50 ms, but a read of
// /proc/<pid>/maps waits for that process's memory-map lock, which a process
// stuck in the kernel can hold for ever. So the walk is synchronous in a
// worker thread (walkInThread), and the main thread waits for it with a
// deadline; a walk past its deadline is abandoned, never waited for.
import type * as Fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { AttachedProcess, HiddenProcesses, SharedMemoryEntry } from '../../../src-shared/listing';
import { MAX_COMMAND_LINE_LENGTH, MAX_FDS_PER_PROCESS, MAX_LISTING_WALKS, MAX_MAPS_BYTES, MAX_PROC_OBJECTS } from '../limits';

/** One shared mapping line of /proc/<pid>/maps (perms with `s`). */
export interface SharedMapping {
  /** Lowercase hex without leading zeros, as /proc/<pid>/map_files names the range. */
  start: string;
  end: string;
  /** `major:minor` in hex, as maps prints it. */
  device: string;
  inode: number;
  /** The path as maps prints it (a newline in a name shows as \012), with any " (deleted)". */
  path: string;
}

/** A descriptor whose target is /dev/shm or a memfd; `device`/`inode` from a stat of the link (unnamed objects only). */
export interface HeldDescriptor {
  fd: number;
  /** The link's target, newlines escaped as maps escapes them. */
  path: string;
  device?: string;
  inode?: number;
}

export interface ProcessView {
  pid: number;
  mappings: SharedMapping[];
  descriptors: HeldDescriptor[];
}

/** An object with no name, as the walk found it. */
export interface UnnamedObject {
  entry: SharedMemoryEntry;
  pids: number[];
}

export interface WalkCaps {
  maxMapsBytes: number;
  maxFdsPerProcess: number;
  maxObjects: number;
  maxCommandLine: number;
}

export interface ProcWalk {
  views: ProcessView[];
  unnamed: UnnamedObject[];
  /** Every pid that maps or holds shared memory of any kind, with its command line. */
  commands: AttachedProcess[];
  refused: { otherUser: number; ptrace: number };
  /** Yama's ptrace_scope when the kernel has it. */
  ptraceScope: string | null;
  /** Caps reached (ERR_LISTING_LIMIT), one sentence each. */
  limited: string[];
}

export const WALK_CAPS: WalkCaps = {
  maxMapsBytes: MAX_MAPS_BYTES,
  maxFdsPerProcess: MAX_FDS_PER_PROCESS,
  maxObjects: MAX_PROC_OBJECTS,
  maxCommandLine: MAX_COMMAND_LINE_LENGTH,
};

/**
 * The whole walk, synchronous. It runs in a worker from its own source text
 * (walkInThread), so it uses nothing of this module's scope: only its
 * parameters and what it declares inside. Tests call it directly.
 */
export function walkProcessesSync(fs: typeof Fs, procDir: string, shmDir: string, caps: WalkCaps, selfUid: number): ProcWalk {
  const DELETED = ' (deleted)';
  const limited: string[] = [];
  const refused = { otherUser: 0, ptrace: 0 };
  const statsByKey = new Map<string, Fs.Stats>();
  const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'EIO';

  function classify(path: string, fromMaps: boolean): string | null {
    if (path.startsWith('/SYSV')) return 'sysv';
    if (path.startsWith('/memfd:')) return 'memfd';
    // MAP_SHARED|MAP_ANONYMOUS is a shmem file the kernel calls /dev/zero (hugetlb: /anon_hugepage).
    if (path === `/dev/zero${DELETED}` || path === `/anon_hugepage${DELETED}`) return 'anonymous';
    const deleted = path.endsWith(DELETED);
    if (path.startsWith(`${shmDir}/`)) return deleted ? 'unlinked' : 'named';
    // Any other file removed while mapped shared (a Wayland client's buffer in $XDG_RUNTIME_DIR);
    // held only as a descriptor, a removed file is just a file.
    return fromMaps && deleted ? 'unlinked' : null;
  }

  /** A /proc file (stat size 0: read to EOF) up to `cap` bytes, or the error's code. */
  function readBounded(path: string, cap: number): { text: string; truncated: boolean } | string {
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (error) {
      return errorCode(error);
    }
    try {
      const chunks: Buffer[] = [];
      let total = 0;
      while (total <= cap) {
        const buffer = Buffer.allocUnsafe(Math.min(256 * 1024, cap + 1 - total));
        const read = fs.readSync(fd, buffer, 0, buffer.length, null);
        if (read === 0) break;
        chunks.push(buffer.subarray(0, read));
        total += read;
      }
      return { text: Buffer.concat(chunks).subarray(0, cap).toString('utf8'), truncated: total > cap };
    } catch (error) {
      return errorCode(error);
    } finally {
      fs.closeSync(fd);
    }
  }

  function deviceOf(dev: number): string {
    const high = Math.floor(dev / 2 ** 32);
    const low = dev >>> 0;
    const major = ((low >>> 8) & 0xfff) | ((high & ~0xfff) >>> 0);
    const minor = (low & 0xff) | ((low >>> 12) & ~0xff);
    return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
  }

  function parseShared(text: string): SharedMapping[] {
    const found: SharedMapping[] = [];
    const line = /^([0-9a-f]+)-([0-9a-f]+) [r-][w-][x-]s [0-9a-f]+ ([0-9a-f]+:[0-9a-f]+) ([0-9]+) +(\/[^\n]*)$/gm;
    const trim = (hex: string) => hex.replace(/^0+(?=.)/, '');
    for (const match of text.matchAll(line)) {
      found.push({ start: trim(match[1]!), end: trim(match[2]!), device: match[3]!, inode: Number(match[4]), path: match[5]! });
    }
    return found;
  }

  function readDescriptors(base: string, pid: number): HeldDescriptor[] {
    let fds: string[];
    try {
      fds = fs.readdirSync(`${base}/fd`);
    } catch {
      return [];
    }
    if (fds.length > caps.maxFdsPerProcess) {
      limited.push(`process ${pid} holds ${fds.length} descriptors; only the first ${caps.maxFdsPerProcess} were examined`);
      fds = fds.slice(0, caps.maxFdsPerProcess);
    }
    const held: HeldDescriptor[] = [];
    for (const fd of fds) {
      if (!/^[0-9]+$/.test(fd)) continue;
      let target: string;
      try {
        target = fs.readlinkSync(`${base}/fd/${fd}`);
      } catch {
        continue; // closed since readdir
      }
      const path = target.replaceAll('\n', '\\012');
      const kind = classify(path, false);
      if (kind === 'named') held.push({ fd: Number(fd), path });
      else if (kind === 'unlinked' || kind === 'memfd') {
        try {
          const info = fs.statSync(`${base}/fd/${fd}`); // follows the magic link; opens nothing
          const device = deviceOf(info.dev);
          statsByKey.set(`${device}/${info.ino}`, info); // the entry's size and owner, without a second stat
          held.push({ fd: Number(fd), path, device, inode: info.ino });
        } catch {
          // closed since readlink
        }
      }
    }
    return held;
  }

  function readProcess(pid: number): ProcessView | null {
    const base = `${procDir}/${pid}`;
    const maps = readBounded(`${base}/maps`, caps.maxMapsBytes);
    if (typeof maps === 'string') {
      if (maps !== 'EACCES' && maps !== 'EPERM') return null; // ENOENT, ESRCH: it exited since readdir
      let owner: number;
      try {
        owner = fs.statSync(base).uid;
      } catch {
        return null;
      }
      if (selfUid !== 0 && owner !== selfUid) refused.otherUser++;
      else refused.ptrace++;
      return null;
    }
    if (maps.truncated) {
      limited.push(
        `process ${pid}'s memory map is larger than ${caps.maxMapsBytes} bytes; only the mappings in its first ${caps.maxMapsBytes} bytes are listed`,
      );
    }
    return { pid, mappings: parseShared(maps.text), descriptors: readDescriptors(base, pid) };
  }

  function readCommand(pid: number): AttachedProcess {
    const base = `${procDir}/${pid}`;
    const comm = readBounded(`${base}/comm`, 64);
    const command = typeof comm === 'string' ? '?' : comm.text.trim();
    const cmdline = readBounded(`${base}/cmdline`, caps.maxCommandLine * 4);
    if (typeof cmdline === 'string') return { pid, command, commandLine: command === '?' ? '?' : `[${command}]` };
    let line = cmdline.text.replace(/\0+$/, '').replaceAll('\0', ' ');
    if (line.length > caps.maxCommandLine) line = `${line.slice(0, caps.maxCommandLine - 1)}…`;
    else if (cmdline.truncated) line += '…';
    return { pid, command, commandLine: line === '' ? `[${command}]` : line };
  }

  // The objects with no name, by device and inode.
  type Found = {
    kind: 'unlinked' | 'memfd' | 'anonymous';
    device: string;
    inode: number;
    label: string;
    pids: Set<number>;
    fdRef: { pid: number; fd: number } | null;
    mapRef: { pid: number; start: string; end: string } | null;
  };
  const objects = new Map<string, Found>();
  let capped = false;
  function note(kind: string | null, device: string, inode: number, label: string, pid: number): Found | null {
    if (kind !== 'unlinked' && kind !== 'memfd' && kind !== 'anonymous') return null;
    const key = `${device}/${inode}`;
    let found = objects.get(key);
    if (!found) {
      if (objects.size >= caps.maxObjects) {
        capped = true;
        return null;
      }
      found = { kind, device, inode, label, pids: new Set(), fdRef: null, mapRef: null };
      objects.set(key, found);
    }
    found.pids.add(pid);
    return found;
  }

  /** Its entry, named after a descriptor when one is held (opening it needs no privilege), else a mapping. */
  function entryOf(found: Found): UnnamedObject {
    const fdRef = found.fdRef;
    const mapRef = found.mapRef!;
    const name = fdRef ? `proc:${fdRef.pid}:fd:${fdRef.fd}` : `proc:${mapRef.pid}:map:${mapRef.start}-${mapRef.end}`;
    const path = fdRef ? `${procDir}/${fdRef.pid}/fd/${fdRef.fd}` : `${procDir}/${mapRef.pid}/map_files/${mapRef.start}-${mapRef.end}`;
    let info: Fs.Stats | null = fdRef ? (statsByKey.get(`${found.device}/${found.inode}`) ?? null) : null;
    let refusal: string | null = null;
    try {
      info ??= fs.statSync(path);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EPERM' || code === 'EACCES') {
        refusal = fdRef
          ? `process ${fdRef.pid} holds it, but we may not open its descriptors (another user's process, or ptrace rules); root or CAP_SYS_PTRACE would allow it`
          : `no process holds it open, it is only mapped, and /proc/<pid>/map_files opens only with CAP_SYS_ADMIN (or CAP_CHECKPOINT_RESTORE): run as root to open it`;
      }
    }
    const entry: SharedMemoryEntry = {
      kind: found.kind,
      name,
      systemName: found.label,
      size: info ? info.size : null,
      ownerUid: info ? info.uid : null,
      ownerName: null,
      mode: info ? info.mode & 0o7777 : null,
      changedAt: info ? Math.round(info.mtimeMs) : null,
      processes: [],
      hasLockCompanion: false,
      proc: { device: found.device, inode: found.inode, reachedThrough: fdRef ? 'fd' : 'map' },
    };
    if (refusal) entry.unusable = { kind: 'unreadable', reason: refusal };
    return { entry, pids: [...found.pids].sort((a, b) => a - b) };
  }

  let pids: number[] = [];
  try {
    pids = fs
      .readdirSync(procDir)
      .filter((p) => /^[1-9][0-9]*$/.test(p))
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    // no /proc: nothing to walk
  }
  const views: ProcessView[] = [];
  const sharing = new Set<number>();
  for (const pid of pids) {
    const view = readProcess(pid);
    if (!view) continue;
    views.push(view);
    for (const mapping of view.mappings) {
      const kind = classify(mapping.path, true);
      if (kind !== null) sharing.add(pid);
      const found = note(kind, mapping.device, mapping.inode, mapping.path, pid);
      if (found && !found.mapRef) found.mapRef = { pid, start: mapping.start, end: mapping.end };
    }
    for (const held of view.descriptors) {
      sharing.add(pid);
      if (held.device === undefined || held.inode === undefined) continue;
      const found = note(classify(held.path, false), held.device, held.inode, held.path, pid);
      if (found && !found.fdRef) found.fdRef = { pid, fd: held.fd };
    }
  }
  if (capped) limited.push(`more than ${caps.maxObjects} shared memory objects with no name: the rest are not listed`);
  let ptraceScope: string | null = null;
  try {
    ptraceScope = fs.readFileSync(`${procDir}/sys/kernel/yama/ptrace_scope`, 'utf8').trim().slice(0, 4);
  } catch {
    // no Yama
  }
  return {
    views,
    unnamed: [...objects.values()].map(entryOf),
    commands: [...sharing].map(readCommand),
    refused,
    ptraceScope,
    limited,
  };
}

let walksRunning = 0;
/** A walker thread that answered its last walk, kept for the next one. */
let idleWalker: Worker | null = null;
let idleWalkerTimer: ReturnType<typeof setTimeout> | null = null;
/**
 * How long an answered walker waits for the next listing before its thread
 * ends: the open Blocks panel lists every second, and a new thread costs
 * 20-400 ms of start-up here (and stalls the main thread while it starts),
 * where the walk itself takes a few milliseconds.
 */
const IDLE_WALKER_MS = 10_000;
let walkerThreadsStarted = 0;

/** How many walker threads this process has started (tests: consecutive listings share one). */
export function walkerThreadsStartedSoFar(): number {
  return walkerThreadsStarted;
}

function walkerSource(): string {
  // esbuild (tsx, vitest) wraps named functions in __name(); a bundle does not: define it for either.
  return (
    `const __name = (f) => f; const { parentPort } = require('node:worker_threads'); const fs = require('node:fs');` +
    `const walk = (${walkProcessesSync.toString()});` +
    `parentPort.on('message', (d) => parentPort.postMessage(walk(fs, d.procDir, d.shmDir, d.caps, d.uid)));`
  );
}

/** The kept walker, or a new thread. Unreferenced: a walker never keeps the process alive. */
function takeWalker(): Worker {
  if (idleWalkerTimer) clearTimeout(idleWalkerTimer);
  idleWalkerTimer = null;
  const kept = idleWalker;
  idleWalker = null;
  const worker = kept ?? startWalker();
  worker.unref();
  return worker;
}

function startWalker(): Worker {
  walkerThreadsStarted++;
  return new Worker(walkerSource(), { eval: true, name: 'shm-inspector /proc walk' });
}

/** A walker that answered: kept for the next walk (one at most), ended after IDLE_WALKER_MS unused. */
function keepWalker(worker: Worker): void {
  if (idleWalker) return void worker.terminate();
  idleWalker = worker;
  idleWalkerTimer = setTimeout(() => {
    idleWalker = null;
    idleWalkerTimer = null;
    void worker.terminate();
  }, IDLE_WALKER_MS);
  idleWalkerTimer.unref();
}

/**
 * walkProcessesSync in a worker thread, answered within `deadlineMs` or
 * 'late' (a thread blocked in the kernel cannot be interrupted, but nothing
 * here waits for it: it holds its slot until it answers, and is kept for the
 * next walk if it ever does). At most MAX_LISTING_WALKS run at once: past it
 * (walks stuck on a process's memory-map lock), 'busy' at once.
 */
export function walkInThread(procDir: string, shmDir: string, deadlineMs: number): Promise<ProcWalk | 'late' | 'busy'> {
  if (walksRunning >= MAX_LISTING_WALKS) return Promise.resolve('busy');
  walksRunning++;
  const worker = takeWalker();
  return new Promise<ProcWalk | 'late' | 'busy'>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const stopListening = () => {
      worker.off('message', onMessage);
      worker.off('error', onEnd);
      worker.off('exit', onEnd);
    };
    const onMessage = (walk: ProcWalk) => {
      stopListening();
      walksRunning--;
      keepWalker(worker);
      settle(() => resolve(walk));
    };
    const onEnd = (reason: Error | number) => {
      stopListening();
      walksRunning--;
      void worker.terminate();
      settle(() => reject(reason instanceof Error ? reason : new Error(`the /proc walk ended without an answer (exit ${reason})`)));
    };
    const timer = setTimeout(() => settle(() => resolve('late')), deadlineMs);
    worker.on('message', onMessage);
    worker.on('error', onEnd);
    worker.on('exit', onEnd);
    worker.postMessage({ procDir, shmDir, caps: WALK_CAPS, uid: process.geteuid?.() ?? 0 });
  });
}

/** What a count of refused processes means, and what would allow reading them. */
export function hiddenBecause(walk: ProcWalk): HiddenProcesses[] {
  const hidden: HiddenProcesses[] = [];
  const who = (count: number) => `${count} process${count === 1 ? '' : 'es'}`;
  if (walk.refused.otherUser > 0) {
    hidden.push({
      reason: 'other-user',
      count: walk.refused.otherUser,
      explanation: `${who(walk.refused.otherUser)} of other users could not be inspected: reading another user's memory map needs root (or CAP_SYS_PTRACE); run as root to see them`,
    });
  }
  if (walk.refused.ptrace > 0) {
    const rule =
      walk.ptraceScope === null
        ? 'the process made itself non-dumpable, or lives in another user namespace'
        : `Yama ptrace_scope is ${walk.ptraceScope}, or the process made itself non-dumpable`;
    hidden.push({
      reason: 'ptrace',
      count: walk.refused.ptrace,
      explanation: `${who(walk.refused.ptrace)} refused inspection by ptrace rules (${rule}); CAP_SYS_PTRACE, or ptrace_scope 0 (/proc/sys/kernel/yama/ptrace_scope), would allow it`,
    });
  }
  return hidden;
}
