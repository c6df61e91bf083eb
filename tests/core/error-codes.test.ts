// The error codes are declared once on each side of the language boundary:
// src-shared/errors.ts for TypeScript, native/src/common/shm_error.{h,cc} for C++.
// These tests read the C++ sources and hold the two lists to each other.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callNative } from '../../src-main/core/native-errors';
import { loadNative } from '../../src-main/core/native';
import { ContractError, ERROR_CODES, isNativeErrorCode, toContractError } from '../../src-shared/errors';

const nativeSource = join(__dirname, '..', '..', 'native', 'src', 'common');
const tsNativeCodes = Object.entries(ERROR_CODES)
  .filter(([, entry]) => entry.origin === 'native')
  .map(([code]) => code)
  .sort();

function codesIn(file: string, pattern: RegExp): string[] {
  return [...readFileSync(join(nativeSource, file), 'utf8').matchAll(pattern)].map((m) => m[1]!);
}

describe('native error codes', () => {
  it('shm_error.cc spells exactly the native codes of src-shared/errors.ts', () => {
    const spelled = codesIn('shm_error.cc', /return "(ERR_[A-Z_]+)";/g);
    expect([...new Set(spelled)].sort()).toEqual(tsNativeCodes);
  });

  it('every enumerator of shm_error.h names its code, and they are the same codes', () => {
    const body = /enum class ErrorCode \{([^}]*)\}/.exec(readFileSync(join(nativeSource, 'shm_error.h'), 'utf8'))?.[1] ?? '';
    const enumerators = [...body.matchAll(/^\s*(\w+),\s*\/\/\s*(ERR_[A-Z_]+)/gm)].map((m) => m[2]!);
    expect(enumerators.length).toBe(body.match(/^\s*\w+,/gm)?.length); // no enumerator without its code
    expect(enumerators.sort()).toEqual(tsNativeCodes);
  });

  it('an addon error keeps its code through the core', () => {
    const native = loadNative();
    const caught = (() => {
      try {
        native.openBlock({ name: '', size: 4096 });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(isNativeErrorCode((caught as { code?: unknown }).code)).toBe(true);
    expect(toContractError(caught)).toMatchObject({ code: 'ERR_SHM_NAME' });
    expect(() => callNative(() => native.openBlock({ name: '', size: 4096 }))).toThrow(expect.objectContaining({ code: 'ERR_SHM_NAME' }));
  });

  it('a code the contract does not know is named in an ERR_INTERNAL, not dropped', () => {
    const future = Object.assign(new Error('something new'), { code: 'ERR_SHM_FUTURE' });
    const mapped = toContractError(future);
    expect(mapped).toBeInstanceOf(ContractError);
    expect(mapped.code).toBe('ERR_INTERNAL');
    expect(mapped.message).toContain('ERR_SHM_FUTURE');
    expect(toContractError(new Error('plain')).message).toBe('plain');
  });
});
