// The addon and the Node reader are found from wherever the core runs:
// source (src-main/core), or the electron-vite bundle (out/main).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findUp, loadNative, nativeEntryPath } from '../../src-main/core/native';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('native loader', () => {
  it('finds native/index.js and the Node reader walking up from the source and from out/main', () => {
    for (const start of [join(root, 'src-main', 'core'), join(root, 'out', 'main')]) {
      expect(findUp(join('native', 'index.js'), start)).toBe(join(root, 'native', 'index.js'));
      expect(findUp(join('src-main', 'core', 'readers', 'node-reader.cjs'), start)).toBe(
        join(root, 'src-main', 'core', 'readers', 'node-reader.cjs'),
      );
    }
    expect(nativeEntryPath()).toBe(join(root, 'native', 'index.js'));
    expect(findUp('no-such-file-anywhere.t3', '/tmp')).toBeNull();
  });

  it('loads the addon once', () => {
    const native = loadNative();
    expect(loadNative()).toBe(native);
    expect(native.DEFAULT_NAME).toBe('dllmemfilemap');
    expect(typeof native.openBlock).toBe('function');
  });
});
