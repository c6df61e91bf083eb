// Unique block names for tests (other suites run at the same time and POSIX
// objects persist), and their removal afterwards.
import { randomBytes } from 'node:crypto';
import { loadNative } from '../../src-main/core/native';

const used = new Set<string>();

/** A name no other test or helper uses: prefix, pid and a random suffix (short enough for macOS). */
export function uniqueBlockName(prefix: string): string {
  const name = `t3${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
  used.add(name);
  return name;
}

/** Unlinks every name this process handed out (ignores the ones already gone). */
export function unlinkUsedBlocks(): void {
  const native = loadNative();
  for (const name of used) {
    try {
      native.unlinkBlock(name);
    } catch {
      // already gone, or never created
    }
  }
  used.clear();
}
