// Drives tests/support/python-shm.py: shared memory held by a Python process
// (multiprocessing.shared_memory, or a System V segment through ctypes), which
// knows nothing of this project, its lock or its companions.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnUntilLine } from './spawn-until-line';

const script = join(dirname(fileURLToPath(import.meta.url)), 'python-shm.py');

/** Why the Python helpers cannot run here, or null. */
export function pythonUnavailableReason(): string | null {
  const probe = spawnSync('python3', ['-c', 'import multiprocessing.shared_memory, ctypes'], { stdio: 'ignore' });
  return probe.status === 0 ? null : 'python3 with multiprocessing.shared_memory is not installed';
}

export interface PythonHolder {
  pid: number;
  /** The JSON line the helper printed once ready ({name,size} or {key,id,size}). */
  ready: Record<string, number | string>;
  /** Writes bytes into the mapping from the Python process; resolves once done. */
  write(offset: number, hex: string): Promise<void>;
  /** Ends the helper: it detaches and removes what it created. */
  stop(): Promise<void>;
}

export async function startPython(args: string[]): Promise<PythonHolder> {
  const { child, lines } = await spawnUntilLine('python3', [script, ...args], /^\{/, { stdin: 'pipe' });
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (line.trim() !== 'ok') continue;
      waiters.shift()?.();
    }
  });
  return {
    pid: child.pid!,
    ready: JSON.parse(lines[0]!) as Record<string, number | string>,
    write: (offset, hex) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the Python helper did not acknowledge a write within 10 s')), 10_000);
        waiters.push(() => (clearTimeout(timer), resolve()));
        child.stdin!.write(`write ${offset} ${hex}\n`);
      }),
    stop: async () => {
      child.stdin!.end();
      await exited;
    },
  };
}
