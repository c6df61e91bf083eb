// The connection store (src-renderer/src/stores/connection.ts) mirrors a
// transport's connection signal (a real ConnectionCell) until told to stop;
// two stores follow their own signals.
import { describe, expect, it } from 'vitest';
import { createConnectionStore } from '../../src-renderer/src/stores/connection';
import { ConnectionCell } from '../../src-renderer/src/transport/connection';

describe('connection store', () => {
  it("takes the signal's state at once, follows it, and stops when asked", () => {
    const cell = new ConnectionCell();
    cell.update({ status: 'online', epoch: 1 });
    const store = createConnectionStore();
    expect(store.getState()).toMatchObject({ status: 'connecting', transport: null, epoch: 0 });
    const stop = store.getState().follow('browser', cell);
    expect(store.getState()).toMatchObject({ status: 'online', transport: 'browser', epoch: 1, detail: null });
    const retryAt = Date.now() + 5000;
    cell.update({ status: 'offline', detail: 'Lost the connection', retryAt });
    expect(store.getState()).toMatchObject({ status: 'offline', detail: 'Lost the connection', retryAt });
    stop();
    cell.update({ status: 'online', detail: null, retryAt: null, epoch: 2 });
    expect(store.getState()).toMatchObject({ status: 'offline', epoch: 1 });
  });

  it('keeps two stores on their own signals', () => {
    const [left, right] = [new ConnectionCell(), new ConnectionCell()];
    const [a, b] = [createConnectionStore(), createConnectionStore()];
    a.getState().follow('browser', left);
    b.getState().follow('electron', right);
    left.update({ status: 'offline', detail: 'left only' });
    expect(a.getState()).toMatchObject({ status: 'offline', transport: 'browser' });
    expect(b.getState()).toMatchObject({ status: 'connecting', transport: 'electron', detail: null });
  });
});
