// Starts a process and waits until it says it is ready: one of its stdout
// lines matches `ready`. Used for children that must hold something (a block,
// the lock) while a test acts, by the native tests and the wine tests alike.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Started {
  child: ChildProcess;
  /** Every stdout line so far, CRs dropped (wine ends lines with CRLF). */
  lines: string[];
}

export interface SpawnUntilLineOptions {
  env?: NodeJS.ProcessEnv;
  /** 'pipe' when the test will talk to the child on stdin. Default 'ignore'. */
  stdin?: 'pipe' | 'ignore';
}

/** Resolves once a stdout line matches `ready`; rejects if the child ends first, with what it printed. */
export function spawnUntilLine(command: string, args: string[], ready: RegExp, options: SpawnUntilLineOptions = {}): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let pending = '';
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk.replace(/\r/g, '');
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (ready.test(line)) resolve({ child, lines });
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      reject(
        new Error(`${command} ${args[0] ?? ''} ended before it was ready (code ${code}, signal ${signal}): ${lines.join(' ')} ${stderr}`),
      ),
    );
  });
}
