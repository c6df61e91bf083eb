// The two text stores against a real core: the form (src-renderer/src/stores/
// textForm.ts: Set is SetSharedMem, Get is GetSharedMem, each with its own
// result and error) and the live string with its count against the block's
// capacity (stores/liveString.ts), driven through the session's commands as
// the text panel drives them.
import { describe, expect, it } from 'vitest';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { writeFromOtherProcess } from '../support/processes';
import { waitFor } from '../support/wait';
import { useCoreSession } from './core-session';

const session = useCoreSession();

const form = () => session.stores.textForm.getState();
const live = () => session.stores.liveString.getState();
const bytesView = () => session.stores.bytes.getState();
const openFreshBlock = (prefix: string, size: number) => session.openFreshBlock(prefix, size);

async function setText(value: string): Promise<void> {
  form().setDraft(value);
  await session.renderer.setString();
}

async function getText(cch: string): Promise<void> {
  form().setCchDraft(cch);
  await session.renderer.getString();
}

async function liveIs(value: string): Promise<void> {
  await waitFor(() => live().loaded && live().text === value, `the live text to be ${JSON.stringify(value.slice(0, 40))}`);
}

/** A restarted host: a real core that has not opened the block, so calls about it fail with ERR_BLOCK_NOT_OPEN. */
function restartedHost() {
  const core = new InspectorCore({ host: 'browser' });
  const api = createInProcessApi(core);
  return {
    api,
    close() {
      api.close();
      core.dispose();
    },
  };
}

describe('Set (SetSharedMem)', () => {
  it('stores the original string and reads it back live', async () => {
    const info = await openFreshBlock('rt-set', 4096);
    await setText('This is a test string');
    expect(form().lastSet).toEqual({ units: 21, truncated: false, capacityUnits: 2047, requestedUnits: 21 });
    expect(form().setError).toBeNull();
    expect(form().setting).toBe(false);
    await liveIs('This is a test string');
    expect(live().units).toBe(21);
    expect(info.capacityUnits).toBe(2047);
    const stored = await session.api.call('getString', { name: info.name });
    expect(stored).toEqual({ text: 'This is a test string', units: 21 });
  });

  it('truncates a 10,000-character string to 2047 and says how much was asked', async () => {
    await openFreshBlock('rt-long', 4096);
    const long = 'x'.repeat(9_999) + 'y';
    await setText(long);
    expect(form().lastSet).toEqual({ units: 2047, truncated: true, capacityUnits: 2047, requestedUnits: 10_000 });
    await liveIs('x'.repeat(2047));
    expect(live().units).toBe(session.stores.block.getState().info!.capacityUnits);
    await setText('short again'); // and the app keeps working
    expect(form().lastSet).toMatchObject({ truncated: false, units: 11 });
    await liveIs('short again');
  });

  it('counts UTF-16 units, and never splits a surrogate pair at the capacity', async () => {
    await openFreshBlock('rt-pair', 4096);
    await setText('a'.repeat(2046) + '😀');
    expect(form().lastSet).toEqual({ units: 2046, truncated: true, capacityUnits: 2047, requestedUnits: 2048 });
    await liveIs('a'.repeat(2046));
    await setText('a'.repeat(2045) + '😀');
    expect(form().lastSet).toEqual({ units: 2047, truncated: false, capacityUnits: 2047, requestedUnits: 2047 });
    await liveIs('a'.repeat(2045) + '😀');
  });

  it('uses the capacity of the open block, whatever its size', async () => {
    const info = await openFreshBlock('rt-small', 101);
    expect(info.capacityUnits).toBe(49);
    await setText('z'.repeat(60));
    expect(form().lastSet).toMatchObject({ units: 49, truncated: true, capacityUnits: 49, requestedUnits: 60 });
    await liveIs('z'.repeat(49));
    expect(live().units).toBe(49);
  });

  it('does not blank the string on a Set with an empty box: it says so, and stores "" only when Set again', async () => {
    const info = await openFreshBlock('rt-empty', 4096);
    await setText('abc');
    await liveIs('abc');
    await setText('');
    expect(form().setError).toMatch(/^The box is empty/);
    expect(form().lastSet).toBeNull();
    expect((await session.api.call('getString', { name: info.name })).text).toBe('abc');
    await session.renderer.setString(); // the same empty box, Set again: the user means it
    expect(form().setError).toBeNull();
    expect(form().lastSet).toEqual({ units: 0, truncated: false, capacityUnits: 2047, requestedUnits: 0 });
    await liveIs('');
    expect(live().units).toBe(0);
  });
});

describe('Get (GetSharedMem)', () => {
  it('reads the whole string, or at most cch - 1 characters', async () => {
    await openFreshBlock('rt-get', 4096);
    await setText('This is a test string');
    await getText('');
    expect(form().lastGet).toEqual({ text: 'This is a test string', units: 21, cch: null });
    await getText(' 5 ');
    expect(form().lastGet).toEqual({ text: 'This', units: 4, cch: 5 });
    await getText('1');
    expect(form().lastGet).toEqual({ text: '', units: 0, cch: 1 });
    expect(form().getError).toBeNull();
  });

  it('refuses a cch that is not a whole number of 1 or more, and reads nothing', async () => {
    await openFreshBlock('rt-cch', 4096);
    await setText('abc');
    await getText('3');
    const before = form().lastGet;
    expect(before).toMatchObject({ text: 'ab' });
    for (const bad of ['0', '-2', '1.5', 'abc', 'NaN']) {
      await getText(bad);
      expect(form().getError).toContain('cch must be a whole number');
      expect(form().getError).toContain(`"${bad}"`);
      expect(form().lastGet).toBeNull(); // no old answer beside the new error
      expect(form().getting).toBe(false);
    }
  });

  it('takes cch in decimal digits only: hex, exponents and signs are refused with a message saying so', async () => {
    await openFreshBlock('rt-cchdigits', 4096);
    await setText('This is a test string');
    await getText('5');
    const before = form().lastGet;
    expect(before).toEqual({ text: 'This', units: 4, cch: 5 });
    for (const bad of ['0x10', '1e3', '+5', '0b11', '1_0', '5.', 'Infinity', '99999999999999999999']) {
      await getText(bad);
      expect(form().getError).toContain(`"${bad}"`);
      expect(form().getError).toContain('decimal digits');
      expect(form().getError).toContain('Nothing was read');
      expect(form().lastGet).toBeNull();
    }
    await getText('010'); // leading zeros are still decimal: ten
    expect(form().getError).toBeNull();
    expect(form().lastGet).toEqual({ text: 'This is a', units: 9, cch: 10 });
  });
});

describe('Set and Get keep their own results and errors', () => {
  it("a refused Get leaves Set's result alone, and a Set that works leaves Get's error where it is", async () => {
    await openFreshBlock('rt-own', 4096);
    await setText('abc');
    const stored = form().lastSet;
    await getText('0x10');
    expect(form().getError).toContain('"0x10"');
    expect(form().setError).toBeNull();
    expect(form().lastSet).toBe(stored);
    await setText('def');
    expect(form().lastSet).toMatchObject({ units: 3 });
    expect(form().getError).toContain('"0x10"'); // still about what the Get form holds
  });

  it("a failed Set says so in its own error and leaves Get's result; the live string keeps its last value", async () => {
    const info = await openFreshBlock('rt-setfail', 4096);
    await setText('kept');
    await liveIs('kept');
    await getText('');
    const got = form().lastGet;
    const restarted = restartedHost();
    try {
      session.routeCalls(restarted.api);
      await setText('lost');
      expect(form().setError).toMatch(/\(ERR_BLOCK_NOT_OPEN\)$/);
      expect(form().lastSet).toBeNull();
      expect(form().getError).toBeNull();
      expect(form().lastGet).toBe(got);
      expect(live().text).toBe('kept');
    } finally {
      session.routeCalls(null);
      restarted.close();
    }
    expect((await session.api.call('getString', { name: info.name })).text).toBe('kept');
    await setText('back');
    expect(form().setError).toBeNull();
  });
});

describe('the live string', () => {
  it('follows a write by another process, on refresh', async () => {
    const info = await openFreshBlock('rt-external', 4096);
    live().refresh(bytesView());
    await liveIs('');
    await writeFromOtherProcess(info.name, info.size, 0, Uint8Array.from(Buffer.from('Hi!\0', 'utf16le')));
    live().refresh(bytesView());
    await liveIs('Hi!');
    expect(live().units).toBe(3);
  });

  it('ends a burst of refreshes on the latest value', async () => {
    const info = await openFreshBlock('rt-burst', 4096);
    for (let i = 0; i < 5; i++) live().refresh(bytesView());
    await session.api.call('setString', { name: info.name, text: 'after the burst' });
    live().refresh(bytesView()); // queued behind the one in flight, not dropped
    await liveIs('after the burst');
  });

  it('clears an error from refreshing once a refresh succeeds again', async () => {
    const info = await openFreshBlock('rt-recover', 4096);
    await setText('still here');
    await liveIs('still here');
    const restarted = restartedHost();
    try {
      session.routeCalls(restarted.api);
      live().refresh(bytesView());
      await waitFor(() => live().error?.includes('ERR_BLOCK_NOT_OPEN'), 'the refresh to fail');
      expect(live().text).toBe('still here'); // the last good value stays shown
      await restarted.api.call('openBlock', { name: info.name, size: info.size });
      live().refresh(bytesView());
      await waitFor(() => live().error === null, 'the error to clear after a good refresh');
      expect(live().text).toBe('still here');
    } finally {
      session.routeCalls(null);
      restarted.close();
    }
  });

  it("a refresh that works leaves the form's errors alone: they are about what the user asked", async () => {
    await openFreshBlock('rt-keep', 4096);
    await setText('abc');
    await getText('0x10');
    const refused = form().getError;
    expect(refused).toContain('"0x10"');
    live().refresh(bytesView());
    await session.api.call('hello', {});
    await waitFor(() => live().loaded, 'the refresh');
    await session.api.call('hello', {});
    expect(live().error).toBeNull();
    expect(form().getError).toBe(refused);
  });

  it("a new block forgets the previous block's text and results", async () => {
    await openFreshBlock('rt-reset', 4096);
    await setText('old');
    await liveIs('old');
    await getText('');
    await getText('x');
    const info = await openFreshBlock('rt-reset2', 4096);
    expect(form()).toMatchObject({ lastSet: null, lastGet: null, setError: null, getError: null, draft: 'old', cchDraft: 'x' });
    expect(live().blockName).toBe(info.name);
    await liveIs(''); // the new block's (empty) string, read at once
    expect(live().units).toBe(0);
  });
});
