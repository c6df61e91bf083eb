// components/useBytesAt.ts, the side panels' way to their bytes, over the
// real bytes store: a burst of writes inside a panel's range costs it one
// re-read in the next frame; a write outside the range costs it nothing (no
// frame is even asked for); a new window counts or not as the caller says;
// unsubscribing drops a re-read still due. And what the store says each
// update changed (lastChanged), which the hex view's patcher reads too.
import { describe, expect, it } from 'vitest';
import { bytesIn, followBytesAt, type FrameClock } from '../../src-renderer/src/components/useBytesAt';
import type { InspectorApi } from '../../src-renderer/src/contract';
import { createBytesStore, type BytesStore } from '../../src-renderer/src/stores/bytes';
import { waitFor } from '../support/wait';

/** Frames that run when the test says. */
function manualFrames() {
  let next = 1;
  const due = new Map<number, () => void>();
  const clock: FrameClock = {
    request: (callback) => (due.set(next, callback), next++),
    cancel: (handle) => void due.delete(handle as number),
  };
  const frame = () => {
    const callbacks = [...due.values()];
    due.clear();
    callbacks.forEach((callback) => callback());
  };
  return { clock, due, frame };
}

/** A host that answers a watch with zeros: the store's window is then [0, length). */
const zerosHost = {
  call: async (name: string, args: { offset: number; length: number }) =>
    name === 'watch' ? { offset: args.offset, bytes: new Uint8Array(args.length) } : undefined,
  on: () => () => undefined,
} as unknown as InspectorApi;

async function watchedStore(): Promise<BytesStore> {
  const store = createBytesStore(zerosHost);
  store.getState().reset({ name: 'b', size: 4096 });
  store.getState().showRange(0, 256);
  await waitFor(() => store.getState().window !== null, 'the first window');
  return store;
}

const write = (store: BytesStore, offset: number, bytes: number[]) =>
  store.getState().applyChange({ name: 'b', ranges: [{ offset, bytes: Uint8Array.from(bytes) }], detectedAt: Date.now() });

describe('followBytesAt', () => {
  it('re-reads once in the next frame for a burst of writes inside its range, and again after the next write', async () => {
    const store = await watchedStore();
    const frames = manualFrames();
    let reads = 0;
    followBytesAt(store, 0x100, 16, () => reads++, { clock: frames.clock });
    for (let i = 0; i < 10; i++) write(store, 0x100 + i, [i + 1]);
    expect(reads).toBe(0); // not during the writes: in the frame
    expect(frames.due.size).toBe(1);
    frames.frame();
    expect(reads).toBe(1);
    write(store, 0x10f, [7]);
    frames.frame();
    expect(reads).toBe(2);
    expect([...bytesIn(store.getState().window, 0x100, 16)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0, 0, 0, 0, 7]);
  });

  it('asks for no frame at all for writes outside its range, or for a write that changes no value', async () => {
    const store = await watchedStore();
    const frames = manualFrames();
    let reads = 0;
    followBytesAt(store, 0x100, 16, () => reads++, { clock: frames.clock });
    write(store, 0xff, [1]); // the byte just before
    write(store, 0x110, [1]); // the byte just after
    write(store, 0x100, [0]); // inside, but the same value
    expect(frames.due.size).toBe(0);
    // A range that spans its ends touches it.
    write(store, 0xfe, [2, 2, 2]);
    expect(frames.due.size).toBe(1);
    frames.frame();
    expect(reads).toBe(1);
  });

  it('counts a new window as a change only when asked to, and drops a re-read due when it stops following', async () => {
    const store = await watchedStore();
    const frames = manualFrames();
    let anyReads = 0;
    let inPlaceReads = 0;
    followBytesAt(store, 0x10, 4, () => anyReads++, { clock: frames.clock });
    followBytesAt(store, 0x10, 4, () => inPlaceReads++, { clock: frames.clock, newWindow: false });
    store.getState().showRange(0xe00, 0xf00); // out of the window: a new watch answers
    await waitFor(() => (store.getState().window?.offset ?? 0) > 0, 'the new window');
    frames.frame();
    expect([anyReads, inPlaceReads]).toEqual([1, 0]);

    const stop = followBytesAt(store, 0xe00, 4, () => anyReads++, { clock: frames.clock });
    write(store, 0xe01, [9]);
    expect(frames.due.size).toBe(1);
    stop();
    expect(frames.due.size).toBe(0);
  });

  it('has the store say which spans each update changed, and that a new window changed everything', async () => {
    const store = await watchedStore();
    expect(store.getState().lastChanged).toBeNull(); // the window is new
    store.getState().applyChange({
      name: 'b',
      ranges: [
        { offset: 0x20, bytes: Uint8Array.from([0, 5, 0, 6, 0]) },
        { offset: 0x40, bytes: Uint8Array.from([0, 0]) },
      ],
      detectedAt: Date.now(),
    });
    expect(store.getState().lastChanged).toEqual([{ start: 0x21, end: 0x24 }]);
  });
});

describe('bytesIn', () => {
  it('reads what the window holds from the offset, fewer at its end, none outside it', async () => {
    const store = await watchedStore();
    const { window } = store.getState();
    const end = window!.offset + window!.bytes.length;
    expect(bytesIn(window, 0, 16)).toHaveLength(16);
    expect(bytesIn(window, end - 3, 16)).toHaveLength(3);
    expect(bytesIn(window, end, 16)).toHaveLength(0);
    expect(bytesIn(null, 0, 16)).toHaveLength(0);
  });
});
