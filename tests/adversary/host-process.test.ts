// The attack suite's own browser host (hostile-names.ts startHostProcess)
// must not outlive its test. It used to be started through tsx's command,
// which runs the host as a child of its own; stop() killed the command and
// the host ran on, orphaned, after the suite (about 350 MiB each, slowing
// every suite after it).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startHostProcess } from './hostile-names';
import { waitFor } from '../support/wait';

/** Pids of this machine's processes whose command line names `text`. */
function processesNaming(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe("the attack suite's browser host", () => {
  it('is gone, every process of it, once stopped', { timeout: 90_000 }, async () => {
    const host = await startHostProcess();
    expect(processesNaming(host.hostDir).length).toBeGreaterThan(0);
    host.stop();
    await waitFor(() => processesNaming(host.hostDir).length === 0, 'no process left that serves the host folder', 5_000).catch(
      () => undefined,
    );
    expect(processesNaming(host.hostDir)).toEqual([]);
  });
});
