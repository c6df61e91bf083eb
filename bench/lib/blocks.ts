// Names for the benchmark's own blocks: unique per run (other helpers' tests
// share this machine's /dev/shm), short enough for macOS's 31-byte limit.
import { randomBytes } from 'node:crypto';

export function uniqueBlockName(purpose: string): string {
  return `b${process.pid.toString(36)}${randomBytes(3).toString('hex')}-${purpose}`.slice(0, 30);
}

export const KiB = 1024;
export const MiB = 1024 * 1024;

export function formatSize(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} B`;
}
