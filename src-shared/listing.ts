// The machine's shared memory, listed: one entry shape for every kind of
// object (POSIX objects in /dev/shm, System V segments, Windows sections).
// Pure types and helpers, shared with the renderer through the contract: no
// Node import here.

/**
 * posix: named, in /dev/shm. unlinked: a /dev/shm object (or another file)
 * removed while processes still map or hold it. memfd: memfd_create objects.
 * anonymous: MAP_SHARED|MAP_ANONYMOUS memory shared across a fork. sysv:
 * System V segments. section: Windows named sections. The last four kinds
 * but sysv and section are found in /proc (proc-mappings.ts) and named
 * `proc:<pid>:...` (src-shared/proc-names.ts).
 */
export type SharedMemoryKind = 'posix' | 'unlinked' | 'memfd' | 'anonymous' | 'sysv' | 'section';

/** Every kind, in the order the Blocks panel shows its sections. */
export const SHARED_MEMORY_KINDS: readonly SharedMemoryKind[] = ['posix', 'unlinked', 'memfd', 'anonymous', 'sysv', 'section'];

/** A process that maps the object or holds it open. */
export interface AttachedProcess {
  pid: number;
  /** The process's command name (`/proc/<pid>/comm`; the image name on Windows). */
  command: string;
  /**
   * Its full command line (`/proc/<pid>/cmdline`, NULs as spaces, at most
   * MAX_COMMAND_LINE_LENGTH characters), e.g. `postgres: checkpointer`; the
   * command name in brackets where the process has none (a kernel thread, a zombie).
   */
  commandLine: string;
}

/** Where an object found through /proc (kinds unlinked, memfd, anonymous) is. */
export interface ProcObjectDetails {
  /** The device its inode lives on, `major:minor` in hex as /proc/<pid>/maps prints it. */
  device: string;
  inode: number;
  /** How the listing reached it to read its size: a descriptor some process holds, or only a mapping. */
  reachedThrough: 'fd' | 'map';
}

export interface SysvDetails {
  key: number;
  id: number;
  /** Attach count the kernel keeps (nattch). */
  attachCount: number;
  /** The creator's pid and the pid of the last shmat/shmdt, as the kernel gives them. */
  creatorPid: number;
  lastPid: number;
}

export interface SharedMemoryEntry {
  kind: SharedMemoryKind;
  /**
   * What a user types to open it: the POSIX name without its slash, the
   * System V key as `0x` + 8 hex digits, the Windows section's own name.
   */
  name: string;
  /** What system tools show: `/dev/shm/<name>`, `SYSV <key> id <id>`, `\Sessions\1\BaseNamedObjects\<name>`. */
  systemName: string;
  /** Bytes; null where the system does not say (Windows sections are not opened to list them). */
  size: number | null;
  ownerUid: number | null;
  /** The owner's user name, when the password database knows the uid. */
  ownerName: string | null;
  /** Permission bits (0o600 for the blocks this app creates); null where the system has none. */
  mode: number | null;
  /** Epoch milliseconds of the last change (mtime; ctime for System V); null where unknown. */
  changedAt: number | null;
  /** Processes that map it or hold it open, by pid; empty where they cannot be known. */
  processes: AttachedProcess[];
  /** true when our lock companion (`<name>.lock`) sits beside it (folded in, not listed itself). */
  hasLockCompanion: boolean;
  sysv?: SysvDetails;
  /** Objects found through /proc: their identity (one entry per device and inode). */
  proc?: ProcObjectDetails;
  /**
   * Set when the name is not a block that can be opened: a FIFO, symbolic
   * link, directory, socket or device (listed with its own metadata, never
   * followed or opened), or an entry whose lstat failed (vanished, ELOOP,
   * EACCES: listed with the error, every metadata null).
   */
  unusable?: UnusableEntry;
}

/** What the name is, when it is not a regular file: `unreadable` when even its lstat failed. */
export type UnusableKind = 'fifo' | 'symlink' | 'directory' | 'socket' | 'device' | 'unreadable';

export interface UnusableEntry {
  kind: UnusableKind;
  /** One sentence for the user, e.g. "a FIFO, not a shared memory block". */
  reason: string;
}

export interface SharedMemoryListing {
  entries: SharedMemoryEntry[];
  /** Processes whose mappings could not be read without more privileges (so the lists above may miss them). */
  hiddenProcessCount: number;
  /** Those processes by why they could not be read, each with what would allow it (Linux; absent elsewhere). */
  hiddenReasons?: HiddenProcesses[];
  /** Caps the listing reached (a huge maps file, too many objects): what is past each was left out. */
  limited?: Array<{ code: 'ERR_LISTING_LIMIT'; message: string }>;
  /** One sentence for the user when something could not be seen; null when the listing is complete. */
  note: string | null;
}

export interface HiddenProcesses {
  /** other-user: another user's process, and we are not root. ptrace: same user (or root) refused by ptrace rules. */
  reason: 'other-user' | 'ptrace';
  count: number;
  /** One sentence: why, and what would allow it. */
  explanation: string;
}

export type ListingSortKey = 'name' | 'size' | 'owner' | 'mode' | 'changed' | 'processes' | 'kind';

export const LISTING_SORT_KEYS: readonly ListingSortKey[] = ['name', 'size', 'owner', 'mode', 'changed', 'processes', 'kind'];

export interface ListBlocksArgs {
  /** A name pattern: `*` any run of characters, `?` one character; case-sensitive; whole name. */
  filter?: string;
  /** Only these kinds (default: all). */
  kinds?: SharedMemoryKind[];
  /** Default: name. */
  sort?: ListingSortKey;
  descending?: boolean;
}

/** A compiled name pattern (ListBlocksArgs.filter): `test` says whether a whole name matches it. */
export interface NamePattern {
  test(name: string): boolean;
}

/** A pattern element: a code point, or one of these two (code points are never negative). */
const ANY_RUN = -1; // `*`
const ANY_ONE = -2; // `?`

/**
 * Compiles a filter glob without a RegExp: a RegExp made of `.*` runs
 * backtracks exponentially on a hostile name (`*a*a*a*a*a!` against 204 `a`s
 * took 21 s). The matcher below keeps only the last star to resume from, so a
 * name of n characters costs at most n × m steps for a pattern of m; runs of
 * stars are collapsed, and a name shorter than the pattern's fixed characters
 * is refused at once. Characters are code points, so `?` never splits a pair.
 */
export function compileNamePattern(filter: string): NamePattern {
  const pattern: number[] = [];
  for (const ch of filter) {
    const element = ch === '*' ? ANY_RUN : ch === '?' ? ANY_ONE : ch.codePointAt(0)!;
    if (element !== ANY_RUN || pattern[pattern.length - 1] !== ANY_RUN) pattern.push(element);
  }
  const fixed = pattern.filter((element) => element !== ANY_RUN).length;
  const hasStar = fixed !== pattern.length;
  return {
    test(name: string): boolean {
      if (name.length < fixed) return false; // fewer code units than fixed characters: fewer code points too
      const chars = codePoints(name);
      if (chars.length < fixed || (!hasStar && chars.length !== fixed)) return false;
      return globMatches(pattern, chars);
    },
  };
}

function codePoints(text: string): number[] {
  const points: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const point = text.codePointAt(i)!;
    points.push(point);
    if (point > 0xffff) i++;
  }
  return points;
}

/** The two-pointer glob match: on a mismatch, only the most recent star takes one more character. */
function globMatches(pattern: readonly number[], name: readonly number[]): boolean {
  let p = 0;
  let n = 0;
  let star = -1; // index of the last star seen
  let resume = 0; // where the name resumes once that star takes one more character
  while (n < name.length) {
    const element = p < pattern.length ? pattern[p]! : null;
    if (element === ANY_RUN) {
      star = p++;
      resume = n;
    } else if (element !== null && (element === ANY_ONE || element === name[n])) {
      p++;
      n++;
    } else if (star >= 0) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === ANY_RUN) p++;
  return p === pattern.length;
}

/**
 * Whether a process that holds the object matches `needle`: its pid exactly,
 * or a case-insensitive part of its command line. An empty needle matches
 * every entry. The Blocks panel's "Filter by process" and `list --process`.
 */
export function usedByProcess(entry: SharedMemoryEntry, needle: string): boolean {
  const wanted = needle.trim().toLowerCase();
  if (wanted === '') return true;
  return entry.processes.some((p) => String(p.pid) === wanted || p.commandLine.toLowerCase().includes(wanted));
}

/** Sorts in place and returns the array; ties break by kind then name so the order is stable. */
export function sortEntries(entries: SharedMemoryEntry[], key: ListingSortKey = 'name', descending = false): SharedMemoryEntry[] {
  const byName = (a: SharedMemoryEntry, b: SharedMemoryEntry) =>
    a.kind === b.kind ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.kind < b.kind ? -1 : 1;
  const primary = (a: SharedMemoryEntry, b: SharedMemoryEntry): number => {
    switch (key) {
      case 'size':
        return (a.size ?? -1) - (b.size ?? -1);
      case 'owner':
        return (a.ownerName ?? String(a.ownerUid ?? '')).localeCompare(b.ownerName ?? String(b.ownerUid ?? ''));
      case 'mode': // permission bits; an object without them (a Windows section) first
        return (a.mode ?? -1) - (b.mode ?? -1);
      case 'changed':
        return (a.changedAt ?? 0) - (b.changedAt ?? 0);
      case 'processes':
        return a.processes.length - b.processes.length;
      case 'name':
        return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
      case 'kind':
        return 0;
    }
  };
  const sign = descending ? -1 : 1;
  return entries.sort((a, b) => sign * (primary(a, b) || byName(a, b)));
}
