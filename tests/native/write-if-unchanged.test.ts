// Block.writeIfUnchanged: the compare and the write under one hold of the
// cross-process lock (undo and redo use it through BlockService).
import { afterEach, describe, expect, it } from 'vitest';
import { expectCode, native, startChild, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

const bytes = (...values: number[]): Buffer => Buffer.from(values);

describe('writeIfUnchanged', () => {
  it('writes when the block holds what was expected, counting the write as write() does', () => {
    const block = native.openBlock({ name: uniqueName('cas-equal'), size: 4096 });
    block.write(100, bytes(1, 2, 3));
    const before = block.writeCount();
    expect(block.writeIfUnchanged(100, bytes(1, 2, 3), bytes(7, 8, 9))).toEqual({ written: true, found: bytes(1, 2, 3) });
    expect(block.read(99, 5)).toEqual(bytes(0, 7, 8, 9, 0));
    expect(block.writeCount()).toBe(before + 1);
    // At the very end of the block, and with nothing to compare (as an empty write, it counts).
    expect(block.writeIfUnchanged(4094, bytes(0, 0), bytes(0xfe, 0xff)).written).toBe(true);
    expect(block.read(4094, 2)).toEqual(bytes(0xfe, 0xff));
    expect(block.writeIfUnchanged(4096, bytes(), bytes())).toEqual({ written: true, found: bytes() });
    expect(block.writeCount()).toBe(before + 3);
    block.close();
  });

  it('writes nothing and counts nothing when the block holds other bytes, and says what it found', () => {
    const block = native.openBlock({ name: uniqueName('cas-unequal'), size: 4096 });
    block.write(100, bytes(1, 2, 3));
    const before = block.writeCount();
    expect(block.writeIfUnchanged(100, bytes(1, 2, 4), bytes(7, 8, 9))).toEqual({ written: false, found: bytes(1, 2, 3) });
    expect(block.read(100, 3)).toEqual(bytes(1, 2, 3));
    expect(block.writeCount()).toBe(before);
    block.close();
  });

  it('refuses bad ranges and arguments with coded errors, writing nothing', () => {
    const block = native.openBlock({ name: uniqueName('cas-bad'), size: 64 });
    block.write(0, Buffer.alloc(64, 5));
    const before = block.writeCount();
    expectCode(() => block.writeIfUnchanged(63, bytes(5, 5), bytes(1, 1)), 'ERR_SHM_RANGE');
    expectCode(() => block.writeIfUnchanged(65, bytes(), bytes()), 'ERR_SHM_RANGE');
    expectCode(() => block.writeIfUnchanged(0, bytes(5), bytes(1, 1)), 'ERR_SHM_ARG');
    expectCode(() => block.writeIfUnchanged(-1, bytes(5), bytes(1)), 'ERR_SHM_RANGE');
    expectCode(() => block.writeIfUnchanged('0' as never, bytes(5), bytes(1)), 'ERR_SHM_ARG');
    expectCode(() => block.writeIfUnchanged(0, [5] as never, bytes(1)), 'ERR_SHM_ARG');
    expectCode(() => block.writeIfUnchanged(0, bytes(5), 'x' as never), 'ERR_SHM_ARG');
    expect(block.read(0, 64)).toEqual(Buffer.alloc(64, 5));
    expect(block.writeCount()).toBe(before);
    block.close();
  });

  it('is refused on a read-only block and on a closed one', () => {
    const name = uniqueName('cas-readonly');
    const owner = native.openBlock({ name, size: 64 });
    const reader = native.openBlock({ name, readOnly: true });
    expectCode(() => reader.writeIfUnchanged(0, bytes(0), bytes(1)), 'ERR_SHM_READ_ONLY');
    expect(owner.read(0, 1)).toEqual(bytes(0));
    reader.close();
    owner.close();
    expectCode(() => owner.writeIfUnchanged(0, bytes(0), bytes(1)), 'ERR_SHM_CLOSED');
  });

  it('fails with ERR_SHM_BUSY, having neither compared nor written, while another process holds the lock', async () => {
    const name = uniqueName('cas-busy');
    const block = native.openBlock({ name, size: 4096, lockTimeoutMs: 50 });
    block.write(0, bytes(1, 2, 3));
    const holder = await startChild('hold', { name, size: 4096 }, /^holding/);
    try {
      const error = expectCode(() => block.writeIfUnchanged(0, bytes(1, 2, 3), bytes(9, 9, 9)), 'ERR_SHM_BUSY');
      expect(error.message).toContain(`pid ${holder.child.pid}`);
    } finally {
      holder.child.kill('SIGKILL');
    }
    await new Promise((resolve) => holder.child.once('exit', resolve));
    expect(block.read(0, 3)).toEqual(bytes(1, 2, 3));
    expect(block.writeIfUnchanged(0, bytes(1, 2, 3), bytes(9, 9, 9)).written).toBe(true);
    block.close();
  });
});
