// 4. Child readers: from launch (through the core's launcher) to the reader's
// line being available (childUpdated: exited, with its stdout), native reader
// against Node reader; and batches of 50 of each. Baseline: the same command
// spawned directly, without the launcher.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { uniqueBlockName } from '../lib/blocks';
import { loadNative, openOwnBlock, startInProcessCore, type InProcessApi } from '../lib/deps';
import { ratio, summarize, type Summary } from '../lib/stats';
import { timeEachCall } from '../lib/timing';
import type { ChildInfo, ReaderKind } from '../../src-shared/contract';
import type { Goal, Measurement, Row } from '../lib/types';
import { noneWrong } from '../lib/verdicts';

const SIZE = 4096;
const TEXT = 'This is a test string';
const EXPECTED_LINE = `Child process read from shared memory: ${TEXT}`;
const KINDS: ReaderKind[] = ['native', 'node'];
const CHILD_WAIT_MS = 60_000;

function readTheString(child: ChildInfo): boolean {
  return child.state === 'exited' && child.exitCode === 0 && child.stdout.trim() === EXPECTED_LINE;
}

/** Launches `count` readers in one call; resolves with their final ChildInfo once all have finished. */
async function launchAndWait(api: InProcessApi, name: string, kind: ReaderKind, count: number): Promise<ChildInfo[]> {
  const finished = new Map<number, ChildInfo>();
  const wanted = new Set<number>();
  let allDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const stop = api.on('childUpdated', (child) => {
    if (child.state === 'running') return;
    finished.set(child.id, child);
    if (wanted.size > 0 && [...wanted].every((id) => finished.has(id))) allDone();
  });
  try {
    const started = await api.call('launchReaders', { name, kind, count });
    for (const child of started) wanted.add(child.id);
    if ([...wanted].every((id) => finished.has(id))) allDone();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${kind} readers did not all finish within ${CHILD_WAIT_MS} ms`)), CHILD_WAIT_MS);
    });
    await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
    return [...wanted].map((id) => finished.get(id)!);
  } finally {
    stop();
  }
}

/** The same reader command, spawned directly: what a launch costs without the launcher. */
function spawnDirect(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}`))));
  });
}

async function timeEach(times: number, body: () => Promise<void>): Promise<Summary> {
  return summarize(await timeEachCall(body, times));
}

export const childReaders: Measurement = {
  id: 'readers',
  title: '4. Child readers',
  method:
    "Through the in-process core's launcher (`launchReaders`), timed from the call to the `childUpdated` event that reports the child exited, " +
    'with its stdout (the line `Child process read from shared memory: This is a test string`). Native: native/build/Release/shm-reader; ' +
    'Node: src-main/core/readers/node-reader.cjs under this Node. Single launches one after another, then batches (one `launchReaders` call with ' +
    "count 50) timed until the last child finished, each child's line checked. Baseline: the same command spawned directly with child_process.spawn.",
  async run(ctx) {
    const native = loadNative(ctx.root);
    const singles = ctx.smoke ? 2 : 30;
    const batchSize = ctx.smoke ? 5 : 50;
    const batches = ctx.smoke ? 1 : 5;
    const name = uniqueBlockName('readers');
    openOwnBlock(native, ctx.cleanup, name, SIZE).setString(TEXT);

    const { connect } = await startInProcessCore(ctx.cleanup);
    const api = connect();
    await api.call('openBlock', { name, size: SIZE });

    const blockArgs = ['--name', name, '--size', String(SIZE)];
    const directCommand: Record<ReaderKind, [string, string[]]> = {
      native: [native.readerPath, blockArgs],
      node: [
        process.execPath,
        [join(ctx.root, 'src-main', 'core', 'readers', 'node-reader.cjs'), '--addon', join(ctx.root, 'native', 'index.js'), ...blockArgs],
      ],
    };

    const single = {} as Record<ReaderKind, Summary>;
    const direct = {} as Record<ReaderKind, Summary>;
    const batch = {} as Record<ReaderKind, Summary>;
    const wrong: Record<ReaderKind, { checked: number; wrong: number; example: string | null }> = {
      native: { checked: 0, wrong: 0, example: null },
      node: { checked: 0, wrong: 0, example: null },
    };
    const check = (kind: ReaderKind, children: ChildInfo[]) => {
      for (const child of children) {
        wrong[kind].checked++;
        if (!readTheString(child)) {
          wrong[kind].wrong++;
          wrong[kind].example ??=
            `${child.state} exit ${child.exitCode} signal ${child.signal}: ${JSON.stringify((child.stdout + child.stderr).slice(0, 200))}`;
        }
      }
    };

    for (const kind of KINDS) {
      ctx.log(`${kind}: ${singles} single launches, ${batches} batch(es) of ${batchSize}`);
      const [command, args] = directCommand[kind];
      direct[kind] = await timeEach(singles, async () => {
        if ((await spawnDirect(command, args)).trim() !== EXPECTED_LINE)
          throw new Error(`${kind} reader spawned directly printed something else`);
      });
      single[kind] = await timeEach(singles, async () => check(kind, await launchAndWait(api, name, kind, 1)));
      batch[kind] = await timeEach(batches, async () => check(kind, await launchAndWait(api, name, kind, batchSize)));
      await api.call('clearChildren', {});
    }

    const row = (label: string, stats: Summary, kind: ReaderKind, base: Summary | null): Row => ({
      label,
      stats,
      extra: {
        'x native (median)': ratio(stats.median, (kind === 'native' ? stats : base)?.median),
        'x direct spawn (median)': ratio(stats.median, direct[kind].median),
      },
    });
    const goals: Goal[] = KINDS.map((kind) => ({
      text: `every ${kind} reader in the batches read the right string`,
      holds: noneWrong(wrong[kind].wrong, wrong[kind].checked),
      figures: `${wrong[kind].checked - wrong[kind].wrong} of ${wrong[kind].checked} printed "${EXPECTED_LINE}" and exited 0${wrong[kind].example ? `; e.g. ${wrong[kind].example}` : ''}`,
    }));
    return {
      tables: [
        {
          title: `One reader: launch to its line (${singles} launches per kind)`,
          unit: 'ms',
          rows: [
            row('native reader, spawned directly (baseline)', direct.native, 'native', null),
            row('native reader through the launcher', single.native, 'native', null),
            row('Node reader, spawned directly (baseline)', direct.node, 'node', direct.native),
            row('Node reader through the launcher', single.node, 'node', single.native),
          ],
        },
        {
          title: `A batch of ${batchSize}: launch to the last child's line (${batches} batch(es) per kind)`,
          unit: 'ms per batch',
          rows: KINDS.map((kind) => ({
            label: `${kind === 'native' ? 'native' : 'Node'} x${batchSize}`,
            stats: batch[kind],
            extra: {
              'x native (median)': ratio(batch[kind].median, batch.native.median),
              'per child (median / batch)': batch[kind].median / batchSize,
              'x one launch (median)': ratio(batch[kind].median, single[kind].median),
            },
          })),
        },
      ],
      goals,
      notes: [
        `A batch of ${batchSize} takes ${(batch.native.median / single.native.median).toFixed(1)}x one native launch and ${(batch.node.median / single.node.median).toFixed(1)}x one Node launch ` +
          "(children run in parallel on the machine's cores); the issue sets no speed goal here, only that every child reads the string.",
      ],
    };
  },
};
