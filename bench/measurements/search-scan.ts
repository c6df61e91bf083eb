// 7. Find, digests, value scan and history (issues 10 and 11): throughput of
// the engines over one block beside floors measured in the same run on the
// same bytes, and what a scan's candidates and the history cost in memory.
import { randomBytes, createHash } from 'node:crypto';
import { MiB, formatSize, uniqueBlockName } from '../lib/blocks';
import { loadNative, openOwnBlock } from '../lib/deps';
import { ratio, summarize, type Summary } from '../lib/stats';
import { elapsedMs, nowNs } from '../lib/timing';
import type { Goal, Measurement, Row, Table } from '../lib/types';
import { atLeast } from '../lib/verdicts';

const FIND_GOAL = 0.5; // issue 10: at least half the floor's throughput

/** Milliseconds of each of `reps` runs of every op, interleaved (one of each per round). */
async function timeRounds<K extends string>(ops: Record<K, () => unknown>, reps: number): Promise<Record<K, number[]>> {
  const names = Object.keys(ops) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let round = -1; round < reps; round++) {
    // round -1 warms up
    for (const name of names) {
      const start = nowNs();
      await ops[name]();
      if (round >= 0) samples[name].push(elapsedMs(start));
    }
  }
  return samples;
}

function gibPerSecond(bytes: number, ms: number): number {
  return bytes / 1024 ** 3 / (ms / 1000);
}

function throughputRow(label: string, stats: Summary, bytes: number, floor: Summary): Row {
  return {
    label,
    stats,
    extra: {
      'GiB/s (median)': Number(gibPerSecond(bytes, stats.median).toFixed(2)),
      'throughput x floor': ratio(floor.median, stats.median),
    },
  };
}

function fixedRow(label: string, value: number, extra: Record<string, string | number | null> = {}): Row {
  return { label, stats: summarize([value]), extra };
}

export const searchScan: Measurement = {
  id: 'search-scan',
  title: '7. Find, digests, value scan and history over a large block',
  method:
    'One block (256 MiB; 1 MiB with --smoke) of random bytes with a needle planted near its end. Each op runs once per round, ' +
    'rounds interleaved after a warm-up round, median of the rounds. Find: core/search findAll (chunks read with readInto under ' +
    'the lock, searched by the native engine on a worker thread) of an 8-byte pattern, a wildcard pattern and a case-insensitive ' +
    'text; floor: Buffer.indexOf of the same pattern over a copy of the same bytes already in memory. Digests: core/digest ' +
    'digestRange (CRC-32 + Adler-32 + SHA-256 of 256 KiB chunks copied under the lock and hashed on its worker thread); floor: createHash("sha256") of the in-memory copy. Value scan: ' +
    'core/scan first scans (unknown, exact u32) and a next scan; floor: Buffer.copy of the whole block between two in-memory ' +
    'Buffers (memory bandwidth). Candidate memory: the native memory of the candidates divided by their count. History: ' +
    'ChangeHistory.record of 16-byte changes, per change, and its accounted bytes per change.',
  async run(ctx) {
    const native = loadNative(ctx.root);
    const { findAll, parseHexPattern, textPattern } = await import('../../src-main/core/search');
    const { digestRange } = await import('../../src-main/core/digest');
    const { ValueScan } = await import('../../src-main/core/scan');
    const { ChangeHistory } = await import('../../src-main/core/history');
    const size = ctx.smoke ? 1 * MiB : 256 * MiB;
    const reps = ctx.smoke ? 2 : 7;
    const block = openOwnBlock(native, ctx.cleanup, uniqueBlockName('find'), size);
    const bytes = Buffer.allocUnsafe(size);
    for (let at = 0; at < size; at += 64 * MiB) randomBytes(Math.min(64 * MiB, size - at)).copy(bytes, at);
    const needle = Buffer.from('NeedleAt', 'latin1');
    needle.copy(bytes, size - 100);
    block.write(0, bytes);
    const copyTarget = Buffer.allocUnsafe(size);

    ctx.log(`find over ${formatSize(size)}`);
    const exact = textPattern('NeedleAt', 'ascii');
    const wildcard = parseHexPattern(needle.subarray(0, 4).toString('hex') + ' ?? ' + needle.subarray(5).toString('hex'));
    const folded = textPattern('needleat', 'ascii', { caseInsensitive: true });
    const check = async (pattern: typeof exact): Promise<void> => {
      const found = await findAll(block, pattern);
      if (found.offsets[0] !== size - 100) throw new Error(`find missed the needle: ${JSON.stringify(found.offsets.slice(0, 3))}`);
    };
    const find = await timeRounds(
      {
        floor: () => {
          if (bytes.indexOf(needle) !== size - 100) throw new Error('indexOf missed the needle');
        },
        exact: () => check(exact),
        wildcard: () => check(wildcard),
        folded: () => check(folded),
      },
      reps,
    );

    ctx.log('digests');
    const digests = await timeRounds(
      {
        floor: () => createHash('sha256').update(bytes).digest(),
        all: () => digestRange(block, 0, size),
      },
      reps,
    );

    ctx.log('value scan');
    let memory = { dense: 0, denseCount: 0, sparse: 0, sparseCount: 0 };
    const scanTimes = await timeRounds(
      {
        floor: () => bytes.copy(copyTarget, 0),
        unknown: async () => {
          const scan = new ValueScan(block, { type: 'u32', endianness: 'little', aligned: true });
          const first = await scan.firstScan({ mode: 'unknown' });
          memory = { ...memory, dense: first.memoryBytes, denseCount: first.count };
          scan.dispose();
        },
        exactU32: async () => {
          const scan = new ValueScan(block, { type: 'u32', endianness: 'little', aligned: false });
          await scan.firstScan({ mode: 'exact', value: bytes.readUInt32LE(size - 100) });
          scan.dispose();
        },
        nextChanged: async () => {
          const scan = new ValueScan(block, { type: 'u8', endianness: 'little', aligned: false });
          await scan.firstScan({ mode: 'unknown' });
          block.write(size - 50, randomBytes(16));
          const next = await scan.nextScan({ mode: 'changed' });
          memory = { ...memory, sparse: next.memoryBytes, sparseCount: next.count };
          scan.dispose();
        },
      },
      reps,
    );

    ctx.log('history');
    const changes = ctx.smoke ? 10_000 : 1_000_000;
    const history = new ChangeHistory({ budgetBytes: 64 * MiB });
    const before = new Uint8Array(16);
    const after = new Uint8Array(16).fill(1);
    let clock = 0; // one clock across rounds: the ring takes changes in time order
    const historyTimes = await timeRounds(
      {
        record: () => {
          for (let i = 0; i < changes; i++) history.record({ time: clock++, offset: (i * 16) % size, before, after });
        },
      },
      reps,
    );
    const recordNs = summarize(historyTimes.record.map((ms) => (ms * 1e6) / changes));
    const perChange = history.stats().bytes / history.stats().count;

    const findFloor = summarize(find.floor);
    const findRows = [
      throughputRow('floor: Buffer.indexOf (in memory)', findFloor, size, findFloor),
      throughputRow('findAll, 8 bytes exact', summarize(find.exact), size, findFloor),
      throughputRow('findAll, 8 bytes with ??', summarize(find.wildcard), size, findFloor),
      throughputRow('findAll, text case-insensitive', summarize(find.folded), size, findFloor),
    ];
    const digestFloor = summarize(digests.floor);
    const scanFloor = summarize(scanTimes.floor);
    const tables: Table[] = [
      { title: `Find over ${formatSize(size)}`, unit: 'ms', rows: findRows },
      {
        title: `Digests of ${formatSize(size)}`,
        unit: 'ms',
        rows: [
          throughputRow('floor: sha256 of the bytes in memory', digestFloor, size, digestFloor),
          throughputRow('digestRange: CRC-32 + Adler-32 + SHA-256 on the hashing thread', summarize(digests.all), size, digestFloor),
        ],
      },
      {
        title: `Value scan of ${formatSize(size)}`,
        unit: 'ms',
        rows: [
          throughputRow('floor: Buffer.copy of the block in memory', scanFloor, size, scanFloor),
          throughputRow('first scan, unknown u32 aligned', summarize(scanTimes.unknown), size, scanFloor),
          throughputRow('first scan, exact u32 unaligned', summarize(scanTimes.exactU32), size, scanFloor),
          throughputRow('first scan unknown u8 + next scan changed', summarize(scanTimes.nextChanged), size, scanFloor),
        ],
      },
      {
        title: 'Memory per candidate and per history change',
        unit: 'bytes',
        rows: [
          fixedRow('scan candidates, dense (unknown u32 aligned)', memory.dense / memory.denseCount, { candidates: memory.denseCount }),
          fixedRow('scan candidates, sparse (after a next scan)', memory.sparseCount ? memory.sparse / memory.sparseCount : 0, {
            candidates: memory.sparseCount,
          }),
          fixedRow('history, per 16-byte change', perChange, { changes: history.stats().count }),
        ],
      },
      { title: 'History cost per change', unit: 'ns', rows: [{ label: 'ChangeHistory.record, 16-byte change', stats: recordNs }] },
    ];
    const exactThroughput = findFloor.median / summarize(find.exact).median;
    const goals: Goal[] = [
      {
        text: `findAll of an exact pattern at least ${FIND_GOAL}x the throughput of Buffer.indexOf over the same bytes (median)`,
        holds: atLeast(exactThroughput, FIND_GOAL),
        figures: `${summarize(find.exact).median.toFixed(1)} ms vs ${findFloor.median.toFixed(1)} ms = ${exactThroughput.toFixed(2)}x the floor's throughput (n=${reps})`,
      },
    ];
    const notes = [
      'Find and the scans include copying each chunk out of the block under its lock; the floors work on bytes already in memory.',
      'Digests: the main thread copies 256 KiB chunks under the lock and the hashing thread (a worker_threads worker) hashes them, one chunk read while the previous is hashed; SHA-256 dominates.',
    ];
    return { tables, goals, notes };
  },
};
