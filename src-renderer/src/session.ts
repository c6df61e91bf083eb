// Wires the stores to the host: the first block, the events, and the resync
// after the connection comes back. Each store keeps its own state and actions;
// this file only decides when they run.
import type { Transport } from './transport';
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

  transport.api.on('blockChanged', (event) => {
    useBytesStore.getState().applyChange(event);
    // The string at offset 0 may run through any changed byte, up to its NUL.
    useTextStore.getState().refreshLive();
  });
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

  // Events cover only the watched window; when offset 0 is scrolled away, the
  // string's start is not in it, so the text panel polls instead.
  setInterval(() => {
    const watched = useBytesStore.getState().window;
    if (watched && watched.offset > 0 && useConnectionStore.getState().status === 'online') {
      useTextStore.getState().refreshLive();
    }
  }, TEXT_POLL_MS);

  void useBlockStore.getState().start(requestedBlock(window.location.search));
  void useChildrenStore.getState().refresh();
}

async function resync(): Promise<void> {
  await useBlockStore.getState().reopen();
  useBytesStore.getState().rewatch();
  useTextStore.getState().refreshLive();
  await useChildrenStore.getState().refresh();
}
