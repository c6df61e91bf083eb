// Readers die with the host that started them, also when it is killed
// outright (TerminateProcess: no exit hook runs). shm-wintest's `host` starts
// real shm-reader.exe processes as the inspector's host does (pipes for their
// output, SHM_INSPECTOR_PARENT_PID naming itself) and is then killed; the
// readers (made long-lived by a test-only pause) must be gone within a second.
// With `--job 1` the host also puts them in a job object with
// JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, as libuv (Node's spawn) does on Windows.
import type { Started } from '../support/spawn-until-line';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WinePrefix, readerExe, uniqueName, unavailableReason, wintestExe } from './wine';

const reason = unavailableReason();
const suite = reason === null ? describe : describe.skip;
if (reason !== null) console.warn(`[tests/win] skipped: ${reason}`);

/** Far longer than the test: a reader still there after the host's death outlived it. */
const READER_PAUSE_MS = 30_000;
const GONE_WITHIN_MS = 1000;

suite(`readers end with their host under wine${reason === null ? '' : ` (skipped: ${reason})`}`, () => {
  const wine = new WinePrefix();

  beforeAll(() => wine.start(), 180_000);
  afterAll(() => wine.stop());

  async function aliveOf(pids: number[]): Promise<number[]> {
    const result = await wine.wintest(['alive', '--pids', pids.join(',')]);
    return result.alive as number[];
  }

  async function killHostAndTime(withJob: boolean): Promise<{ pids: number[]; assigned: number; left: number[] }> {
    const name = uniqueName(`winparent-${process.pid}`);
    const holder = await wine.hold(['--name', name, '--size', '4096']);
    let host: Started | undefined;
    try {
      const args = ['host', '--reader', readerExe, '--name', name, '--size', '4096', '--count', '3', '--job', withJob ? '1' : '0'];
      host = await wine.startUntil(wintestExe, args, /"pids"/, { SHM_INSPECTOR_TEST_READER_PAUSE_MS: `${READER_PAUSE_MS}` });
      const started = JSON.parse(host.lines.at(-1)!) as { pids: number[]; assigned: number };
      expect(await aliveOf(started.pids)).toEqual(started.pids);
      const exited = new Promise<void>((resolve) => host!.child.once('exit', () => resolve()));
      host.child.kill('SIGKILL'); // the wine process of the host: TerminateProcess as far as Windows can tell
      await exited;
      await new Promise((resolve) => setTimeout(resolve, GONE_WITHIN_MS));
      return { ...started, left: await aliveOf(started.pids) };
    } finally {
      host?.child.kill('SIGKILL');
      await holder.release();
    }
  }

  it('a reader follows its parent: killed with its host, none is left a second later', async () => {
    const { left } = await killHostAndTime(false);
    expect(left).toEqual([]);
  });

  it("in libuv's kill-on-close job as well, none is left a second later", async () => {
    const { assigned, left } = await killHostAndTime(true);
    expect(assigned).toBe(3);
    expect(left).toEqual([]);
  });
});
