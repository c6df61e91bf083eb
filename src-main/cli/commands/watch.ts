// shm-inspector watch NAME: the core's watcher (a watch on one range, blockChanged
// events), each change printed with its time, offset, old and new bytes. A
// block that another process shrinks meanwhile ends the watch with
// ERR_SHM_TRUNCATED (the core's blockShrank event).
import { ContractError, MAX_WATCH_LENGTH, type BlockChangedEvent } from '../../../src-shared/contract';
import { integerOption, secondsOption } from '../args';
import type { Runner } from '../context';
import { escapeForTerminal, hex, paint, spacedHex, type Output } from '../output';
import { openForInspection } from '../session';
import { rangeOf, rangeOptions } from './range';
import { typedWatchOptions, watchValue } from './watch-value';

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
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  // The watched bytes as last seen, so each change can show what it replaced.
  let current = new Uint8Array(0);
  let printing = Promise.resolve();
  const stopListening = api.on('blockChanged', (event) => {
    printing = printing.then(() => printChanges(event));
  });
  let shrank: ContractError | null = null;
  const stopShrank = api.on('blockShrank', (event) => {
    if (event.name !== name) return;
    shrank = new ContractError(
      'ERR_SHM_TRUNCATED',
      `block "${name}" shrank to ${event.size} bytes while watched (it had ${block.size}): another process truncated it, and bytes past its end are gone`,
    );
    finish();
  });

  const printChanges = async (event: BlockChangedEvent) => {
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
  };

  current = (await api.call('watch', { name, offset, length })).bytes.slice();
  const onInterrupt = () => finish();
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  // The watcher's timer does not keep a process alive (it is unref'd for the app); this one does, until done.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const timer = timeout === undefined ? null : setTimeout(finish, timeout * 1000);
  // Said once Ctrl-C is handled, so a script that waits for this line may interrupt at once.
  out.status(`shm-inspector: watching ${escapeForTerminal(name)} bytes ${offset}..${offset + length} (${block.size} in all); Ctrl-C stops`);
  try {
    await done;
    await printing;
    if (shrank) throw shrank;
  } finally {
    clearInterval(keepAlive);
    if (timer) clearTimeout(timer);
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    stopListening();
    stopShrank();
  }
  return 0;
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
