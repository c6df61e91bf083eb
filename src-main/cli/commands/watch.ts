// shm-inspector watch NAME: the core's watcher (a watch on one range, blockChanged
// events), each change printed with its time, offset, old and new bytes; with
// --type, one typed value (watch-value.ts). Both run in watch-loop.ts, which
// also ends the watch when another process shrinks the block.
import { MAX_WATCH_LENGTH } from '../../../src-shared/contract';
import { integerOption, secondsOption } from '../args';
import type { Runner } from '../context';
import { escapeForTerminal, hex, paint, spacedHex, type Output } from '../output';
import { openForInspection } from '../session';
import { rangeOf, rangeOptions } from './range';
import { typedWatchOptions, watchValue } from './watch-value';
import { runWatchLoop } from './watch-loop';

export const watch: Runner = async (context, parsed) => {
  rangeOptions(parsed);
  const typed = typedWatchOptions(parsed);
  return typed ? watchValue(context, parsed, typed) : watchBytes(context, parsed);
};

const watchBytes: Runner = async ({ out, json, session }, parsed) => {
  const { api } = session();
  const name = parsed.positionals[0]!;
  const count = integerOption(parsed, 'count', 1);
  const timeout = secondsOption(parsed, 'timeout');
  rangeOptions(parsed);
  const block = await openForInspection(api, name);
  const { offset, length } = rangeOf(parsed, block, MAX_WATCH_LENGTH);

  let seen = 0;
  // The watched bytes as last seen, so each change can show what it replaced.
  let current: Uint8Array = new Uint8Array(0);
  return runWatchLoop(api, out, {
    name,
    size: block.size,
    offset,
    length,
    timeout,
    started: (bytes) => {
      current = bytes;
      return `shm-inspector: watching ${escapeForTerminal(name)} bytes ${offset}..${offset + length} (${block.size} in all); Ctrl-C stops`;
    },
    changed: async (event, finish) => {
      for (const range of event.ranges) {
        if (count !== undefined && seen >= count) return;
        const at = range.offset - offset;
        const old = current.slice(at, at + range.bytes.length);
        current.set(range.bytes, at);
        seen += 1;
        await out.line(
          json
            ? changeJson(name, event.detectedAt, range.offset, old, range.bytes)
            : changeLine(out, event.detectedAt, range.offset, old, range.bytes),
        );
        if (count !== undefined && seen >= count) finish();
      }
    },
  });
};

function changeJson(name: string, detectedAt: number, offset: number, old: Uint8Array, next: Uint8Array): string {
  return JSON.stringify({
    time: new Date(detectedAt).toISOString(),
    detectedAt,
    name,
    offset,
    length: next.length,
    old: hex(old),
    new: hex(next),
  });
}

function changeLine(out: Output, detectedAt: number, offset: number, old: Uint8Array, next: Uint8Array): string {
  const time = new Date(detectedAt).toISOString().slice(11, 23);
  const where = `0x${offset.toString(16).padStart(8, '0')}`;
  return `${paint(out, 'dim', time)}  ${where}  ${next.length} byte${next.length === 1 ? '' : 's'}  ${paint(out, 'red', spacedHex(old))} -> ${paint(out, 'green', spacedHex(next))}`;
}
