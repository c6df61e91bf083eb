// Read-only, traceless open: openBlock({ name, readOnly: true }) maps an
// existing object PROT_READ, creates nothing (no object, no companion), takes
// no lock and changes nothing: /dev/shm is the same before and after.
import { readdirSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { expectCode, native, run, shmExists, shmPath, startChild, uniqueName, unlinkCreated } from './helpers';

afterEach(unlinkCreated);

/** Every entry of /dev/shm with its size and times, to compare before and after. */
function snapshot(): string[] {
  return readdirSync('/dev/shm')
    .filter((entry) => entry.startsWith(`shmtest-ro-${process.pid}-`))
    .map((entry) => {
      const info = statSync(shmPath(entry));
      return `${entry} ${info.size} ${info.mode.toString(8)} ${info.mtimeMs} ${info.ctimeMs}`;
    })
    .sort();
}

/** A block made by another program (Python, no companion), holding `text` in the seed's layout. */
async function foreignBlock(name: string, text: string, size = 4096): Promise<void> {
  const script = `import os
fd = os.open('/dev/shm/${name}', os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
os.ftruncate(fd, ${size})
os.pwrite(fd, ${JSON.stringify(text)}.encode('utf-16-le') + b'\\0\\0', 0)
os.close(fd)`;
  const result = await run('/usr/bin/python3', ['-c', script]);
  expect(result.stderr).toBe('');
}

describe('read-only open', () => {
  it('reads a foreign block and leaves /dev/shm exactly as it was', async () => {
    const name = uniqueName('ro');
    await foreignBlock(name, 'made elsewhere');
    const before = snapshot();
    await new Promise((resolve) => setTimeout(resolve, 20)); // a change would show in mtime/ctime

    const block = native.openBlock({ name, readOnly: true });
    expect(block).toMatchObject({ readOnly: true, locked: false, createdHere: false, size: 4096 });
    expect(block.getString()).toBe('made elsewhere');
    expect(block.read(0, 4).toString('utf16le')).toBe('ma');
    expect(block.writeCount()).toBe(0);
    expect(shmExists(`${name}.lock`)).toBe(false);
    for (const change of [() => block.write(0, Buffer.from('x')), () => block.setString('x'), () => block.unlink()]) {
      expect(expectCode(change, 'ERR_SHM_READ_ONLY').message).toMatch(/read-only/);
    }
    expect(block.getString()).toBe('made elsewhere');
    block.close();

    expect(snapshot()).toEqual(before);
  });

  it('shm-reader --read-only dumps a foreign block and leaves /dev/shm as it was', async () => {
    const name = uniqueName('ro');
    await foreignBlock(name, 'seen by the reader');
    const before = snapshot();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const result = await run(native.readerPath, ['--name', name, '--read-only', '--json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ text: 'seen by the reader', writeCount: 0 });
    expect(snapshot()).toEqual(before);
  });

  it('a missing name is ERR_SHM_NOT_FOUND and creates nothing', () => {
    const name = uniqueName('ro');
    expectCode(() => native.openBlock({ name, readOnly: true }), 'ERR_SHM_NOT_FOUND');
    expect(shmExists(name)).toBe(false);
    expect(shmExists(`${name}.lock`)).toBe(false);
    expectCode(() => native.openBlock({ name, readOnly: true, create: true }), 'ERR_SHM_ARG');
  });

  it('reads a block whose lock holder is stopped, at once (no lock taken)', async () => {
    const name = uniqueName('ro');
    const owner = native.openBlock({ name, size: 4096 });
    owner.setString('held');
    const holder = await startChild('hold', { name, size: 4096 }, /^holding/);
    holder.child.kill('SIGSTOP');
    try {
      const look = native.openBlock({ name, readOnly: true });
      expect(look.getString()).toBe('held');
      look.close();
      expectCode(() => owner.getString(), 'ERR_SHM_BUSY');
    } finally {
      holder.child.kill('SIGKILL');
    }
    owner.close();
  });

  it('checks a given size', async () => {
    const name = uniqueName('ro');
    await foreignBlock(name, 'x', 100);
    expectCode(() => native.openBlock({ name, readOnly: true, size: 4096 }), 'ERR_SHM_SIZE_MISMATCH');
    const block = native.openBlock({ name, readOnly: true, size: 100 });
    expect(block.getString()).toBe('x');
    block.close();
  });
});
