// The loop both kinds of `watch` share: a watch on one range of a block, its
// blockChanged events handled in order, until enough lines are printed, the
// timeout, Ctrl-C or SIGTERM; a block another process shrinks meanwhile ends
// it with ERR_SHM_TRUNCATED (the core's blockShrank event).
import { ContractError, type BlockChangedEvent } from '../../../src-shared/contract';
import type { InProcessApi } from '../../core/in-process-transport';
import type { Output } from '../output';

export interface WatchRun {
  name: string;
  /** The block's size when opened (for the shrink message). */
  size: number;
  offset: number;
  length: number;
  /** Seconds, or none. */
  timeout: number | undefined;
  /** The watched bytes as the watch starts; answers the status line. */
  started(bytes: Uint8Array): string;
  /** Each change of the block, in order; calls `finish` once it printed enough. */
  changed(event: BlockChangedEvent, finish: () => void): Promise<void> | void;
}

export async function runWatchLoop(api: InProcessApi, out: Output, run: WatchRun): Promise<number> {
  const { name } = run;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  // Before the watch call: an event can beat its answer, and is then handled after `started`.
  let started!: () => void;
  let handling = new Promise<void>((resolve) => (started = resolve));
  const stopListening = api.on('blockChanged', (event) => {
    if (event.name === name) handling = handling.then(() => run.changed(event, finish));
  });
  let shrank: ContractError | null = null;
  const stopShrank = api.on('blockShrank', (event) => {
    if (event.name !== name) return;
    shrank = new ContractError(
      'ERR_SHM_TRUNCATED',
      `block "${name}" shrank to ${event.size} bytes while watched (it had ${run.size}): another process truncated it, and bytes past its end are gone`,
    );
    finish();
  });
  const onInterrupt = () => finish();
  let keepAlive: ReturnType<typeof setInterval> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  try {
    const status = run.started((await api.call('watch', { name, offset: run.offset, length: run.length })).bytes.slice());
    started();
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onInterrupt);
    // The watcher's timer does not keep a process alive (it is unref'd for the app); this one does, until done.
    keepAlive = setInterval(() => {}, 1 << 30);
    if (run.timeout !== undefined) timer = setTimeout(finish, run.timeout * 1000);
    // Said once Ctrl-C is handled, so a script that waits for this line may interrupt at once.
    out.status(status);
    await done;
    await handling;
    if (shrank) throw shrank;
  } finally {
    if (keepAlive) clearInterval(keepAlive);
    if (timer) clearTimeout(timer);
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    stopListening();
    stopShrank();
  }
  return 0;
}
