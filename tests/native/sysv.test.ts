// System V segments: openSysvSegment({ id }) attaches read-only
// (shmat(SHM_RDONLY)) and returns the same Block interface, named sysv:<id>;
// shm-reader --sysv ID dumps one. The segment is made by Python (ctypes shmget).
import { afterEach, describe, expect, it } from 'vitest';
import { expectCode, native, run } from './helpers';
import type { Started } from '../support/spawn-until-line';
import { spawnUntilLine } from '../support/spawn-until-line';

let owner: Started | null = null;
afterEach(() => {
  owner?.child.stdin?.end(); // the owner removes its segment (IPC_RMID) and exits
  owner = null;
});

// Creates a private segment of `size` bytes holding `text` in the seed's layout; prints its id; removes it on stdin EOF.
const OWNER = `
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
size = int(sys.argv[1]); text = sys.argv[2].encode('utf-16-le') + b'\\0\\0'
sid = libc.shmget(0, size, 0o600 | 0o1000)
addr = libc.shmat(sid, None, 0)
ctypes.memmove(addr, text, len(text))
print(sid, flush=True)
sys.stdin.read()
libc.shmdt(ctypes.c_void_p(addr)); libc.shmctl(sid, 0, None)
`;

describe('System V segments', () => {
  it('open read-only, read the text, refuse changes; shm-reader dumps it', async () => {
    owner = await spawnUntilLine('/usr/bin/python3', ['-c', OWNER, '8192', 'System V text'], /^\d+$/, { stdin: 'pipe' });
    const id = Number(owner.lines[0]);
    const block = native.openSysvSegment({ id });
    expect(block).toMatchObject({ name: `sysv:${id}`, size: 8192, readOnly: true, locked: false, createdHere: false });
    expect(block.getString()).toBe('System V text');
    expectCode(() => block.setString('x'), 'ERR_SHM_READ_ONLY');
    expectCode(() => block.write(0, Buffer.from('x')), 'ERR_SHM_READ_ONLY');
    block.close();

    const reader = await run(native.readerPath, ['--sysv', String(id), '--json']);
    expect(reader.stderr).toBe('');
    expect(JSON.parse(reader.stdout)).toMatchObject({ name: `sysv:${id}`, size: 8192, text: 'System V text' });
  });

  it('an unknown id is ERR_SHM_NOT_FOUND; a bad id is ERR_SHM_ARG', () => {
    expectCode(() => native.openSysvSegment({ id: 2147483000 }), 'ERR_SHM_NOT_FOUND');
    expectCode(() => native.openSysvSegment({ id: -1 }), 'ERR_SHM_RANGE');
    expectCode(() => native.openSysvSegment({ id: 1.5 }), 'ERR_SHM_ARG');
    expectCode(() => native.openSysvSegment(null as never), 'ERR_SHM_ARG');
  });
});
