// The bytes store serialises its watch requests: one in flight, the latest
// wish queued behind it, even across a reset (another block opened) while an
// answer is still on its way. The core is real; the wrapper only holds each
// watch answer back until the test releases it, as a slow network would.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallArgs, CallName, CallResult, InspectorApi } from '../../src-main/core/contract';
import { installApi } from '../../src-renderer/src/stores/api';
import { useBytesStore } from '../../src-renderer/src/stores/bytes';
import { unlinkUsedBlocks } from '../support/blocks';
import { waitFor } from '../support/wait';
import { openFreshBlock, startCoreSession, type CoreSession } from './core-session';

let session: CoreSession;
/** Watch answers the "network" holds back, oldest first. */
const held: { release: () => void; args: CallArgs<'watch'> }[] = [];

beforeAll(() => {
  session = startCoreSession();
  const real = session.api;
  const slow: InspectorApi = {
    call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      const answer = real.call(name, args); // the host handles it now
      if (name !== 'watch') return answer;
      return new Promise((resolve, reject) => {
        held.push({ release: () => void answer.then(resolve, reject), args: args as CallArgs<'watch'> });
      });
    },
    on: (event, listener) => real.on(event, listener),
  };
  installApi(slow);
});
afterAll(() => {
  session.close();
  unlinkUsedBlocks();
});

const store = () => useBytesStore.getState();
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
