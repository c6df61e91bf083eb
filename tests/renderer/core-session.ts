// A renderer session (src-renderer/src/session.ts: the stores and the commands
// that span them) over a real InspectorCore in this process (the native addon,
// real shared memory), wired as a window wires it, with the page's address
// kept in memory. Every test file or describe block gets its own session, so
// its stores start fresh.
import type { BlockInfo, CallArgs, CallName, CallResult, InspectorApi } from '../../src-shared/contract';
import { createInProcessApi, type InProcessApi } from '../../src-main/core/in-process-transport';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { createSession, type PageAddress, type Session, type Stores } from '../../src-renderer/src/session';
import { afterAll, beforeAll } from 'vitest';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

/** The page's query, held in memory as `location.search` holds it (with its `?`). */
export interface MemoryAddress extends PageAddress {
  readonly search: string;
}

export function memoryAddress(initial = ''): MemoryAddress {
  let search = initial === '' || initial.startsWith('?') ? initial : `?${initial}`;
  return {
    get search() {
      return search;
    },
    read: () => search,
    replace(query) {
      search = query === '' ? '' : `?${query}`;
    },
  };
}

export interface CoreSession {
  core: InspectorCore;
  /** The core's own api: what a test calls to look at the block behind the renderer's back. */
  api: InProcessApi;
  /** The renderer's session, as a window holds it. */
  renderer: Session;
  stores: Stores;
  address: MemoryAddress;
  /** Sends the renderer's calls (not its events) through `api` instead of the core's, until called with null. */
  routeCalls(api: InspectorApi | null): void;
  /** Opens a fresh block through the open form's command: every store starts over on it. */
  openFreshBlock(prefix: string, size: number): Promise<BlockInfo>;
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
    get renderer() {
      return live().renderer;
    },
    get stores() {
      return live().stores;
    },
    get address() {
      return live().address;
    },
    routeCalls: (api) => live().routeCalls(api),
    openFreshBlock: (prefix, size) => live().openFreshBlock(prefix, size),
    close: () => live().close(),
  };
}

export function startCoreSession(initialAddress = ''): CoreSession {
  const core = new InspectorCore({ host: 'browser' });
  const api = createInProcessApi(core);
  let route: InspectorApi | null = null;
  const routed: InspectorApi = {
    call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K>> {
      return (route ?? api).call(name, args);
    },
    on: (event, listener) => api.on(event, listener),
  };
  const address = memoryAddress(initialAddress);
  const renderer = createSession(routed, address);
  const { block } = renderer.stores;
  return {
    core,
    api,
    renderer,
    stores: renderer.stores,
    address,
    routeCalls(next) {
      route = next;
    },
    async openFreshBlock(prefix, size) {
      const name = uniqueBlockName(prefix);
      const opened = await renderer.openBlock({ name, size });
      const { info, openError } = block.getState();
      if (!opened || !info) throw new Error(`could not open ${name}: ${openError}`);
      return info;
    },
    close() {
      renderer.dispose();
      api.close();
      core.dispose();
    },
  };
}
