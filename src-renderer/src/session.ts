// Wires the stores to the host: the first block, the events, and the resync
// after the connection comes back. Each store keeps its own state and actions;
// this file only decides when they run.
import type { BlockChangedEvent } from './contract';
import type { Transport } from './transport';
import { frameBatch } from './lib/frameBatch';
import { installApi } from './stores/api';
import { useBlockStore } from './stores/block';
import { useBytesStore } from './stores/bytes';
import { useChildrenStore } from './stores/children';
import { useConnectionStore } from './stores/connection';
import { useHexViewStore } from './stores/hexView';
import { useTextStore } from './stores/text';

const TEXT_POLL_MS = 1000;

/** `?block=name&size=bytes` in the page's address picks the block (New Window uses it). */
export function requestedBlock(search: string): { name?: string; size?: number } {
  const params = new URLSearchParams(search);
  const name = params.get('block') ?? undefined;
  const sizeText = params.get('size');
  const size = sizeText !== null && /^\d+$/.test(sizeText) ? Number(sizeText) : undefined;
  return { ...(name ? { name } : {}), ...(size ? { size } : {}) };
}

export function startSession(transport: Transport): void {
  installApi(transport.api);
  useConnectionStore.getState().follow(transport.kind, transport.connection);

  // A burst of events is applied once per frame (lib/frameBatch.ts).
  transport.api.on('blockChanged', frameBatch((events: BlockChangedEvent[]) => events.forEach(applyBlockChanged)));
  transport.api.on('childUpdated', (child) => useChildrenStore.getState().upsert(child));

  // A new block (first open, or the form): every store that shows it starts over.
  useBlockStore.subscribe((state, previous) => {
    const info = state.info;
    if (!info || (info.name === previous.info?.name && info.size === previous.info?.size && previous.phase === 'ready')) return;
    useHexViewStore.getState().reset(info.size);
    useBytesStore.getState().reset(info.size);
    useTextStore.getState().reset();
    useTextStore.getState().refreshLive();
  });

  // The host came back: open the block again (it may have restarted) and watch again.
  transport.connection.subscribe((state) => {
    if (state.status !== 'online' || state.epoch <= 1) return;
    void resync();
  });

  followWatchedWindow();

  // Events cover only the watched window; when it does not hold the whole
  // string (offset 0 scrolled away, or a string running past its end), a
  // change to the string may bring no event, so the text panel polls instead.
  setInterval(() => {
    const watched = useBytesStore.getState().window;
    if (watched && !useTextStore.getState().windowHoldsString() && useConnectionStore.getState().status === 'online') {
      useTextStore.getState().refreshLive();
    }
  }, TEXT_POLL_MS);

  void useBlockStore.getState().start(requestedBlock(window.location.search));
  void useChildrenStore.getState().refresh();
}

/**
 * A blockChanged event: the bytes first, then the string at offset 0, which
 * is decoded from those bytes when the window holds all of it (no call).
 */
export function applyBlockChanged(event: BlockChangedEvent): void {
  useBytesStore.getState().applyChange(event);
  if (event.name === useBlockStore.getState().info?.name) useTextStore.getState().followChange(event.ranges);
}

/** A new watched window (first watch, a scroll, a resync): the string may be read from it. */
export function followWatchedWindow(): () => void {
  return useBytesStore.subscribe((state, previous) => {
    if (state.window && state.window !== previous.window) useTextStore.getState().refreshFromWindow();
  });
}

async function resync(): Promise<void> {
  await useBlockStore.getState().reopen();
  useBytesStore.getState().rewatch();
  useTextStore.getState().refreshLive();
  await useChildrenStore.getState().refresh();
}
