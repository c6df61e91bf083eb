// Issue 19, item 7: an import can be stopped, and stops at once. The
// renderer writes a file in chunks of at most MAX_READ_LENGTH, three calls in
// flight; before, nothing could stop it short of closing the window. Now Stop
// import (stores/files.ts stopImport) starts no write after it returns, the
// writes already sent settle, and the panel names exactly the bytes that
// landed; the rest of the block is untouched.
import { describe, expect, it } from 'vitest';
import { MAX_READ_LENGTH, type InspectorApi } from '../../src-shared/contract';
import { chosenFromBytes } from '../../src-renderer/src/stores/files';
import { useCoreSession } from '../renderer/core-session';

const session = useCoreSession();
const CHUNKS = 16;

describe('Stop import', () => {
  it('starts no write after it returns and says which bytes landed', { timeout: 30_000 }, async () => {
    const size = CHUNKS * MAX_READ_LENGTH;
    const info = await session.openFreshBlock('cimport', size);
    const files = () => session.stores.files.getState();
    await files().planImport(info.name, size, chosenFromBytes('big.bin', new Uint8Array(size).fill(5)), 0);
    expect(files().importPlan).not.toBeNull();

    // The renderer's calls go through a host whose writes take 20 ms each; each write's start is noted.
    const writesStarted: number[] = [];
    let stoppedAt = Infinity;
    const core = session.api;
    const slow: InspectorApi = {
      ...core,
      call: (async (name: string, args: never) => {
        if (name === 'write') {
          writesStarted.push(performance.now());
          if (writesStarted.length === 4) {
            files().stopImport();
            stoppedAt = performance.now();
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return core.call(name as never, args);
      }) as InspectorApi['call'],
    };
    session.routeCalls(slow);
    try {
      await files().confirmImport();
    } finally {
      session.routeCalls(null);
    }
    const late = writesStarted.filter((at) => at > stoppedAt).length;
    console.log(`${writesStarted.length} of ${CHUNKS} writes started; ${late} after Stop import; ${files().error}`);
    expect(late).toBe(0);
    expect(writesStarted.length).toBeLessThan(CHUNKS);
    expect(files().error).toMatch(/^Import of "big.bin" stopped: you stopped it\. [\d,]+ bytes of [\d,]+ bytes were written/);
    expect(files().busy).toBeNull();
    // The chunks never sent are untouched.
    const tail = await core.call('read', { name: info.name, offset: size - 16, length: 16 });
    expect(Array.from(tail.bytes)).toEqual(new Array(16).fill(0));
  });
});
