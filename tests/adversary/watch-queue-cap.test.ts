// Issue 19, item 6: the native watcher's queue to JavaScript has a cap. A host
// watching 64 KiB rewritten at 10 kHz whose JavaScript thread stalls used to
// queue every poll's bytes (after and before) until JavaScript came back: it
// grew by gigabytes and kept them. Now, past kMaxQueuedChangeBytes
// (native/src/common/shm_limits.h), a block's pending changes are coalesced into one
// "changed since" batch and resident memory stays flat.
//
// Both sides are real processes using the real addon: a writer spinning at
// 10 kHz, and a host whose thread blocks for 3 s (Atomics.wait). A watchdog
// here kills the host past 1.5 GiB so that the old code fails without eating
// the machine.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { loadNative } from '../../src-main/core/native';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { spawnUntilLine } from '../support/spawn-until-line';

const SIZE = 64 * 1024;
const STALL_MS = 3000;
const WATCHDOG_MIB = 1536;
/** The queue's caps are 16 MiB; this leaves room for the host's own noise (and ASan's). */
const ALLOWED_GROWTH_MIB = 256;

const writer = fileURLToPath(new URL('./fixtures/fast-writer.cjs', import.meta.url));
const host = fileURLToPath(new URL('./fixtures/stalled-watcher.cjs', import.meta.url));

function residentMiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0; // already gone
  }
}

interface HostReport {
  before: number;
  after: number;
  queuedBytes: number;
  coalescedPolls: number;
  batches: number;
  coalesced: { polls: number; spanMs: number; changedBytes: number }[];
  lastChangeIsWholeRange: boolean;
}

/** Runs the stalled host to its report, or kills it past the watchdog's limit and says so. */
function runStalledHost(name: string): Promise<{ report?: HostReport; killedAtMiB?: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [host, name, String(SIZE), String(STALL_MS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killedAtMiB: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const watchdog = setInterval(() => {
      const resident = residentMiB(child.pid!);
      if (resident > WATCHDOG_MIB && killedAtMiB === undefined) {
        killedAtMiB = resident;
        child.kill('SIGKILL');
      }
    }, 20);
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(watchdog);
      const line = stdout.trim().split('\n').pop() ?? '';
      resolve({ report: line.startsWith('{') ? (JSON.parse(line) as HostReport) : undefined, killedAtMiB, stderr });
    });
  });
}

afterEach(() => unlinkUsedBlocks());

describe('the watcher queue while JavaScript stalls', () => {
  it('coalesces into "changed since" batches and keeps resident memory flat', { timeout: 30_000 }, async () => {
    const name = uniqueBlockName('wq');
    const block = loadNative().openBlock({ name, size: SIZE, create: true });
    const { child: writing } = await spawnUntilLine(process.execPath, [writer, name, String(SIZE), '10000'], /^writing$/);
    try {
      const { report, killedAtMiB, stderr } = await runStalledHost(name);
      console.log(`stalled host: ${JSON.stringify({ killedAtMiB, ...report, coalesced: report?.coalesced.slice(0, 3) })}`);
      expect(killedAtMiB, `the host passed the ${WATCHDOG_MIB} MiB watchdog`).toBeUndefined();
      expect(report, stderr).toBeDefined();
      expect(report!.after - report!.before).toBeLessThan(ALLOWED_GROWTH_MIB);
      // The writer really changed the block all along: the queue filled and coalesced.
      expect(report!.coalescedPolls).toBeGreaterThan(100);
      expect(report!.coalesced.length).toBe(1);
      expect(report!.coalesced[0]!.spanMs).toBeGreaterThan(STALL_MS / 2);
      // The "changed since" batch carries the bytes as they are now: the whole range was rewritten.
      expect(report!.lastChangeIsWholeRange).toBe(true);
    } finally {
      writing.kill('SIGKILL');
      block.close();
    }
  });

  it('leaves the history an honest "changed since" span, with the bytes before and after it', { timeout: 30_000 }, async () => {
    const core = new InspectorCore({ host: 'browser' });
    const name = uniqueBlockName('wqh');
    core.connect('w', () => undefined);
    expect((await core.handle('openBlock', { name, size: SIZE }, 'w')).ok).toBe(true);
    expect((await core.handle('watch', { name, offset: 0, length: SIZE }, 'w')).ok).toBe(true);
    const { child: writing } = await spawnUntilLine(process.execPath, [writer, name, String(SIZE), '10000'], /^writing$/);
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500); // this thread (the host's) stalls
      await new Promise((resolve) => setTimeout(resolve, 200)); // the watcher's signal reaches JavaScript
      const info = await core.handle('historyInfo', { name }, 'w');
      expect(info.ok).toBe(true);
      const { coalesced, newest } = (info as { value: { coalesced: { since: number; until: number; polls: number }[]; newest: number } })
        .value;
      console.log(`history after the stall: ${JSON.stringify(coalesced)}`);
      expect(coalesced.length).toBeGreaterThanOrEqual(1);
      const gap = coalesced[0]!;
      expect(gap.polls).toBeGreaterThan(10);
      expect(gap.until).toBeGreaterThan(gap.since);
      expect(gap.until).toBeLessThanOrEqual(newest);
    } finally {
      writing.kill('SIGKILL');
      core.dispose();
    }
  });
});
