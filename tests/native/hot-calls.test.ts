// The hot calls (read, readInto, write, setString, getString) are functions the
// addon binds to each block (see native/src/addon.cc). They keep the block's
// C++ object alive on their own, and Blocks come only from openBlock.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { addonPath, expectCode, native, nativeEntry, run, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

const addon = createRequire(import.meta.url)(addonPath) as {
  Block: new (...args: unknown[]) => unknown;
  blockCalls: symbol;
};

describe('hot calls bound to a block', () => {
  it('a Block cannot be made with new, only by openBlock', () => {
    expect(() => new addon.Block()).toThrow(/use openBlock/);
    expect(() => new addon.Block({})).toThrow(/use openBlock/);
  });

  it('setString reports units and truncation built from the stored count', () => {
    const block = native.openBlock({ name: uniqueName('hotset'), size: 8 });
    expect(block.setString('abc')).toEqual({ units: 3, truncated: false });
    expect(block.setString('abcd')).toEqual({ units: 3, truncated: true });
    expect(block.setString('')).toEqual({ units: 0, truncated: false });
    expect(block.getString()).toBe('');
    block.close();
  });

  it('a string longer than the stack buffers round-trips whole', () => {
    const block = native.openBlock({ name: uniqueName('hotlong'), size: 1 << 16 });
    const text = 'é€😀'.repeat(3000); // 12,000 units: past the 256-unit and 2048-unit buffers
    expect(block.setString(text)).toEqual({ units: text.length, truncated: false });
    expect(block.getString()).toBe(text);
    expect(block.getString(2047)).toBe(text.slice(0, 2046)); // not ending inside a pair
    block.close();
  });

  it('a call kept after its Block was collected still works, then reports closed', async () => {
    const name = uniqueName('hotkept');
    const script = `
      const native = require(${JSON.stringify(nativeEntry)});
      const { blockCalls } = require(${JSON.stringify(addonPath)});
      let kept;
      (() => { const block = native.openBlock({ name: '${name}', size: 4096 }); kept = block[blockCalls]; })();
      setTimeout(() => {
        global.gc();
        setTimeout(() => {
          global.gc();
          kept.setString('kept alive');
          console.log(JSON.stringify({ text: kept.getString() }));
          native.unlinkBlock('${name}');
        }, 50);
      }, 50);`;

    const child = await run(process.execPath, ['--expose-gc', '-e', script]);

    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ text: 'kept alive' });
  });

  it('the bound calls of a closed block throw ERR_SHM_CLOSED', () => {
    const block = native.openBlock({ name: uniqueName('hotclosed'), size: 64 });
    const calls = (block as unknown as Record<symbol, Record<string, (...args: unknown[]) => unknown>>)[addon.blockCalls]!;
    block.close();
    expectCode(() => calls.write!(0, new Uint8Array(1)), 'ERR_SHM_CLOSED');
    expectCode(() => calls.getString!(), 'ERR_SHM_CLOSED');
  });
});

// The benchmark's floors of a write (bench/measurements/native-calls.ts): the same
// argument checks as the hot write, so a wrong argument is refused, not copied.
describe('the write floors of the benchmark', () => {
  it.each(['emptyWriteFloor', 'countedWriteFloor'] as const)('%s takes a Uint8Array and refuses anything else', (floor) => {
    const call = native.testing[floor];
    expect(call(0, new Uint8Array(4096))).toBeUndefined();
    expect(call(0, Buffer.alloc(16))).toBeUndefined();
    expectCode(() => call(0, 'not bytes' as never), 'ERR_SHM_ARG');
    expectCode(() => call(0, new Uint16Array(4) as never), 'ERR_SHM_ARG');
  });
});
