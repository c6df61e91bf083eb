// The Blocks panel and shared memory with no name (issue 25): a memfd a
// Python process shares with its forked child shows in the memfd section with
// both pids and command lines, the filter by process finds it by pid, and it
// opens read-only showing its bytes.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, openInspector, test } from '../fixtures/test';
import { repoRoot } from '../fixtures/paths';

test.skip(process.platform !== 'linux', 'unnamed shared memory is found through /proc on Linux');

async function startHolder(label: string): Promise<{ child: ChildProcess; pid: number; fork: number }> {
  const child = spawn('python3', [join(repoRoot, 'tests', 'core', 'fixtures', 'proc-holder.py'), 'memfd', '8192', label], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const ready = JSON.parse(line) as { pid: number; child: number };
  return { child, pid: ready.pid, fork: ready.child };
}

test('a memfd shared by two processes shows in its section with both pids, filters by process, opens read-only', async ({
  page,
  host,
  blockName,
}) => {
  const holder = await startHolder(`pw-${blockName}`);
  try {
    await openInspector(page, host, blockName);
    await page.getByRole('button', { name: 'Blocks', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Blocks' });
    await panel.getByRole('searchbox', { name: 'Filter by process' }).fill(String(holder.fork));
    await expect(panel.getByRole('row').filter({ hasText: /^memfd \(\d+\)$/ })).toBeVisible();
    const entry = panel.getByTestId('blocks-entry').filter({ hasText: `pw-${blockName}` });
    await expect(entry).toHaveCount(1);
    const processes = entry.getByTestId('blocks-processes');
    await expect(processes).toContainText(`${holder.pid} `);
    await expect(processes).toContainText(`${holder.fork} `);
    await expect(processes).toContainText(`proc-holder.py memfd 8192 pw-${blockName}`);
    const name = `proc:${Math.min(holder.pid, holder.fork)}:fd:`;
    await entry.getByRole('button', { name: new RegExp(`^${name}\\d+$`) }).click();
    await expect(page.getByTestId('block-name')).toHaveText(new RegExp(`^${name}\\d+$`));
    await expect(page.getByTestId('read-only-note')).toContainText('read-only, unlocked reads');
    await expect(page.getByTestId('switch-read-write')).toHaveCount(0);
  } finally {
    holder.child.stdin!.end();
  }
});
