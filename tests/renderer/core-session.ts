// Wires the renderer's stores to a real InspectorCore in this process (the
// native addon, real shared memory), the way session.ts wires them to a host:
// installApi, blockChanged into the bytes and text stores (applyBlockChanged),
// and a new watched window into the text store. Each test file gets its
// own module instances (vitest isolates files), so the stores start fresh.
import type { BlockInfo } from '../../src-shared/contract';
import { createInProcessApi, type InProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { applyBlockChanged, followWatchedWindow } from '../../src-renderer/src/session';
import { installApi } from '../../src-renderer/src/stores/api';
import { useBlockStore } from '../../src-renderer/src/stores/block';
import { useBytesStore } from '../../src-renderer/src/stores/bytes';
import { useHexViewStore } from '../../src-renderer/src/stores/hexView';
import { useTextStore } from '../../src-renderer/src/stores/text';
import { afterAll, beforeAll } from 'vitest';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

export interface CoreSession {
  core: InspectorCore;
  api: InProcessApi;
  close(): void;
}

/**
 * A core session for the calling test file or describe block: started before
 * its tests, closed after them, with the blocks they named unlinked.
 */
export function useCoreSession(): CoreSession {
  let current: CoreSession | null = null;
  beforeAll(() => {
    current = startCoreSession();
  });
  afterAll(() => {
    current?.close();
    current = null;
    unlinkUsedBlocks();
  });
  const live = (): CoreSession => {
    if (!current) throw new Error('the core session exists only while its tests run');
    return current;
  };
  return {
    get core() {
      return live().core;
    },
    get api() {
      return live().api;
    },
    close: () => live().close(),
  };
}

export function startCoreSession(): CoreSession {
  const core = new InspectorCore({ host: 'browser' });
  const api = createInProcessApi(core);
  installApi(api);
  const stopEvents = api.on('blockChanged', applyBlockChanged);
  const stopWindows = followWatchedWindow();
  return {
    core,
    api,
    close() {
      stopEvents();
      stopWindows();
      api.close();
      core.dispose();
    },
  };
}

/** Opens a fresh block through the block store and resets the stores that show it, as session.ts does. */
export async function openFreshBlock(prefix: string, size: number): Promise<BlockInfo> {
  const name = uniqueBlockName(prefix);
  const opened = await useBlockStore.getState().open({ name, size });
  const { info, openError } = useBlockStore.getState();
  if (!opened || !info) throw new Error(`could not open ${name}: ${openError}`);
  useHexViewStore.getState().reset(info.size);
  useBytesStore.getState().reset(info.size);
  useTextStore.getState().reset();
  return info;
}
