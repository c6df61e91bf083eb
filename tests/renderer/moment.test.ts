// One moment for the whole window (issue 23, item 2): the pure view of the
// Timeline's frozen bytes every panel reads (components/historyView.ts), and
// the selection facts of a moment computed in the window (lib/localDigests.ts,
// stores/selectionFacts.ts `computeOf`), checked against the main process's
// own digest of the same bytes.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InspectorApi } from '../../src-shared/contract';
import { crc32 } from '../../src-main/core/checksums';
import { momentLabel, momentOf } from '../../src-renderer/src/components/historyView';
import { createSelectionFactsStore } from '../../src-renderer/src/stores/selectionFacts';
import { useCoreSession } from './core-session';

const session = useCoreSession();

describe('momentOf', () => {
  const frozen = { offset: 0x80, bytes: Uint8Array.of(1, 2, 3, 4), time: Date.UTC(2026, 0, 1, 12, 0, 1, 250) };

  it('is null while live', () => {
    expect(momentOf(null, false)).toBeNull();
  });

  it('gives the bytes of the moment, and nothing where its bytes do not reach', () => {
    const moment = momentOf(frozen, false)!;
    expect([moment.byte(0x7f), moment.byte(0x80), moment.byte(0x83), moment.byte(0x84)]).toEqual([undefined, 1, 4, undefined]);
    expect(moment.slice(0x81, 2)).toEqual(Uint8Array.of(2, 3));
    expect(moment.slice(0x80, 4)).toEqual(frozen.bytes);
    // A range that is only partly kept is not given at all: a panel never mixes two moments.
    expect(moment.slice(0x7f, 2)).toBeNull();
    expect(moment.slice(0x82, 4)).toBeNull();
    expect(moment.bytesFrom(0x82, 16)).toEqual(Uint8Array.of(3, 4));
    expect(moment.bytesFrom(0x84, 16)).toHaveLength(0);
  });

  it('names the moment in the same words for every panel', () => {
    const past = momentOf(frozen, false)!;
    expect(past.label).toBe(momentLabel(frozen.time, false));
    expect(past.label).toMatch(/^at \d\d:\d\d:01\.250 \(History\)$/);
    expect(momentOf(frozen, true)!.label).toMatch(/^paused at \d\d:\d\d:01\.250 \(History\)$/);
  });
});

describe('selection facts of a moment', () => {
  it('are computed in the window and equal the main process digest of the same bytes', async () => {
    const info = await session.openFreshBlock('rt-moment', 16384);
    const bytes = randomBytes(12000); // past Adler-32's 5552-byte run
    await session.api.call('write', { name: info.name, offset: 100, bytes });
    const facts = session.stores.selectionFacts;
    await facts.getState().compute(info.name, 100, bytes.length);
    const fromHost = facts.getState().facts;
    expect(facts.getState().momentTime).toBeNull();

    await facts.getState().computeOf(100, Uint8Array.from(bytes), 1234);
    expect(facts.getState()).toMatchObject({ facts: fromHost, momentTime: 1234, computing: false, error: null });
  });

  it('ask the host nothing, and drop an older live answer', async () => {
    const calls: string[] = [];
    let answer: (value: unknown) => void = () => undefined;
    const api = {
      call: (call: string) => {
        calls.push(call);
        return new Promise((resolve) => (answer = resolve));
      },
      on: () => () => undefined,
    } as unknown as InspectorApi;
    const store = createSelectionFactsStore(api);
    const live = store.getState().compute('b', 0, 1);
    await store.getState().computeOf(0, Uint8Array.of(0x3b), 99);
    answer({ length: 1, crc32: 0, adler32: 0, sha256: 'live' });
    await live;
    expect(calls).toEqual(['digest']);
    expect(store.getState()).toMatchObject({ momentTime: 99, facts: { length: 1, crc32: crc32(Uint8Array.of(0x3b)) } });
  });
});
