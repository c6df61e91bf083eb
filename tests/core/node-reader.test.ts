// The Node child reader on its own, like shm-reader: the original line, and
// the same exit codes (0 read, 2 no such block, 64 bad usage).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeReaderScript } from '../../src-main/core/launcher';
import { loadNative, nativeEntryPath } from '../../src-main/core/native';
import { uniqueBlockName, unlinkUsedBlocks } from '../support/blocks';
import { runNode } from '../support/processes';

describe('node-reader.cjs', () => {
  afterAll(() => unlinkUsedBlocks());

  it('prints the original child line for an existing block', async () => {
    const name = uniqueBlockName('nr');
    const block = loadNative().openBlock({ name, size: 4096 });
    block.setString('This is a test string');
    const result = await runNode([nodeReaderScript(), '--addon', nativeEntryPath(), '--name', name, '--size', '4096']);
    block.close();
    expect(result).toEqual({ code: 0, stdout: 'Child process read from shared memory: This is a test string\n', stderr: '' });
  });

  it('exits 2 without creating a block that does not exist', async () => {
    const name = uniqueBlockName('nr-missing');
    const result = await runNode([nodeReaderScript(), '--addon', nativeEntryPath(), '--name', name, '--size', '4096']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ERR_SHM_NOT_FOUND/);
    expect(result.stdout).toBe('');
    expect(() => loadNative().openBlock({ name, size: 4096, create: false })).toThrow(
      expect.objectContaining({ code: 'ERR_SHM_NOT_FOUND' }),
    );
  });

  it('exits 64 on bad usage', async () => {
    for (const args of [[], ['--name', 'x'], ['--addon', join('native', 'index.js'), '--size', '-1'], ['--addon', 'a', '--bogus', 'b']]) {
      const result = await runNode([nodeReaderScript(), ...args]);
      expect(result.code, args.join(' ')).toBe(64);
      expect(result.stderr).toMatch(/^usage:/);
    }
  });
});
