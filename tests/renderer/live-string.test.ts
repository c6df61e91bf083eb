// The live string decoded in the renderer from the watched bytes
// (src-renderer/src/lib/liveString.ts, used by the live string store): it must equal
// the real getString on every input, and a change must cost no getString call
// when the window holds the whole string. Real core, real shared memory; the
// api is wrapped only to count the calls that go through it.
import { describe, expect, it } from 'vitest';
import type { BlockInfo, CallArgs, CallName, InspectorApi } from '../../src-shared/contract';
import { decodeLiveString } from '../../src-renderer/src/lib/liveString';
import type { WatchedWindow } from '../../src-renderer/src/stores/bytes';
import { writeFromOtherProcess } from '../support/processes';
import { waitFor } from '../support/wait';
import { useCoreSession } from './core-session';

const session = useCoreSession();

const live = () => session.stores.liveString.getState();
const bytes = () => session.stores.bytes.getState();
const openFreshBlock = (prefix: string, size: number) => session.openFreshBlock(prefix, size);

/** The real api, with a count of the getString calls (and how many were in flight at once). */
function countGetString(real: InspectorApi) {
  const counted = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const api: InspectorApi = {
    call<K extends CallName>(name: K, args: CallArgs<K>) {
      if (name !== 'getString') return real.call(name, args);
      counted.calls++;
      counted.inFlight++;
      counted.maxInFlight = Math.max(counted.maxInFlight, counted.inFlight);
      return real.call(name, args).finally(() => counted.inFlight--);
    },
    on: (event, listener) => real.on(event, listener),
  };
  return { api, counted };
}

/** Counts the blockChanged events this window receives. */
function countEvents(): { readonly events: number; stop(): void } {
  let events = 0;
  const stop = session.api.on('blockChanged', () => events++);
  return {
    get events() {
      return events;
    },
    stop,
  };
}

async function watchFromStart(length: number): Promise<WatchedWindow> {
  bytes().showRange(0, length);
  return waitFor(() => {
    const w = bytes().window;
    return w !== null && w.offset === 0 && w.bytes.length >= Math.min(length, bytes().size) ? w : null;
  }, `a window from offset 0 over ${length} bytes`);
}

async function realGetString(info: BlockInfo) {
  return session.api.call('getString', { name: info.name });
}

const units = (...values: number[]) => {
  const out = new Uint8Array(values.length * 2);
  values.forEach((unit, i) => {
    out[2 * i] = unit & 0xff;
    out[2 * i + 1] = unit >> 8;
  });
  return out;
};

/** Inputs where a naive decoder and getString part ways. Each writes bytes from offset 0. */
const TRICKY: { name: string; size: number; bytes: (size: number) => Uint8Array }[] = [
  { name: 'a surrogate pair in the middle', size: 4096, bytes: () => units(0x41, 0xd83d, 0xde00, 0x42, 0) },
  { name: 'a lone high surrogate before the NUL', size: 4096, bytes: () => units(0x41, 0xd83d, 0) },
  { name: 'a lone low surrogate', size: 4096, bytes: () => units(0xde00, 0x41, 0) },
  { name: 'a reversed pair', size: 4096, bytes: () => units(0xde00, 0xd83d, 0) },
  { name: 'a string filling the capacity, its NUL in the last unit', size: 4096, bytes: (size) => fill(size, 0x61, size / 2 - 1) },
  {
    name: 'a pair ending exactly at the capacity',
    size: 4096,
    bytes: (size) => withTail(fill(size, 0x61, size / 2 - 1), size - 6, 0xd83d, 0xde00, 0),
  },
  { name: 'no NUL in the block', size: 4096, bytes: (size) => fill(size, 0x62, size / 2) },
  {
    name: 'no NUL, a high surrogate in the last unit',
    size: 4096,
    bytes: (size) => withTail(fill(size, 0x63, size / 2), size - 2, 0xd83d),
  },
  { name: 'no NUL, odd size: the last byte is not a unit', size: 9, bytes: () => Uint8Array.of(0x41, 0, 0x42, 0, 0x43, 0, 0x44, 0, 0x45) },
  { name: 'a one-byte block holds no unit', size: 1, bytes: () => Uint8Array.of(0x41) },
  { name: 'NUL first, text after it', size: 4096, bytes: () => units(0, 0x41, 0x42, 0) },
  { name: 'a NUL high byte only (0x0100 is not a NUL)', size: 4096, bytes: () => units(0x0100, 0x4100, 0) },
];

function fill(size: number, unit: number, count: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(units(...new Array<number>(count).fill(unit)));
  return out;
}

function withTail(block: Uint8Array, at: number, ...tail: number[]): Uint8Array {
  block.set(units(...tail), at);
  return block;
}

describe("decoding the string from the block's bytes", () => {
  for (const input of TRICKY) {
    it(`equals the real getString: ${input.name}`, async () => {
      const info = await openFreshBlock('rl-dec', input.size);
      const written = input.bytes(info.size);
      await session.api.call('write', { name: info.name, offset: 0, bytes: written });
      const held = await session.api.call('read', { name: info.name, offset: 0, length: info.size });
      const expected = await realGetString(info);
      expect(decodeLiveString(held, info.size)).toEqual(expected);
    });
  }

  it('gives up (null) when the bytes held stop before the NUL, or do not start at offset 0', async () => {
    const info = await openFreshBlock('rl-short', 4096);
    await session.api.call('setString', { name: info.name, text: 'x'.repeat(100) });
    const head = await session.api.call('read', { name: info.name, offset: 0, length: 200 });
    expect(decodeLiveString(head, info.size)).toBeNull(); // 100 units, but the NUL is at bytes 200-201
    const withNul = await session.api.call('read', { name: info.name, offset: 0, length: 202 });
    expect(decodeLiveString(withNul, info.size)).toEqual({ text: 'x'.repeat(100), units: 100 });
    const later = await session.api.call('read', { name: info.name, offset: 2, length: 1000 });
    expect(decodeLiveString(later, info.size)).toBeNull();
  });
});

describe('the live string store, against the real getString', () => {
  for (const input of TRICKY) {
    it(`shows what getString answers, with no call: ${input.name}`, async () => {
      const info = await openFreshBlock('rl-live', input.size);
      await watchFromStart(info.size);
      await waitFor(() => live().loaded, 'the first live string');
      const { api, counted } = countGetString(session.api);
      session.routeCalls(api);
      try {
        await writeFromOtherProcess(info.name, info.size, 0, input.bytes(info.size));
        const expected = await realGetString(info);
        await waitFor(() => live().text === expected.text && live().units === expected.units, 'the live string to match getString');
        expect(counted.calls).toBe(0);
      } finally {
        session.routeCalls(null);
      }
    });
  }
});

describe('what a burst of changes costs', () => {
  const BURST = 30;

  it('a window holding the string: no getString call at all, and the latest text', async () => {
    const info = await openFreshBlock('rl-burst', 4096);
    await watchFromStart(4096);
    const { api, counted } = countGetString(session.api);
    session.routeCalls(api);
    const received = countEvents();
    try {
      for (let i = 0; i < BURST; i++) {
        await session.api.call('setString', { name: info.name, text: `change ${i} ${'😀'.repeat(i % 4)}` });
        await waitFor(() => received.events > i, `the event for change ${i}`);
      }
      const last = `change ${BURST - 1} ${'😀'.repeat((BURST - 1) % 4)}`;
      await waitFor(() => live().text === last, 'the last change in the live text');
      expect(received.events).toBeGreaterThanOrEqual(BURST);
      expect(counted.calls).toBe(0);
      expect(await realGetString(info)).toEqual({ text: last, units: last.length });
    } finally {
      received.stop();
      session.routeCalls(null);
    }
  });

  it('changes that miss the string and its NUL: the live string store does not even decode', async () => {
    const info = await openFreshBlock('rl-miss', 4096);
    await session.api.call('setString', { name: info.name, text: 'stays' });
    await watchFromStart(4096);
    await waitFor(() => live().text === 'stays', 'the string decoded from the first window');
    const { api, counted } = countGetString(session.api);
    session.routeCalls(api);
    const received = countEvents();
    let textUpdates = 0;
    const unsubscribe = session.stores.liveString.subscribe(() => textUpdates++);
    try {
      // 'stays' is units 0-4, its NUL unit 5: bytes [0, 12). Byte 12 is the first one past it.
      for (let i = 0; i < BURST; i++) {
        await session.api.call('write', { name: info.name, offset: 12 + 16 * i, bytes: Uint8Array.of(i + 1, 0xee) });
        await waitFor(() => received.events > i, `the event for write ${i}`);
      }
      expect(counted.calls).toBe(0);
      expect(textUpdates).toBe(0);
      expect(live().text).toBe('stays');
      // A write over the NUL: the string now runs on into the first write's bytes (0x01 0xee), to unit 7.
      await session.api.call('write', { name: info.name, offset: 10, bytes: units(0x21) });
      const expected = await realGetString(info);
      expect(expected).toEqual({ text: 'stays!\uee01', units: 7 });
      await waitFor(() => live().text === expected.text, 'the longer string in the live text');
      expect(counted.calls).toBe(0);
    } finally {
      unsubscribe();
      received.stop();
      session.routeCalls(null);
    }
  });

  it('a window that ends before the NUL: getString, one call at a time, ending on the latest text', async () => {
    const info = await openFreshBlock('rl-fallback', 64 * 1024);
    const w = await watchFromStart(256); // the window: 256 bytes plus the store's margin, far less than the string
    const long = (i: number) => `${i}`.padEnd(w.bytes.length, '-'); // 2 bytes a unit: the NUL lies past the window
    const { api, counted } = countGetString(session.api);
    session.routeCalls(api);
    const received = countEvents();
    try {
      for (let i = 0; i < BURST; i++) {
        await session.api.call('setString', { name: info.name, text: long(i) });
        await waitFor(() => received.events > i, `the event for change ${i}`);
      }
      await waitFor(() => live().text === long(BURST - 1), 'the last change in the live text');
      expect(counted.calls).toBeGreaterThan(0);
      expect(counted.calls).toBeLessThanOrEqual(received.events + 1);
      expect(counted.maxInFlight).toBe(1);
      expect(bytes().window?.offset).toBe(0);
    } finally {
      received.stop();
      session.routeCalls(null);
    }
  });

  it('the window scrolled away from offset 0 and back: the string is decoded again from the new window', async () => {
    const info = await openFreshBlock('rl-scroll', 64 * 1024);
    await watchFromStart(256);
    bytes().showRange(0x8000, 0x8100);
    await waitFor(() => (bytes().window?.offset ?? 0) > 0, 'a window away from offset 0');
    // Written while offset 0 is out of the window: no event reaches the text.
    await session.api.call('setString', { name: info.name, text: 'written out of view' });
    const { api, counted } = countGetString(session.api);
    session.routeCalls(api);
    try {
      await watchFromStart(256);
      await waitFor(() => live().text === 'written out of view', 'the string decoded from the new window');
      expect(counted.calls).toBe(0);
    } finally {
      session.routeCalls(null);
    }
  });
});
