// shm-inspector stats NAME: the byte histogram, Shannon entropy and byte
// classes of a block (or of --offset/--length), through the core's byteStats
// call, the same code as the Statistics panel. The block is read on the
// native engine's worker thread; this process only prints the summary.
import type { ByteStats } from '../../../src-shared/contract';
import type { Runner } from '../context';
import { escapeForTerminal, printTable, type Output } from '../output';
import { openForInspection } from '../session';
import { rangeOf, rangeOptions } from './range';

/** Bins shown in the table: the most frequent values (all of them fit in --json). */
const TOP_BINS = 16;

export const stats: Runner = async ({ out, json, session }, parsed) => {
  const { api } = session();
  const name = parsed.positionals[0]!;
  rangeOptions(parsed);
  const block = await openForInspection(api, name);
  const { offset, length } = rangeOf(parsed, block);
  const result = await api.call('byteStats', { name, offset, length });
  if (json) {
    await out.line(JSON.stringify(result));
    return 0;
  }
  await printSummary(out, result);
  return 0;
};

const share = (count: number, total: number) => (total === 0 ? '0.0%' : `${((100 * count) / total).toFixed(1)}%`);

/** A byte value as hex, with its character when it is printable ASCII. */
function valueLabel(value: number): string {
  const hex = `0x${value.toString(16).padStart(2, '0')}`;
  return value >= 0x21 && value <= 0x7e ? `${hex} '${String.fromCharCode(value)}'` : hex;
}

async function printSummary(out: Output, result: ByteStats): Promise<void> {
  const { length } = result;
  const distinct = result.histogram.filter((count) => count > 0).length;
  if (out.terminal) {
    await out.line(`${escapeForTerminal(result.name)}: bytes ${result.offset}..${result.offset + length} (${length} bytes)`);
    await out.line(`entropy ${result.entropy.toFixed(3)} bits per byte, ${distinct} distinct values`);
  } else {
    await out.line(`entropy\t${result.entropy.toFixed(6)}`);
  }
  const classes: Array<[string, number]> = [
    ['zero', result.zero],
    ['printable', result.printable],
    ['high', result.high],
    ['control', result.control],
    ['0xff', result.ff],
  ];
  await printTable(
    out,
    [{ title: 'CLASS' }, { title: 'COUNT', align: 'right' }, { title: 'SHARE', align: 'right' }],
    classes.map(([label, count]) => [label, String(count), share(count, length)]),
  );
  const top = result.histogram
    .map((count, value) => ({ value, count }))
    .filter((bin) => bin.count > 0)
    .sort((a, b) => b.count - a.count || a.value - b.value)
    .slice(0, TOP_BINS);
  if (out.terminal) await out.line(`histogram: the ${top.length} most frequent of ${distinct} values (--json has all 256)`);
  await printTable(
    out,
    [{ title: 'VALUE' }, { title: 'COUNT', align: 'right' }, { title: 'SHARE', align: 'right' }],
    top.map((bin) => [
      out.terminal ? valueLabel(bin.value) : `0x${bin.value.toString(16).padStart(2, '0')}`,
      String(bin.count),
      share(bin.count, length),
    ]),
  );
}
