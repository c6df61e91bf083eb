// Listing every shared mapping of a machine running 200 more processes
// (issue 25): listSharedMemory, the whole walk of /proc, against the floor of
// reading each process's maps file once and nothing else.
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { listSharedMemory } from '../../src-main/core/listing';
import { ratio, summarize } from '../lib/stats';
import { elapsedMs, nowNs } from '../lib/timing';
import { Unavailable, type BenchContext, type Measurement } from '../lib/types';
import { atMost, noneWrong } from '../lib/verdicts';

const PROCESSES = 200;
/** Issue 25: the whole listing in under 1 s with 200 processes mapping shared memory. */
const GOAL_MS = 1000;

async function startMappers(ctx: BenchContext, count: number): Promise<number[]> {
  const child = spawn('python3', [join(ctx.root, 'bench', 'fixtures', 'many-mappers.py'), String(count)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  ctx.cleanup.add('stop the mapping processes', () => {
    child.stdin.end();
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${count} mapping processes were not ready within 30 s`)), 30_000);
    child.once('error', (error) => reject(new Unavailable(`python3 does not start: ${error.message}`)));
    createInterface({ input: child.stdout }).once('line', (text) => (clearTimeout(timer), resolve(text)));
  });
  return line
    .replace(/^ready /, '')
    .split(' ')
    .map(Number);
}

/** The floor: every process's maps read once, 32 at a time, parsed by nobody. */
async function readEveryMaps(): Promise<number> {
  const pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
  let bytes = 0;
  for (let i = 0; i < pids.length; i += 32) {
    const texts = await Promise.all(pids.slice(i, i + 32).map((pid) => readFile(`/proc/${pid}/maps`, 'utf8').catch(() => '')));
    for (const text of texts) bytes += text.length;
  }
  return bytes;
}

export const listing: Measurement = {
  id: 'listing',
  title: 'Listing every shared mapping with 200 processes',
  method:
    `A Python parent forks ${PROCESSES} children; each maps the parent's anonymous shared page and a memfd of its own. ` +
    "listSharedMemory() (the contract's listBlocks: /dev/shm, System V, every process's maps and descriptors, command lines) " +
    'is timed whole, interleaved with the floor: reading every /proc/<pid>/maps once and nothing else.',
  async run(ctx) {
    if (process.platform !== 'linux') throw new Unavailable('the /proc listing is Linux only');
    const count = ctx.smoke ? 20 : PROCESSES;
    const children = await startMappers(ctx, count);
    const rounds = ctx.smoke ? 2 : 9;
    const ours: number[] = [];
    const floor: number[] = [];
    let missing = 0;
    for (let round = 0; round < rounds; round++) {
      let start = nowNs();
      await readEveryMaps();
      floor.push(elapsedMs(start));
      start = nowNs();
      const found = await listSharedMemory({});
      ours.push(elapsedMs(start));
      const seen = new Set(
        found.entries.filter((e) => e.kind === 'memfd' || e.kind === 'anonymous').flatMap((e) => e.processes.map((p) => p.pid)),
      );
      missing += children.filter((pid) => !seen.has(pid)).length;
    }
    const oursStats = summarize(ours);
    const floorStats = summarize(floor);
    const processes = (await readdir('/proc')).filter((p) => /^\d+$/.test(p)).length;
    return {
      tables: [
        {
          title: `listSharedMemory with ${count} extra processes (${processes} in all)`,
          unit: 'ms',
          rows: [
            {
              label: 'listSharedMemory (whole listing)',
              stats: oursStats,
              extra: { 'x floor': ratio(oursStats.median, floorStats.median) },
            },
            { label: 'floor: read every /proc/<pid>/maps', stats: floorStats },
          ],
        },
      ],
      goals: [
        {
          text: `the whole listing takes under ${GOAL_MS} ms (median) with ${count} extra processes`,
          holds: atMost(oursStats.median, GOAL_MS - 1e-9),
          figures: `median ${oursStats.median.toFixed(1)} ms, p99 ${oursStats.p99.toFixed(1)} ms; floor ${floorStats.median.toFixed(1)} ms`,
        },
        {
          text: 'every mapping process is listed with the objects it maps (each round)',
          holds: noneWrong(missing, rounds * children.length),
          figures: `${missing} of ${rounds * children.length} process sightings missing`,
        },
      ],
      notes: [],
    };
  },
};
