// A file named on the command line, read as the inspector reads anything it
// did not make: it may be a FIFO (an open without O_NONBLOCK waits for a
// writer for ever), a device that never ends (/dev/zero), or far larger than
// anything it is compared with. Only regular files are read, and only their
// first `maxBytes` bytes; the size fstat reports is returned beside them.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { CliError, EXIT } from './session';

export interface BoundedFile {
  /** The file's first bytes, at most the bound. */
  bytes: Uint8Array;
  /** The file's whole size (fstat's, or the bytes read if the file ended sooner). */
  size: number;
}

export async function readBoundedFile(path: string, maxBytes: number): Promise<BoundedFile> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw new CliError('ERR_SHM_ARG', `cannot read ${path}: ${error.code ?? error.message}`, EXIT.usage);
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new CliError('ERR_NOT_A_FILE', `${path} is ${kindOf(stat)}, not a regular file: diff reads regular files only`, EXIT.usage);
    }
    const bytes = new Uint8Array(Math.min(stat.size, maxBytes));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
      if (bytesRead === 0) break; // the file shrank while we read it
      filled += bytesRead;
    }
    return { bytes: bytes.subarray(0, filled), size: filled < bytes.length ? filled : stat.size };
  } finally {
    await handle.close();
  }
}

function kindOf(stat: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'something else';
}
