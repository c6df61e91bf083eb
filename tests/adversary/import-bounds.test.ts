// Import and Compare with file read a file the user chose in the page. The
// panel used to read it whole (file.arrayBuffer()) before any check, so a
// 1 TiB file (or /dev/zero-like sizes) was read into the tab before the store
// could say it does not fit. Now its size is checked first (MAX_FILE_BYTES
// and the room in the block) and only the bytes needed are ever read.
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEvent } from 'react';
import { chosenFile } from '../../src-renderer/src/lib/chosenFile';
import { MAX_FILE_BYTES } from '../../src-shared/limits';
import { useCoreSession } from '../renderer/core-session';

const session = useCoreSession();
const files = () => session.stores.files.getState();

/** A file of `size` bytes as the browser's File gives it, counting the bytes anyone reads. */
function fakeFile(name: string, size: number) {
  const reads: number[] = [];
  const file = {
    name,
    size,
    arrayBuffer: () => {
      reads.push(size);
      return Promise.reject(new Error(`read all ${size} bytes`));
    },
    slice: (start = 0, end = size) => ({
      arrayBuffer: () => {
        reads.push(end - start);
        return Promise.resolve(new Uint8Array(end - start).fill(0x5a).buffer);
      },
    }),
  };
  return { file, reads };
}

/** The change event of a file input holding `file`. */
function chose(file: object): ChangeEvent<HTMLInputElement> {
  return { target: { files: [file], value: 'C:\\fakepath\\x' } } as unknown as ChangeEvent<HTMLInputElement>;
}

afterEach(() => void files().cancelImport());

describe('Import and Compare check a file size before reading it', () => {
  it('a 1 TiB file is refused with ERR_INPUT_TOO_LARGE, and not one byte of it is read', async () => {
    const info = await session.openFreshBlock('advimport', 4096);
    const { file, reads } = fakeFile('huge.bin', 2 ** 40);
    await files().planImport(info.name, 4096, (await chosenFile(chose(file)))!, 0);
    expect(files().importPlan).toBeNull();
    expect(files().error).toContain('ERR_INPUT_TOO_LARGE');
    expect(reads).toEqual([]);
  });

  it('one byte past MAX_FILE_BYTES is refused before reading, whatever the block', async () => {
    const info = await session.openFreshBlock('advimport-cap', 4096);
    const { file, reads } = fakeFile('cap.bin', MAX_FILE_BYTES + 1);
    await files().planImport(info.name, 2 * MAX_FILE_BYTES, (await chosenFile(chose(file)))!, 0);
    expect(files().error).toContain(`at most ${MAX_FILE_BYTES.toLocaleString('en')} bytes`);
    expect(reads).toEqual([]);
  });

  it('a file larger than the room in the block is refused before reading; one that fits is read once, exactly', async () => {
    const info = await session.openFreshBlock('advimport-room', 4096);
    const big = fakeFile('big.bin', 5000);
    await files().planImport(info.name, 4096, (await chosenFile(chose(big.file)))!, 0);
    expect(files().error).toContain('only 4,096 bytes fit');
    expect(big.reads).toEqual([]);
    const fits = fakeFile('fits.bin', 100);
    await files().planImport(info.name, 4096, (await chosenFile(chose(fits.file)))!, 10);
    expect(files().importPlan).toMatchObject({ offset: 10, changed: 100 });
    expect(fits.reads).toEqual([100]);
  });

  it('Compare with a 1 TiB file reads only as far as the block goes', async () => {
    const info = await session.openFreshBlock('advcompare', 4096);
    const { file, reads } = fakeFile('huge.bin', 2 ** 40);
    await files().compare(info.name, 4096, (await chosenFile(chose(file)))!);
    expect(files().comparison).toMatchObject({ compared: 4096, fileLength: 2 ** 40, changed: 4096 });
    expect(reads).toEqual([4096]);
  });
});
