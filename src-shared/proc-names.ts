// Names of shared memory that has no name of its own (unlinked /dev/shm
// objects, memfd, anonymous shared mappings), reached through /proc:
//
//   proc:<pid>:fd:<n>               the object process <pid> holds as descriptor <n>
//   proc:<pid>:map:<start>-<end>    the object process <pid> maps at [start, end)
//
// <pid> and <n> are decimal, <start> and <end> lowercase hex, all without
// leading zeros: exactly as /proc/<pid>/fd/<n> and /proc/<pid>/map_files/<start>-<end>
// spell them, so a name survives every round trip (address bar, Bookmarks,
// the CLI, page parameters) unchanged. docs/NAMES.md describes the scheme.
// Such a name is always opened read-only. Pure: shared with the renderer.

/** Pids above this do not exist on Linux (PID_MAX_LIMIT, 2^22). */
export const MAX_PROC_PID = 4_194_304;
/** Descriptors are ints; the kernel's own ceiling (NR_OPEN) is far below this. */
export const MAX_PROC_FD = 2_147_483_647;

export type ProcObjectRef = { pid: number; fd: number } | { pid: number; start: string; end: string };

const DECIMAL = '(0|[1-9][0-9]{0,9})';
const HEX = '(0|[1-9a-f][0-9a-f]{0,15})';
export const PROC_NAME_PATTERN = new RegExp(`^proc:${DECIMAL}:(?:fd:${DECIMAL}|map:${HEX}-${HEX})$`);

/** The ref a `proc:` name asks for; null when the name is not of that form (or out of range). */
export function parseProcName(name: string): ProcObjectRef | null {
  const match = PROC_NAME_PATTERN.exec(name);
  if (!match) return null;
  const pid = Number(match[1]);
  if (pid < 1 || pid > MAX_PROC_PID) return null;
  if (match[2] !== undefined) {
    const fd = Number(match[2]);
    return fd <= MAX_PROC_FD ? { pid, fd } : null;
  }
  const start = match[3]!;
  const end = match[4]!;
  return BigInt(`0x${start}`) < BigInt(`0x${end}`) ? { pid, start, end } : null;
}

/** The name of a ref; parseProcName(formatProcName(ref)) gives it back. */
export function formatProcName(ref: ProcObjectRef): string {
  return 'fd' in ref ? `proc:${ref.pid}:fd:${ref.fd}` : `proc:${ref.pid}:map:${ref.start}-${ref.end}`;
}

/** Whether a name is meant as a `proc:` name (valid or not): such names are never POSIX names. */
export function looksLikeProcName(name: string): boolean {
  return name.startsWith('proc:');
}

/** Why a name starting with `proc:` is refused, for the ERR_SHM_NAME message. */
export function procNameProblem(name: string): string {
  return (
    `"${name.length > 80 ? `${name.slice(0, 80)}…` : name}" is not a /proc object name: use proc:<pid>:fd:<n> or ` +
    `proc:<pid>:map:<start>-<end> (decimal pid 1..${MAX_PROC_PID} and fd, lowercase hex addresses without leading zeros, start < end)`
  );
}
