// Finds the pieces the measurements stand on (the addon, the core, the browser
// host, the built UI) and says plainly which one is missing. A missing piece
// makes its measurements report "not available", never crash the run.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Cleanup } from './cleanup';
import { Unavailable } from './types';

export type NativeApi = typeof import('../../native');
export type NativeBlock = ReturnType<NativeApi['openBlock']>;

export function loadNative(root: string): NativeApi {
  const entry = join(root, 'native', 'index.js');
  if (!existsSync(entry)) throw new Unavailable('native/index.js does not exist yet');
  try {
    return createRequire(import.meta.url)(entry) as NativeApi;
  } catch (error) {
    throw new Unavailable(`the addon does not load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/** Opens a fresh block of the benchmark's own and registers its unlink. */
export function openOwnBlock(native: NativeApi, cleanup: Cleanup, name: string, size: number): NativeBlock {
  const block = native.openBlock({ name, size });
  cleanup.add(`unlink ${name}`, () => {
    try {
      block.close();
    } finally {
      native.unlinkBlock(name);
    }
  });
  return block;
}

export type CoreModule = typeof import('../../src-main/core/inspector-core');
export type InProcessModule = typeof import('../../src-main/core/in-process-transport');
export type InspectorCore = InstanceType<CoreModule['InspectorCore']>;
export type InProcessApi = ReturnType<InProcessModule['createInProcessApi']>;

/** The core in this process, disposed (children killed, blocks closed) by the cleanup. */
export async function startInProcessCore(cleanup: Cleanup): Promise<{ core: InspectorCore; connect(): InProcessApi }> {
  let coreModule: CoreModule;
  let apiModule: InProcessModule;
  try {
    coreModule = await import('../../src-main/core/inspector-core');
    apiModule = await import('../../src-main/core/in-process-transport');
  } catch (error) {
    throw new Unavailable(
      `the core (src-main/core/inspector-core.ts, in-process-transport.ts) does not load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  const core = new coreModule.InspectorCore({ host: 'browser' });
  cleanup.add('dispose the in-process core', () => core.dispose());
  return {
    core,
    connect() {
      const api = apiModule.createInProcessApi(core);
      cleanup.add(`disconnect ${api.clientId}`, () => api.close());
      return api;
    },
  };
}
