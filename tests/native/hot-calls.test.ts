// The hot calls (read, readInto, write, setString, getString) are functions the
// addon binds to each block (see native/src/binding/addon.cc). They keep the block's
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

describe("the benchmark's main-thread clock", () => {
  it('threadCpuNs counts the calling thread working, never faster than the wall clock, and not sleeping', () => {
    // Work until the clock shows 20 ms: a loaded machine takes longer (the thread is preempted), never less.
    const started = native.testing.threadCpuNs();
    const wallStart = performance.now();
    let worked = started;
    while (worked - started < 20e6 && performance.now() - wallStart < 10_000) worked = native.testing.threadCpuNs();
    const wallMs = performance.now() - wallStart;
    expect((worked - started) / 1e6).toBeGreaterThanOrEqual(20);
    expect((worked - started) / 1e6).toBeLessThanOrEqual(wallMs + 1); // one thread's CPU time cannot outrun the wall
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); // 100 ms asleep
    const slept = native.testing.threadCpuNs();
    expect((slept - worked) / 1e6).toBeLessThan(20);
  });
});

// The hot write checks its block and arguments inline (addon.cc, binding.h,
// shared_block.cc); every refusal must still be the error the checked path
// gives, word for word, in the same order, with nothing written.
describe('the hot write refuses exactly as before', () => {
  const closedMessage = (name: string) =>
    `block "${name}" is closed; open it again to use it (unlinkBlock(name) removes a name without opening)`;
  const readOnlyMessage = (name: string) =>
    `write refused: block "${name}" was opened read-only; open it again without readOnly to change it`;
  const outsideEveryBlock = (offset: string) => `offset ${offset} is outside every block (it must be from 0 to the block size)`;
  const outsideThisBlock = (start: string, end: string) =>
    `bytes ${start}..${end} lie outside the block of 4096 bytes (offset + length must be at most 4096)`;

  function refusal(call: () => unknown): { code: unknown; message: string } {
    try {
      call();
    } catch (error) {
      return { code: (error as { code?: unknown }).code, message: (error as Error).message };
    }
    throw new Error('the call was not refused');
  }

  it('bad offsets and bytes: the code and message of each, and no byte or count changes', () => {
    const block = native.openBlock({ name: uniqueName('native-write-refusals'), size: 4096 });
    block.write(0, Buffer.alloc(4096, 0x5a));
    const count = block.writeCount();
    const one = Uint8Array.of(1);
    const cases: [string, () => unknown, string, string][] = [
      ['fraction', () => block.write(0.5, one), 'ERR_SHM_ARG', 'offset must be a whole number, got number 0.5'],
      ['NaN', () => block.write(NaN, one), 'ERR_SHM_ARG', 'offset must be a whole number, got number NaN'],
      ['Infinity', () => block.write(Infinity, one), 'ERR_SHM_ARG', 'offset must be a whole number, got number Infinity'],
      ['a string offset', () => block.write('0' as never, one), 'ERR_SHM_ARG', 'offset must be a number, got a string'],
      ['no offset', () => block.write(undefined as never, one), 'ERR_SHM_ARG', 'offset must be a number, got undefined'],
      ['negative', () => block.write(-1, one), 'ERR_SHM_RANGE', outsideEveryBlock('-1')],
      ['2^53', () => block.write(2 ** 53, one), 'ERR_SHM_RANGE', outsideEveryBlock('9007199254740992')],
      ['2^53 - 1', () => block.write(2 ** 53 - 1, one), 'ERR_SHM_RANGE', outsideThisBlock('9007199254740991', '9007199254740992')],
      ['past the end', () => block.write(4095, Uint8Array.of(1, 2)), 'ERR_SHM_RANGE', outsideThisBlock('4095', '4097')],
      ['longer than the block', () => block.write(0, Buffer.alloc(4097)), 'ERR_SHM_RANGE', outsideThisBlock('0', '4097')],
      ['offset first', () => block.write(0.5, 'x' as never), 'ERR_SHM_ARG', 'offset must be a whole number, got number 0.5'],
      [
        'a DataView',
        () => block.write(0, new DataView(new ArrayBuffer(2)) as never),
        'ERR_SHM_ARG',
        'bytes must be a Uint8Array or Buffer, got an object',
      ],
      [
        'an Int8Array',
        () => block.write(0, new Int8Array(2) as never),
        'ERR_SHM_ARG',
        'bytes must be a Uint8Array or Buffer, got a typed array other than Uint8Array',
      ],
      ['bytes before range', () => block.write(4096, 'x' as never), 'ERR_SHM_ARG', 'bytes must be a Uint8Array or Buffer, got a string'],
    ];
    for (const [label, call, code, message] of cases) {
      expect({ label, ...refusal(call) }).toEqual({ label, code, message });
    }
    expect(block.writeCount()).toBe(count);
    expect(block.read(0, 4096).equals(Buffer.alloc(4096, 0x5a))).toBe(true);
    block.write(-0, one); // -0 is offset 0
    expect(block.read(0, 1)[0]).toBe(1);
    block.close();
  });

  it('read-only and closed blocks, before or after argument errors as before', () => {
    const name = uniqueName('native-write-refused-blocks');
    const block = native.openBlock({ name, size: 4096 });
    const reader = native.openBlock({ name, readOnly: true });
    const one = Uint8Array.of(1);
    // Argument errors come before read-only; closed comes before everything.
    expect(refusal(() => reader.write(0, one))).toEqual({ code: 'ERR_SHM_READ_ONLY', message: readOnlyMessage(name) });
    expect(refusal(() => reader.write(0, Buffer.alloc(4097)))).toEqual({ code: 'ERR_SHM_READ_ONLY', message: readOnlyMessage(name) });
    expect(refusal(() => reader.write(-1, one))).toMatchObject({ code: 'ERR_SHM_RANGE', message: outsideEveryBlock('-1') });
    expect(refusal(() => reader.write(0, 'x' as never))).toMatchObject({ code: 'ERR_SHM_ARG' });
    block.close();
    reader.close();
    for (const closed of [block, reader]) {
      expect(refusal(() => closed.write(0, one))).toEqual({ code: 'ERR_SHM_CLOSED', message: closedMessage(name) });
      expect(refusal(() => closed.write(-1, 'x' as never))).toEqual({ code: 'ERR_SHM_CLOSED', message: closedMessage(name) });
      expect(refusal(() => closed.readInto(0, new Uint8Array(1)))).toEqual({ code: 'ERR_SHM_CLOSED', message: closedMessage(name) });
    }
  });
});
