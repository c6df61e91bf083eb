// The seed's scenario: a parent sets "This is a test string", a child process
// reads it and prints exactly the original child's line.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { native, run, shmExists, uniqueName, unlinkCreated } from './helpers';

const ORIGINAL_LINE = 'Child process read from shared memory: This is a test string';

afterEach(unlinkCreated);

describe('the original scenario', () => {
  it('a child started after SetSharedMem prints the original line', async () => {
    const name = uniqueName('scenario');
    const block = native.openBlock({ name, size: 4096 });
    expect(block.setString('This is a test string')).toEqual({ units: 21, truncated: false });

    const child = await run(native.readerPath, ['--name', name]);

    expect(child.stderr).toBe('');
    expect(child.code).toBe(0);
    expect(child.stdout).toBe(`${ORIGINAL_LINE}\n`);
    block.close();
  });

  it('works on the real default block dllmemfilemap through setSharedMem', async (ctx) => {
    const script = fileURLToPath(new URL('./fixtures/default-scenario.cjs', import.meta.url));
    // A private tmpfs on /dev/shm (a mount namespace of its own) lets us use the
    // real name without touching another process's "dllmemfilemap".
    const isolated = process.getuid?.() === 0 && existsSync('/usr/bin/unshare');
    if (!isolated && shmExists(native.DEFAULT_NAME)) {
      ctx.skip(`/dev/shm/${native.DEFAULT_NAME} is in use and no private /dev/shm can be mounted (needs root and unshare)`);
    }
    const command = isolated
      ? run('unshare', [
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-c',
          'mount -t tmpfs -o mode=1777 tmpfs /dev/shm && exec "$0" "$1"',
          process.execPath,
          script,
        ])
      : run(process.execPath, [script]);

    const parent = await command;

    expect(parent.stderr).toBe('');
    expect(JSON.parse(parent.stdout)).toEqual({
      stored: { units: 21, truncated: false },
      got: 'This is a test string',
      gotCch5: 'This',
      childStatus: 0,
      childStdout: `${ORIGINAL_LINE}\n`,
      childStderr: '',
    });
  });

  it('prints one JSON object with --json and a hex dump with --hex', async () => {
    const name = uniqueName('formats');
    const block = native.openBlock({ name, size: 4096 });
    block.setString('héllo 😀');

    const json = await run(native.readerPath, ['--name', name, '--json']);
    const hex = await run(native.readerPath, ['--name', name, '--hex']);

    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      name,
      size: 4096,
      systemName: `/dev/shm/${name}`,
      text: 'héllo 😀',
      units: 8,
      terminated: true,
      writeCount: 1,
    });
    expect(hex.code).toBe(0);
    expect(hex.stdout.split('\n')[0]).toBe('00000000  68 00 e9 00 6c 00 6c 00  6f 00 20 00 3d d8 00 de  |h...l.l.o. .=...|');
    expect(hex.stdout).toContain('\n*\n');
    expect(hex.stdout.trimEnd().split('\n').at(-1)).toBe('00001000');
    block.close();
  });

  it('the reader reads like GetSharedMem(buf, cch) with --cch and checks --size', async () => {
    const name = uniqueName('cch');
    const block = native.openBlock({ name, size: 4096 });
    block.setString('This is a test string');

    const cut = await run(native.readerPath, ['--name', name, '--cch', '5']);
    const sized = await run(native.readerPath, ['--name', name, '--size', '4096']);
    const wrongSize = await run(native.readerPath, ['--name', name, '--size', '8192']);

    expect(cut.stdout).toBe('Child process read from shared memory: This\n');
    expect(sized.stdout).toBe(`${ORIGINAL_LINE}\n`);
    expect(wrongSize.code).toBe(1);
    expect(wrongSize.stderr).toMatch(/already exists with 4096 bytes, not 8192/);
    expect(wrongSize.stderr.trimEnd().split('\n')).toHaveLength(1);
    block.close();
  });

  it('the reader never creates a block: exit 2 and one line on stderr', async () => {
    const name = uniqueName('missing');

    const child = await run(native.readerPath, ['--name', name]);

    expect(child.code).toBe(2);
    expect(child.stdout).toBe('');
    expect(child.stderr).toMatch(new RegExp(`^shm-reader: no shared memory block named "${name}".*\\n$`));
    expect(shmExists(name)).toBe(false);
    expect(shmExists(`${name}.lock`)).toBe(false);
  });

  it('the reader answers bad usage with exit 64', async () => {
    for (const args of [['--bogus'], ['--size', 'ten'], ['--size', '0'], ['--name'], ['--name', 'a/b'], ['--cch', '0']]) {
      const child = await run(native.readerPath, args);
      expect(child.code, args.join(' ')).toBe(64);
      expect(child.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
