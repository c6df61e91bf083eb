// shm-inspector diff NAME FILE | diff NAME --baseline: the ranges where the
// block differs, found with the watcher's own comparison (changedRuns).
import { changedRuns, type Interval } from '../../core/ranges';
import { secondsOption } from '../args';
import { readBoundedFile } from '../bounded-file';
import type { Runner } from '../context';
import { escapeForTerminal, hex, paint, spacedHex, type Output } from '../output';
import { openForInspection, readAll, usageError } from '../session';

/** Bytes of each side a difference shows (the ranges themselves are exact). */
const PREVIEW_BYTES = 64;

export const diff: Runner = async ({ out, json, session, stdin }, parsed) => {
  const { api } = session();
  const [name, file] = parsed.positionals as [string, string | undefined];
  const baseline = parsed.values['baseline'] === true;
  if (baseline === (file !== undefined)) throw usageError('diff takes NAME FILE, or NAME --baseline');
  const waitSeconds = secondsOption(parsed, 'wait');
  if (waitSeconds !== undefined && !baseline) throw usageError('--wait goes with --baseline');

  const block = await openForInspection(api, name);
  let other: Uint8Array;
  let otherSize: number;
  let current: Uint8Array;
  if (file !== undefined) {
    // The block's size is the bound: past it, only the tail's length and its first bytes are shown.
    ({ bytes: other, size: otherSize } = await readBoundedFile(file, block.size + PREVIEW_BYTES));
    current = await readAll(api, name, 0, block.size);
  } else {
    other = await readAll(api, name, 0, block.size);
    out.status(
      `shm-inspector: baseline of ${escapeForTerminal(name)} taken (${block.size} bytes); comparing ${waitSeconds === undefined ? 'when stdin ends' : `in ${waitSeconds} s`}`,
    );
    await (waitSeconds === undefined ? endOf(stdin) : sleep(waitSeconds));
    current = await readAll(api, name, 0, block.size); // still our mapping, even if the name was unlinked meanwhile
    otherSize = other.length;
  }

  const differences = differingRanges(current, other, otherSize);
  if (json) {
    await out.line(
      JSON.stringify({
        name,
        against: file ?? 'baseline',
        size: current.length,
        otherSize,
        differences: differences.map((d) => ({
          ...d,
          block: hex(slice(current, d, PREVIEW_BYTES)),
          other: hex(slice(other, d, PREVIEW_BYTES)),
        })),
      }),
    );
  } else {
    const sides = { was: file === undefined ? 'the baseline' : escapeForTerminal(file), now: `block ${escapeForTerminal(name)}` };
    await printDifferences(out, differences, current, other, sides);
  }
  return differences.length > 0 ? 1 : 0;
};

/**
 * Differing ranges; where the sizes differ, the tail only one side has is one
 * more range. `bSize` is b's whole size when only its first bytes were read.
 */
export function differingRanges(a: Uint8Array, b: Uint8Array, bSize = b.length): Array<{ offset: number; length: number }> {
  const common = Math.min(a.length, b.length);
  const runs: Interval[] = changedRuns(a.subarray(0, common), b.subarray(0, common));
  if (a.length !== bSize) runs.push({ start: common, end: Math.max(a.length, bSize) });
  return runs.map((r) => ({ offset: r.start, length: r.end - r.start }));
}

function slice(bytes: Uint8Array, range: { offset: number; length: number }, limit: number): Uint8Array {
  return bytes.subarray(range.offset, Math.min(range.offset + range.length, range.offset + limit));
}

async function printDifferences(
  out: Output,
  differences: Array<{ offset: number; length: number }>,
  current: Uint8Array,
  other: Uint8Array,
  sides: { was: string; now: string },
) {
  // A header names both sides of the arrow: which bytes were, which are now.
  if (differences.length > 0) await out.line(`offset      length  was (${sides.was}) -> now (${sides.now})`);
  for (const d of differences) {
    const where = `0x${d.offset.toString(16).padStart(8, '0')}`;
    const was = paint(out, 'red', spacedHex(slice(other, d, 16), 16) || '(none)');
    const now = paint(out, 'green', spacedHex(slice(current, d, 16), 16) || '(none)');
    await out.line(`${where}  ${d.length} byte${d.length === 1 ? '' : 's'}  ${was} -> ${now}`);
  }
  if (differences.length === 0) await out.line('no differences');
}

function endOf(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.on('data', () => {});
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
    stream.resume();
  });
}

function sleep(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}
