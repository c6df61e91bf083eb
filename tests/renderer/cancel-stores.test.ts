// Issue 21: the stores cancel through the call's signal (the contract client
// sends the host a cancel naming the request), not through per-feature cancel
// calls. A fake api records each call's signal, so each test sees whether the
// store aborted the call it no longer wants.
import { describe, expect, it } from 'vitest';
import type { CallName, CallOptions, InspectorApi } from '../../src-shared/contract';
import { ContractError } from '../../src-shared/contract';
import { createFindStore } from '../../src-renderer/src/stores/find';
import { createScanStore } from '../../src-renderer/src/stores/scan';
import { createSelectionFactsStore } from '../../src-renderer/src/stores/selectionFacts';

interface Recorded {
  call: CallName;
  signal: AbortSignal | undefined;
}

/** An api whose calls wait until their signal aborts (then fail with `code`); every call is recorded. */
function hangingApi(code: ContractError['code']): { api: InspectorApi; calls: Recorded[] } {
  const calls: Recorded[] = [];
  const api: InspectorApi = {
    call: ((call: CallName, _args: unknown, options?: CallOptions) => {
      calls.push({ call, signal: options?.signal });
      return new Promise((_resolve, reject) => {
        options?.signal?.addEventListener('abort', () => reject(new ContractError(code, `${call} was cancelled`)));
      });
    }) as InspectorApi['call'],
    on: () => () => undefined,
  };
  return { api, calls };
}

describe('stores cancel through the call signal', () => {
  it('selection facts: a newer range aborts the digest of the one before', async () => {
    const { api, calls } = hangingApi('ERR_DIGEST_CANCELLED');
    const store = createSelectionFactsStore(api);
    const first = store.getState().compute('b', 0, 64 << 20);
    void store.getState().compute('b', 16, 64 << 20);
    expect(calls.map((c) => c.call)).toEqual(['digest', 'digest']);
    expect(calls[0]!.signal?.aborted).toBe(true);
    expect(calls[1]!.signal?.aborted).toBe(false);
    await first;
    expect(store.getState()).toMatchObject({ range: { offset: 16 }, computing: true, error: null });
  });

  it('find: cancel aborts the search in flight, and a new search aborts the previous one', async () => {
    const { api, calls } = hangingApi('ERR_SEARCH_CANCELLED');
    const store = createFindStore(api);
    store.getState().setOptions({ query: 'DE AD' });
    const first = store.getState().search('b');
    const second = store.getState().search('b');
    expect(calls.map((c) => c.call)).toEqual(['find', 'find']);
    expect(calls[0]!.signal?.aborted).toBe(true);
    await first;
    await store.getState().cancel();
    expect(calls[1]!.signal?.aborted).toBe(true);
    await second;
    expect(store.getState()).toMatchObject({ searchId: null, error: 'Search cancelled.' });
  });

  it('scan: cancel aborts the running step', async () => {
    const { api, calls } = hangingApi('ERR_SCAN_CANCELLED');
    const store = createScanStore(api);
    store.setState({ blockName: 'b' });
    store.getState().setForm({ firstMode: 'unknown' });
    const step = store.getState().firstScan();
    expect(store.getState().running).toBe(true);
    await store.getState().cancel();
    expect(calls.map((c) => c.call)).toEqual(['scanFirst']);
    expect(calls[0]!.signal?.aborted).toBe(true);
    await step;
    expect(store.getState()).toMatchObject({ running: false, error: expect.stringContaining('cancelled') });
  });
});
