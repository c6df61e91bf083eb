// The page reports its visibility to a real host (src-renderer/src/session/visibility.ts):
// at start, at each visibilitychange, and again after a reconnection (the host
// forgets a disconnected client's), and the host's watcher follows.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createInProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { HIDDEN_POLL_MS } from '../../src-main/core/limits';
import { reportVisibility } from '../../src-renderer/src/session/visibility';
import { ConnectionCell } from '../../src-renderer/src/transport/connection';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { waitFor } from '../support/wait';

/** A page whose visibilityState the test sets, with the visibilitychange event a browser sends. */
class FakePage extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
  set(state: DocumentVisibilityState): void {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

const cores: InspectorCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.dispose();
});
afterAll(() => unlinkUsedBlocks());

describe('reportVisibility', () => {
  it('tells the host at start, at each change and after a reconnection; the block is polled slowly only while hidden', async () => {
    const core = new InspectorCore({ host: 'browser' });
    cores.push(core);
    const name = uniqueBlockName('visibility');
    const api = createInProcessApi(core, 'visibility-window');
    await api.call('openBlock', { name, size: 4096 });
    await api.call('watch', { name, offset: 0, length: 64 });
    const page = new FakePage();
    page.visibilityState = 'hidden'; // a window that starts minimized
    const connection = new ConnectionCell();
    connection.update({ status: 'online', epoch: 1 });
    const stop = reportVisibility({ kind: 'browser', api, connection }, page as unknown as Document);
    const slowPoll = () => core.watcher.slowPollOf(name);
    await waitFor(() => slowPoll() === HIDDEN_POLL_MS || undefined, 'the start report');

    page.set('visible');
    await waitFor(() => slowPoll() === 0 || undefined, 'shown');
    page.set('hidden');
    await waitFor(() => slowPoll() === HIDDEN_POLL_MS || undefined, 'hidden again');

    // The connection drops: the host forgets the client; back, it counts as visible until the page says again.
    api.close();
    const back = createInProcessApi(core, 'visibility-window');
    await back.call('watch', { name, offset: 0, length: 64 });
    expect(slowPoll()).toBe(0);
    const resent = reportVisibility({ kind: 'browser', api: back, connection }, page as unknown as Document);
    stop();
    await waitFor(() => slowPoll() === HIDDEN_POLL_MS || undefined, 'the report of the new start');
    page.set('visible');
    await waitFor(() => slowPoll() === 0 || undefined, 'shown');
    // Hidden while offline: reported (and lost) meanwhile, then sent again when the connection is back.
    back.close();
    const again = createInProcessApi(core, 'visibility-window');
    await again.call('watch', { name, offset: 0, length: 64 });
    resent();
    const last = reportVisibility({ kind: 'browser', api: again, connection }, page as unknown as Document);
    page.visibilityState = 'hidden'; // no event: only the reconnection can carry it
    connection.update({ status: 'offline', epoch: 1 });
    connection.update({ status: 'online', epoch: 2 });
    await waitFor(() => slowPoll() === HIDDEN_POLL_MS || undefined, 'the report after the reconnection');
    last();
  });
});
