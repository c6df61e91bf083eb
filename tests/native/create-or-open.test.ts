// Create-or-open: the first opener creates and zero-fills, later openers (other
// processes) see createdHere: false and the first one's bytes.
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { expectCode, native, runChild, shmPath, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

describe('create-or-open', () => {
  it('the first opener creates a zero-filled block; another process opens it and sees its bytes', async () => {
    const name = uniqueName('cro');
    const first = native.openBlock({ name, size: 4096 });
    expect(first.createdHere).toBe(true);
    expect(first.read(0, 4096).every((byte) => byte === 0)).toBe(true);
    first.write(0, Uint8Array.from([1, 2, 3, 250]));

    const second = await runChild('open', { name, size: 4096 });

    expect(second.stderr).toBe('');
    const seen = JSON.parse(second.stdout);
    expect(seen.createdHere).toBe(false);
    expect(seen.size).toBe(4096);
    expect(seen.bytes.startsWith('010203fa00')).toBe(true);
    first.close();
  });

  it('a second opener in the same process also sees createdHere: false', () => {
    const name = uniqueName('cro2');
    const first = native.openBlock({ name, size: 100 });
    const second = native.openBlock({ name, size: 100 });
    first.setString('shared');
    expect(second.createdHere).toBe(false);
    expect(second.getString()).toBe('shared');
    first.close();
    second.close();
  });

  it('opening with another size names the real size and changes nothing', () => {
    const name = uniqueName('mismatch');
    const block = native.openBlock({ name, size: 4096 });
    block.setString('keep me');

    const error = expectCode(() => native.openBlock({ name, size: 8192 }), 'ERR_SHM_SIZE_MISMATCH');

    expect(error.message).toContain('4096 bytes, not 8192');
    expect(block.getString()).toBe('keep me');
    const again = native.openBlock({ name, create: false, size: 'existing' });
    expect(again.size).toBe(4096);
    expect(again.createdHere).toBe(false);
    again.close();
    block.close();
  });

  it('open-only on a missing block is ERR_SHM_NOT_FOUND and creates nothing', () => {
    const name = uniqueName('absent');
    expectCode(() => native.openBlock({ name, create: false }), 'ERR_SHM_NOT_FOUND');
    expectCode(() => native.openBlock({ name, create: false, size: 'existing' }), 'ERR_SHM_NOT_FOUND');
    expect(native.unlinkBlock(name)).toBe(false);
  });

  it('adopts a 0-byte object left by a creator that died before sizing it', () => {
    const name = uniqueName('orphan');
    // What shm_open(O_CREAT|O_EXCL) leaves when its caller dies before ftruncate.
    writeFileSync(shmPath(name), '', { mode: 0o600 });

    const block = native.openBlock({ name, size: 4096 });

    expect(block.size).toBe(4096);
    expect(block.createdHere).toBe(true);
    expect(block.read(0, 4096).every((byte) => byte === 0)).toBe(true);
    block.close();
  });
});
