// What the shrink attacks share: another user (uid 65534, played by
// /usr/bin/python3 under setpriv) who makes and shrinks blocks, and whether
// this machine lets a test act as that user.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MiB = 1 << 20;
const foreignBlock = fileURLToPath(new URL('./fixtures/foreign-block.py', import.meta.url));

/** Why a test that acts as another user cannot run here; null when it can. */
export function cannotActAsOtherUser(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to act as uid 65534 (setpriv --reuid=65534)';
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '/usr/bin/true']);
  return probe.status === 0 ? null : 'setpriv cannot run a command as uid 65534 here';
}

/** As uid 65534: makes /dev/shm/<name> of `bytes` bytes of 'A', mode 0644, or shrinks it to `bytes`. */
export function asOtherUser(action: 'make' | 'shrink', name: string, bytes: number): void {
  const result = spawnSync(
    'setpriv',
    // The script's text, not its path: the other user may not enter the clone (a 0700 folder).
    [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      '/usr/bin/python3',
      '-c',
      readFileSync(foreignBlock, 'utf8'),
      action,
      name,
      String(bytes),
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`foreign-block.py ${action} ${name} failed: ${result.stderr}`);
}

export interface Step {
  step: string;
  ok?: boolean;
  value?: unknown;
  code?: string;
  newSize?: number;
  message?: string;
}

/** The JSON lines a fixture printed, by step. */
export function stepsOf(stdout: string): Record<string, Step> {
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        const step = JSON.parse(line) as Step;
        return [step.step, step];
      }),
  );
}
