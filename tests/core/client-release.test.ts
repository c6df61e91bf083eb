// A window that closes gives up its blocks: once its client has been gone for
// the grace period, each block it alone used is closed (its mapping and lock
// companion released); a client that comes back in time (an event stream that
// reconnected) keeps them, and a block another window still uses stays open.
import { afterEach, describe, expect, it } from 'vitest';
import { InspectorCore } from '../../src-main/core/inspector-core';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';

const GRACE_MS = 150;
const cores: InspectorCore[] = [];

afterEach(() => {
  for (const core of cores.splice(0)) core.dispose();
  unlinkUsedBlocks();
});

function startCore(): InspectorCore {
  const core = new InspectorCore({ host: 'browser', releaseGraceMs: GRACE_MS });
  cores.push(core);
  return core;
}

async function openAs(core: InspectorCore, clientId: string, name: string): Promise<void> {
  core.connect(clientId, () => undefined);
  const outcome = await core.handle('openBlock', { name, size: 4096 }, clientId);
  expect(outcome.ok).toBe(true);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('blocks of a client that went away', () => {
  it('close after the grace period, not before', async () => {
    const core = startCore();
    const name = uniqueBlockName('release');
    await openAs(core, 'window-a', name);
    core.disconnect('window-a');
    await sleep(GRACE_MS / 3);
    expect(core.blocks.openNames()).toContain(name);
    await sleep(GRACE_MS * 2);
    expect(core.blocks.openNames()).not.toContain(name);
  });

  it('stay open for a client that reconnects within the grace period', async () => {
    const core = startCore();
    const name = uniqueBlockName('reconnect');
    await openAs(core, 'window-a', name);
    core.disconnect('window-a');
    core.connect('window-a', () => undefined);
    await sleep(GRACE_MS * 2);
    expect(core.blocks.openNames()).toContain(name);
  });

  it('stay open while another client uses them', async () => {
    const core = startCore();
    const shared = uniqueBlockName('shared');
    const own = uniqueBlockName('own');
    await openAs(core, 'window-a', shared);
    await openAs(core, 'window-a', own);
    await openAs(core, 'window-b', shared);
    core.disconnect('window-a');
    await sleep(GRACE_MS * 2);
    expect(core.blocks.openNames()).toContain(shared);
    expect(core.blocks.openNames()).not.toContain(own);
  });
});
