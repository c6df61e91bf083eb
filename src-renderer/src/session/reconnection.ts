// The host went away and came back (a restart, a dropped event stream): it
// may have forgotten the block, the watch and the followed marks, and events
// were lost meanwhile, so the window asks for all of them again.
import type { Transport } from '../transport';
import type { Stores } from './storeRegistry';

/** Opens the block again, watches and reads again; before any block, starts as the first time. */
export async function resync(stores: Stores, start: () => Promise<void>): Promise<void> {
  const { block, bytes, timeline, liveString, children } = stores;
  if (!block.getState().info) return start();
  await block.getState().reopen();
  bytes.getState().rewatch();
  void timeline.getState().refollowMarks();
  liveString.getState().refresh(bytes.getState());
  await children.getState().refresh();
}

/** Resyncs each time the transport is back online after the first time; returns an unsubscribe. */
export function resyncWhenBack(transport: Transport, resyncNow: () => Promise<void>): () => void {
  return transport.connection.subscribe((state) => {
    // Epoch 1 is the first connection: nothing was lost yet.
    if (state.status === 'online' && state.epoch > 1) void resyncNow();
  });
}
