// The bytes store serialises its watch requests: one in flight, the latest
// wish queued behind it, even across a reset (another block opened) while an
// answer is still on its way. And a change the host sends while a watch's
// answer is still on its way is not lost under that older answer. The core is
// real; the wrapper only holds each watch answer back until the test releases
// it, as a slow network would (events are not held: they travel on their own
// stream, as over SSE).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlockChangedEvent, BlockInfo, CallArgs, CallName, CallResult, InspectorApi } from '../../src-shared/contract';
import { byteAt } from '../../src-renderer/src/stores/bytes';
import { unlinkUsedBlocks } from '../support/blocks';
import { writeFromOtherProcess } from '../support/processes';
import { collect, waitFor } from '../support/wait';
import { startCoreSession, type CoreSession } from './core-session';

let session: CoreSession;
interface HeldAnswer {
  release: () => void;
  args: CallArgs<'watch'>;
  /** The host has handled the watch: its answer (the range's bytes) is fixed, only not delivered. */
  handled: boolean;
}
/** Watch answers the "network" holds back, oldest first. */
const held: HeldAnswer[] = [];

beforeAll(() => {
  session = startCoreSession();
  const real = session.api;
  const slow: InspectorApi = {
    call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      const answer = real.call(name, args); // the host handles it now
      if (name !== 'watch') return answer;
      return new Promise((resolve, reject) => {
        const entry: HeldAnswer = { release: () => void answer.then(resolve, reject), args: args as CallArgs<'watch'>, handled: false };
        answer.finally(() => (entry.handled = true)).catch(() => undefined);
        held.push(entry);
      });
    },
    on: (event, listener) => real.on(event, listener),
  };
  session.routeCalls(slow);
});
afterAll(() => {
  session.close();
  unlinkUsedBlocks();
});

const store = () => session.stores.bytes.getState();
const openFreshBlock = (prefix: string, size: number) => session.openFreshBlock(prefix, size);
const settle = () => session.api.call('hello', {});

it('keeps one watch in flight after a reset, and ends on the latest wish whatever order answers arrive in', async () => {
  const size = 64 * 1024;
  await openFreshBlock('rl-first', size);
  store().showRange(0, 256); // watch #1, for the block being left
  await waitFor(() => held.length === 1, 'the first watch');

  await openFreshBlock('rl-second', size); // resets the store while #1 is on its way
  store().showRange(0x8000, 0x8100); // watch #2
  await waitFor(() => held.length === 2, 'the second watch');

  held.shift()!.release(); // #1 arrives late: dropped, and it must not free #2's slot
  await settle();
  store().showRange(0xc000, 0xc100); // the user scrolled on while #2 is still in flight
  await settle();
  expect(held.map((h) => h.args.offset)).toEqual([0x8000 - 1024]); // queued behind #2, not sent beside it

  // Answers may now come in any order (newest first here); the window must end where the user is.
  await waitFor(async () => {
    held.pop()?.release();
    await settle();
    const w = store().window;
    return held.length === 0 && w !== null && w.offset <= 0xc000 && w.offset + w.bytes.length >= 0xc100;
  }, 'the window over the latest range');
});

describe('a change that arrives while its watch is still on its way', () => {
  /** Waits until the host has handled the one held watch (its answer's bytes are now fixed), and takes it. */
  async function watchHandledButNotDelivered(): Promise<HeldAnswer> {
    await waitFor(() => held.length === 1 && held[0]!.handled, 'the host to handle the held watch');
    return held.shift()!;
  }

  /** Waits until the store's event listener has been given a change to `offset` of the block. */
  async function changeDelivered(events: BlockChangedEvent[], info: BlockInfo, offset: number): Promise<void> {
    const inside = (e: BlockChangedEvent) =>
      e.name === info.name && e.ranges.some((r) => r.offset <= offset && offset < r.offset + r.bytes.length);
    await waitFor(() => events.some(inside), `the blockChanged event for offset 0x${offset.toString(16)}`);
  }

  it('shows a write made after the host answered the first watch but before the answer arrived', async () => {
    const info = await openFreshBlock('rl-race', 4096);
    const events = collect<BlockChangedEvent>((listener) => session.api.on('blockChanged', listener));
    try {
      store().showRange(0, 256);
      const answer = await watchHandledButNotDelivered();
      await writeFromOtherProcess(info.name, info.size, 0x20, Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
      await changeDelivered(events.items, info, 0x20); // over "SSE", before the answer ("HTTP")
      answer.release();
      const w = await waitFor(() => store().window, 'the window');
      expect([0x1f, 0x20, 0x21, 0x22, 0x23, 0x24].map((at) => byteAt(w, at))).toEqual([0, 0xde, 0xad, 0xbe, 0xef, 0]);
      expect(w.changedAt[0x20]).toBeGreaterThan(0); // it lights up like any change
      expect(w.changedAt[0x1f]).toBe(0);
    } finally {
      events.stop();
    }
  });

  it('does not let an older answer undo changes when it scrolls to an overlapping window', async () => {
    const info = await openFreshBlock('rl-scroll', 64 * 1024);
    store().showRange(0, 0x100);
    (await watchHandledButNotDelivered()).release();
    const first = await waitFor(() => store().window, 'the first window');
    expect([first.offset, first.offset + first.bytes.length]).toEqual([0, 0x900]);

    const events = collect<BlockChangedEvent>((listener) => session.api.on('blockChanged', listener));
    try {
      store().showRange(0x800, 0xa00); // leaves the window: a new watch, over [0x400, 0xe00)
      const answer = await watchHandledButNotDelivered();
      expect([answer.args.offset, answer.args.offset + answer.args.length]).toEqual([0x400, 0xe00]);
      // One change in both windows, one only in the new one, one in neither.
      await writeFromOtherProcess(info.name, info.size, 0x480, Uint8Array.of(0x11, 0x22));
      await writeFromOtherProcess(info.name, info.size, 0xc00, Uint8Array.of(0x33));
      await writeFromOtherProcess(info.name, info.size, 0x3000, Uint8Array.of(0x44));
      await changeDelivered(events.items, info, 0x480);
      await changeDelivered(events.items, info, 0xc00);
      answer.release();
      const w = await waitFor(() => (store().window?.offset === 0x400 ? store().window : null), 'the new window');
      expect([byteAt(w, 0x480), byteAt(w, 0x481), byteAt(w, 0xc00)]).toEqual([0x11, 0x22, 0x33]);
      expect(byteAt(w, 0x3000)).toBeUndefined();
      expect((await session.api.call('read', { name: info.name, offset: 0x480, length: 2 })).bytes).toEqual(Uint8Array.of(0x11, 0x22));
    } finally {
      events.stop();
    }
  });

  it('keeps a bounded number of changes, and past the bound asks for the window again', async () => {
    const info = await openFreshBlock('rl-burst', 4096);
    const writes = 300; // more than the store keeps while a watch is on its way
    const events = collect<BlockChangedEvent>((listener) => session.api.on('blockChanged', listener));
    try {
      store().showRange(0, 4096);
      const answer = await watchHandledButNotDelivered();
      for (let i = 0; i < writes; i++) {
        const offset = i * 8;
        await session.api.call('write', { name: info.name, offset, bytes: Uint8Array.of(1 + (i % 250)) });
        await changeDelivered(events.items, info, offset); // one event per write
      }
      answer.release();
      // The kept changes were not all of them: the store watches again rather than show a gap.
      const again = await watchHandledButNotDelivered();
      expect(again.args).toMatchObject({ name: info.name, offset: 0, length: 4096 });
      again.release();
      await waitFor(() => held.length === 0 && store().window !== null, 'the second answer');
      const w = store().window!;
      const wrong = Array.from({ length: writes }, (_, i) => i).filter((i) => byteAt(w, i * 8) !== 1 + (i % 250));
      expect(wrong).toEqual([]);
    } finally {
      events.stop();
    }
  });
});
