// The bytes store (src-renderer/src/stores/bytes.ts) driven through its
// actions against a real core: what it watches, how it applies blockChanged,
// how it writes.
import { beforeEach, describe, expect, it } from 'vitest';
import type { BlockChangedEvent, BlockInfo } from '../../src-shared/contract';
import { byteAt, type WatchedWindow } from '../../src-renderer/src/stores/bytes';
import { writeFromOtherProcess } from '../support/processes';
import { waitFor } from '../support/wait';
import { useCoreSession } from './core-session';

/** Rows the store fetches beyond each edge of the visible range (MARGIN_BYTES in bytes.ts). */
const MARGIN = 64 * 16;

const session = useCoreSession();

const store = () => session.stores.bytes.getState();
const openFreshBlock = (prefix: string, size: number) => session.openFreshBlock(prefix, size);

async function shown(start: number, end: number): Promise<WatchedWindow> {
  store().showRange(start, end);
  return waitFor(() => {
    const w = store().window;
    return w !== null && w.offset <= start && w.offset + w.bytes.length >= Math.min(end, store().size) ? w : null;
  }, `a window over [${start}, ${end})`);
}

function event(info: BlockInfo, offset: number, bytes: number[], name = info.name): BlockChangedEvent {
  return { name, ranges: [{ offset, bytes: Uint8Array.from(bytes) }], detectedAt: Date.now() };
}

describe('watching the visible range', () => {
  it("watches the visible rows plus a margin, with the block's real bytes", async () => {
    const info = await openFreshBlock('rb-watch', 64 * 1024);
    await session.api.call('write', { name: info.name, offset: 0x8000, bytes: Uint8Array.of(0xde, 0xad) });
    const w = await shown(0x8000, 0x8100);
    expect(w.offset).toBe(0x8000 - MARGIN);
    expect(w.bytes.length).toBe(0x100 + 2 * MARGIN);
    expect(byteAt(w, 0x8000)).toBe(0xde);
    expect(byteAt(w, 0x8001)).toBe(0xad);
    expect(byteAt(w, 0x8002)).toBe(0);
    expect(byteAt(w, w.offset - 1)).toBeUndefined();
    expect(byteAt(w, w.offset + w.bytes.length)).toBeUndefined();
    expect(Array.from(w.changedAt).every((t) => t === 0)).toBe(true);
  });

  it('clamps the window to the block at its start and its end', async () => {
    const size = 64 * 1024 + 8; // the last row is short
    await openFreshBlock('rb-clamp', size);
    const head = await shown(0, 256);
    expect(head.offset).toBe(0);
    const tail = await shown(size - 8, size + 8);
    expect(tail.offset + tail.bytes.length).toBe(size);
    expect(tail.offset).toBe(size - 8 - MARGIN);
  });

  it('does not watch again while the visible range stays inside the window', async () => {
    await openFreshBlock('rb-covered', 64 * 1024);
    const w = await shown(0x4000, 0x4100);
    const version = store().version;
    store().showRange(0x4000 + 16, 0x4100 + 16);
    store().showRange(w.offset, w.offset + w.bytes.length);
    await session.api.call('hello', {}); // let any call the store made settle first
    expect(store().window).toBe(w);
    expect(store().version).toBe(version);
  });

  it('keeps the fade of bytes still in view when it scrolls to a new window', async () => {
    const info = await openFreshBlock('rb-adopt', 64 * 1024);
    const w = await shown(0x4000, 0x4100);
    store().applyChange(event(info, 0x4000, [7]));
    const stamp = w.changedAt[0x4000 - w.offset]!;
    expect(stamp).toBeGreaterThan(0);
    const next = await shown(0x4000 + MARGIN, 0x4100 + MARGIN + 16); // overlaps the old window, not covered by it
    expect(next).not.toBe(w);
    expect(next.changedAt[0x4000 - next.offset]).toBe(stamp);
    expect(byteAt(next, 0x4000)).toBe(0); // the event was ours, not the block's: the fresh watch tells the truth
  });

  it('drops a watch answer that arrives after a reset (another block was opened)', async () => {
    await openFreshBlock('rb-reset', 64 * 1024);
    store().showRange(0, 256);
    store().reset({ name: store().name!, size: 64 * 1024 }); // before the watch answers
    await session.api.call('hello', {});
    await session.api.call('hello', {});
    expect(store().window).toBeNull();
    await shown(0, 256); // and the store still works after it
  });

  it('watches a 256 MiB block near its end without loading more than a window', async () => {
    const size = 256 * 1024 * 1024;
    await openFreshBlock('rb-huge', size);
    const w = await shown(size - 16 * 40, size);
    expect(w.offset + w.bytes.length).toBe(size);
    expect(w.bytes.length).toBe(16 * 40 + MARGIN);
  });
});

describe('applying blockChanged', () => {
  let info: BlockInfo;
  let w: WatchedWindow;
  beforeEach(async () => {
    info = await openFreshBlock('rb-apply', 64 * 1024);
    w = await shown(0x8000, 0x8100); // window [0x8000 - MARGIN, 0x8100 + MARGIN)
  });

  it('copies only the bytes inside the window, from a range that starts before it', () => {
    const start = w.offset - 3;
    store().applyChange(event(info, start, [1, 2, 3, 4, 5, 6]));
    expect(Array.from(w.bytes.subarray(0, 4))).toEqual([4, 5, 6, 0]);
    expect(byteAt(w, w.offset - 1)).toBeUndefined();
  });

  it('copies only the bytes inside the window, from a range that ends after it', () => {
    const end = w.offset + w.bytes.length;
    store().applyChange(event(info, end - 2, [9, 8, 7, 6]));
    expect(Array.from(w.bytes.subarray(w.bytes.length - 3))).toEqual([0, 9, 8]);
    expect(w.bytes.length).toBe(0x100 + 2 * MARGIN);
  });

  it('copies the middle of a range that covers the whole window and more', () => {
    const big = Array.from({ length: w.bytes.length + 200 }, (_, i) => (i % 250) + 1);
    store().applyChange(event(info, w.offset - 100, big));
    expect(w.bytes[0]).toBe(big[100]);
    expect(w.bytes[w.bytes.length - 1]).toBe(big[100 + w.bytes.length - 1]);
  });

  it('stamps the change time only where the value differs', () => {
    const at = 0x8010 - w.offset;
    w.bytes[at + 1] = 5; // already holds the value the event brings
    const before = performance.now();
    store().applyChange(event(info, 0x8010, [1, 5, 0, 2]));
    expect(Array.from(w.bytes.subarray(at, at + 4))).toEqual([1, 5, 0, 2]);
    expect(w.changedAt[at]).toBeGreaterThanOrEqual(before);
    expect(w.changedAt[at + 1]).toBe(0);
    expect(w.changedAt[at + 2]).toBe(0);
    expect(w.changedAt[at + 3]).toBeGreaterThanOrEqual(before);
    expect(Array.from(w.changedAt).filter((t) => t > 0)).toHaveLength(2);
  });

  it('bumps the version only when something changed', () => {
    const version = store().version;
    store().applyChange(event(info, 0x8000, [0, 0, 0])); // same values
    expect(store().version).toBe(version);
    store().applyChange(event(info, 0, [1, 2, 3])); // entirely outside the window
    expect(store().version).toBe(version);
    store().applyChange(event(info, 0x8000, [1]));
    expect(store().version).toBe(version + 1);
  });

  it('applies every range of one event', () => {
    store().applyChange({
      name: info.name,
      ranges: [
        { offset: 0x8000, bytes: Uint8Array.of(0x11) },
        { offset: 0x8080, bytes: Uint8Array.of(0x22, 0x33) },
      ],
      detectedAt: Date.now(),
    });
    expect([byteAt(w, 0x8000), byteAt(w, 0x8080), byteAt(w, 0x8081)]).toEqual([0x11, 0x22, 0x33]);
  });

  it('ignores events about another block', () => {
    const version = store().version;
    store().applyChange(event(info, 0x8000, [0xff], `${info.name}-other`));
    expect(byteAt(w, 0x8000)).toBe(0);
    expect(store().version).toBe(version);
  });

  it('shows a write by another process, lighting up only the bytes that changed', async () => {
    await writeFromOtherProcess(info.name, info.size, 0x8040, Uint8Array.of(0x41, 0x00, 0x42));
    await waitFor(() => byteAt(store().window, 0x8042) === 0x42, 'the external write in the window');
    const live = store().window!;
    const at = 0x8040 - live.offset;
    expect(Array.from(live.bytes.subarray(at, at + 3))).toEqual([0x41, 0x00, 0x42]);
    expect(live.changedAt[at]).toBeGreaterThan(0);
    expect(live.changedAt[at + 1]).toBe(0); // 0 was written over 0
    expect(live.changedAt[at + 2]).toBeGreaterThan(0);
  });
});

describe('writing', () => {
  it('writes through the contract and shows the bytes at once', async () => {
    const info = await openFreshBlock('rb-write', 4096);
    const w = await shown(0, 256);
    expect(await store().write(0x20, Uint8Array.of(0xab, 0xcd))).toBe(true);
    expect(Array.from((await session.api.call('read', { name: info.name, offset: 0x20, length: 2 })).bytes)).toEqual([0xab, 0xcd]);
    expect([byteAt(w, 0x20), byteAt(w, 0x21)]).toEqual([0xab, 0xcd]);
    expect(w.changedAt[0x20]).toBeGreaterThan(0);
    expect(store().error).toBeNull();
  });

  it('refuses a write past the block with its code, and writes nothing', async () => {
    const info = await openFreshBlock('rb-write-bad', 4096);
    await shown(0, 256);
    expect(await store().write(4095, Uint8Array.of(1, 2))).toBe(false);
    expect(store().error).toMatch(/\(ERR_SHM_RANGE\)$/);
    const tail = await session.api.call('read', { name: info.name, offset: 4094, length: 2 });
    expect(Array.from(tail.bytes)).toEqual([0, 0]);
    expect(await store().write(0, Uint8Array.of(1))).toBe(true);
    expect(store().error).toBeNull();
  });

  it('does nothing without an open block', async () => {
    const info = await session.openFreshBlock('rb-none', 4096);
    store().reset(null);
    expect(await store().write(0, Uint8Array.of(1))).toBe(false);
    store().showRange(0, 256);
    await session.api.call('hello', {});
    expect(store().window).toBeNull();
    expect(Array.from((await session.api.call('read', { name: info.name, offset: 0, length: 1 })).bytes)).toEqual([0]);
  });
});
