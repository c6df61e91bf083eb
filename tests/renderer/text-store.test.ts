// The text store (src-renderer/src/stores/text.ts): Set (SetSharedMem), Get
// (GetSharedMem), the live string and its count against the block's capacity,
// against a real core.
import { describe, expect, it } from 'vitest';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { installApi } from '../../src-renderer/src/stores/api';
import { useBlockStore } from '../../src-renderer/src/stores/block';
import { useTextStore } from '../../src-renderer/src/stores/text';
import { writeFromOtherProcess } from '../support/processes';
import { waitFor } from '../support/wait';
import { openFreshBlock, useCoreSession } from './core-session';

const text = () => useTextStore.getState();

const session = useCoreSession();

async function setText(value: string): Promise<void> {
  text().setDraft(value);
  await text().set();
}

async function liveIs(value: string): Promise<void> {
  await waitFor(() => text().liveLoaded && text().live === value, `the live text to be ${JSON.stringify(value.slice(0, 40))}`);
}

describe('Set (SetSharedMem)', () => {
  it('stores the original string and reads it back live', async () => {
    const info = await openFreshBlock('rt-set', 4096);
    await setText('This is a test string');
    expect(text().lastSet).toEqual({ units: 21, truncated: false, capacityUnits: 2047, requestedUnits: 21 });
    expect(text().error).toBeNull();
    expect(text().busy).toBe(false);
    await liveIs('This is a test string');
    expect(text().liveUnits).toBe(21);
    expect(info.capacityUnits).toBe(2047);
    const stored = await session.api.call('getString', { name: info.name });
    expect(stored).toEqual({ text: 'This is a test string', units: 21 });
  });

  it('truncates a 10,000-character string to 2047 and says how much was asked', async () => {
    await openFreshBlock('rt-long', 4096);
    const long = 'x'.repeat(9_999) + 'y';
    await setText(long);
    expect(text().lastSet).toEqual({ units: 2047, truncated: true, capacityUnits: 2047, requestedUnits: 10_000 });
    await liveIs('x'.repeat(2047));
    expect(text().liveUnits).toBe(useBlockStore.getState().info!.capacityUnits);
    await setText('short again'); // and the app keeps working
    expect(text().lastSet).toMatchObject({ truncated: false, units: 11 });
    await liveIs('short again');
  });

  it('counts UTF-16 units, and never splits a surrogate pair at the capacity', async () => {
    await openFreshBlock('rt-pair', 4096);
    await setText('a'.repeat(2046) + '😀');
    expect(text().lastSet).toEqual({ units: 2046, truncated: true, capacityUnits: 2047, requestedUnits: 2048 });
    await liveIs('a'.repeat(2046));
    await setText('a'.repeat(2045) + '😀');
    expect(text().lastSet).toEqual({ units: 2047, truncated: false, capacityUnits: 2047, requestedUnits: 2047 });
    await liveIs('a'.repeat(2045) + '😀');
  });

  it('uses the capacity of the open block, whatever its size', async () => {
    const info = await openFreshBlock('rt-small', 101);
    expect(info.capacityUnits).toBe(49);
    await setText('z'.repeat(60));
    expect(text().lastSet).toMatchObject({ units: 49, truncated: true, capacityUnits: 49, requestedUnits: 60 });
    await liveIs('z'.repeat(49));
    expect(text().liveUnits).toBe(49);
  });

  it('stores the empty string', async () => {
    await openFreshBlock('rt-empty', 4096);
    await setText('abc');
    await liveIs('abc');
    await setText('');
    expect(text().lastSet).toEqual({ units: 0, truncated: false, capacityUnits: 2047, requestedUnits: 0 });
    await liveIs('');
    expect(text().liveUnits).toBe(0);
  });
});

describe('Get (GetSharedMem)', () => {
  it('reads the whole string, or at most cch - 1 characters', async () => {
    await openFreshBlock('rt-get', 4096);
    await setText('This is a test string');
    text().setCchDraft('');
    await text().get();
    expect(text().lastGet).toEqual({ text: 'This is a test string', units: 21, cch: null });
    text().setCchDraft(' 5 ');
    await text().get();
    expect(text().lastGet).toEqual({ text: 'This', units: 4, cch: 5 });
    text().setCchDraft('1');
    await text().get();
    expect(text().lastGet).toEqual({ text: '', units: 0, cch: 1 });
  });

  it('refuses a cch that is not a whole number of 1 or more, and reads nothing', async () => {
    await openFreshBlock('rt-cch', 4096);
    await setText('abc');
    text().setCchDraft('3');
    await text().get();
    const before = text().lastGet;
    for (const bad of ['0', '-2', '1.5', 'abc', 'NaN']) {
      text().setCchDraft(bad);
      await text().get();
      expect(text().error).toContain('cch must be a whole number');
      expect(text().error).toContain(`"${bad}"`);
      expect(text().lastGet).toBe(before);
      expect(text().busy).toBe(false);
    }
  });

  it('takes cch in decimal digits only: hex, exponents and signs are refused with a message saying so', async () => {
    await openFreshBlock('rt-cchdigits', 4096);
    await setText('This is a test string');
    text().setCchDraft('5');
    await text().get();
    const before = text().lastGet;
    expect(before).toEqual({ text: 'This', units: 4, cch: 5 });
    for (const bad of ['0x10', '1e3', '+5', '0b11', '1_0', '5.', 'Infinity', '99999999999999999999']) {
      text().setCchDraft(bad);
      await text().get();
      expect(text().error).toContain(`"${bad}"`);
      expect(text().error).toContain('decimal digits');
      expect(text().error).toContain('Nothing was read');
      expect(text().lastGet).toBe(before);
    }
    text().setCchDraft('010'); // leading zeros are still decimal: ten
    await text().get();
    expect(text().error).toBeNull();
    expect(text().lastGet).toEqual({ text: 'This is a', units: 9, cch: 10 });
  });
});

describe('the live string', () => {
  it('follows a write by another process, on refresh', async () => {
    const info = await openFreshBlock('rt-external', 4096);
    text().refreshLive();
    await liveIs('');
    await writeFromOtherProcess(info.name, info.size, 0, Uint8Array.from(Buffer.from('Hi!\0', 'utf16le')));
    text().refreshLive();
    await liveIs('Hi!');
    expect(text().liveUnits).toBe(3);
  });

  it('ends a burst of refreshes on the latest value', async () => {
    const info = await openFreshBlock('rt-burst', 4096);
    for (let i = 0; i < 5; i++) text().refreshLive();
    await session.api.call('setString', { name: info.name, text: 'after the burst' });
    text().refreshLive(); // queued behind the one in flight, not dropped
    await liveIs('after the burst');
  });

  it('clears an error from refreshing once a refresh succeeds again', async () => {
    const info = await openFreshBlock('rt-recover', 4096);
    await setText('still here');
    await liveIs('still here');
    // A restarted host: a real core that has not opened the block yet, so the refresh fails.
    const restarted = new InspectorCore({ host: 'browser' });
    const restartedApi = createInProcessApi(restarted);
    try {
      installApi(restartedApi);
      text().refreshLive();
      await waitFor(() => text().error?.includes('ERR_BLOCK_NOT_OPEN'), 'the refresh to fail');
      expect(text().live).toBe('still here'); // the last good value stays shown
      await restartedApi.call('openBlock', { name: info.name, size: info.size });
      text().refreshLive();
      await waitFor(() => text().error === null, 'the error to clear after a good refresh');
      expect(text().live).toBe('still here');
    } finally {
      installApi(session.api);
      restartedApi.close();
      restarted.dispose();
    }
  });

  it('keeps an error from Get or Set when a refresh succeeds: it is about what the user asked', async () => {
    await openFreshBlock('rt-keep', 4096);
    await setText('abc');
    text().setCchDraft('0x10');
    await text().get();
    const refused = text().error;
    expect(refused).toContain('"0x10"');
    text().refreshLive();
    await session.api.call('hello', {});
    await waitFor(() => text().liveLoaded, 'the refresh');
    await session.api.call('hello', {});
    expect(text().error).toBe(refused);
  });

  it('reset forgets the previous block\'s text and results', async () => {
    await openFreshBlock('rt-reset', 4096);
    await setText('old');
    await liveIs('old');
    text().reset();
    expect(text()).toMatchObject({ live: '', liveUnits: 0, liveLoaded: false, lastSet: null, lastGet: null, error: null });
  });
});
