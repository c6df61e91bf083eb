// Copy-as formats, checked by the languages that read them: gcc compiles the
// C array, Python evaluates the bytes literal, Node decodes the base64.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeText, formatBytes, parseHexBytes } from '../../src-shared/lib/copy-as';

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);

function parsed(input: string): number[] {
  const result = parseHexBytes(input);
  if (!result.ok) throw new Error(result.error);
  return [...result.value];
}

describe('formatBytes', () => {
  it('writes hex as hex editors copy it', () => {
    expect(formatBytes(Uint8Array.of(0xde, 0xad, 0x0b), 'hex')).toBe('DE AD 0B');
    expect(formatBytes(new Uint8Array(0), 'hex')).toBe('');
  });

  it('writes a C array that gcc compiles to the same bytes', () => {
    const source = formatBytes(allBytes, 'c-array', { name: 'blob' });
    expect(source.startsWith('const unsigned char blob[256] = {\n  0x00, 0x01')).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'engines-carray-'));
    try {
      writeFileSync(
        join(dir, 'a.c'),
        `#include <stdio.h>\n${source}\nint main(void){for(int i=0;i<(int)sizeof blob;i++)printf("%02x",blob[i]);return 0;}\n`,
      );
      execFileSync('gcc', ['-o', join(dir, 'a'), join(dir, 'a.c')]);
      expect(execFileSync(join(dir, 'a')).toString()).toBe(Buffer.from(allBytes).toString('hex'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes a Python bytes literal that Python reads back as the same bytes', () => {
    const literal = formatBytes(allBytes, 'python');
    expect(formatBytes(Uint8Array.of(0x41, 0x22, 0x5c, 0x00), 'python')).toBe('b"A\\"\\\\\\x00"');
    const run = spawnSync('python3', ['-c', `import sys;sys.stdout.write(${literal}.hex())`]);
    expect(run.stdout.toString()).toBe(Buffer.from(allBytes).toString('hex'));
  });

  it('writes base64 and text in an encoding', () => {
    expect(formatBytes(Uint8Array.of(0xde, 0xad, 0xbe, 0xef), 'base64')).toBe('3q2+7w==');
    expect(Buffer.from(formatBytes(allBytes, 'base64'), 'base64')).toEqual(Buffer.from(allBytes));
    expect(formatBytes(Uint8Array.of(0x48, 0, 0x69, 0), 'text', { encoding: 'utf16le' })).toBe('Hi');
    expect(formatBytes(Uint8Array.of(0, 0x48, 0, 0x69), 'text', { encoding: 'utf16be' })).toBe('Hi');
    expect(formatBytes(Uint8Array.of(0x48, 0xc3, 0xa9), 'text')).toBe('Hé');
    expect(decodeText(Uint8Array.of(0x41, 0xe9), 'ascii')).toBe('A\uFFFD');
    expect(decodeText(Uint8Array.of(0x41, 0xe9), 'latin1')).toBe('Aé');
  });
});

describe('parseHexBytes', () => {
  it('reads every format it copies, and the usual pasted forms', () => {
    expect(parsed('DE AD BE EF')).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(parsed('deadbeef')).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(parsed('0xDE, 0xAD,0x5')).toEqual([0xde, 0xad, 0x05]);
    expect(parsed('DE-AD:BE')).toEqual([0xde, 0xad, 0xbe]);
    expect(parsed(formatBytes(allBytes, 'c-array'))).toEqual([...allBytes]);
    expect(parsed(formatBytes(allBytes, 'python'))).toEqual([...allBytes]);
    expect(parsed("b'a\\'b\\n'")).toEqual([0x61, 0x27, 0x62, 0x0a]);
  });

  it('says what is wrong with text that is not hex', () => {
    for (const [input, message] of [
      ['hello', /"hello" is not hex/],
      ['ABC', /pairs of digits/],
      ['   ', /nothing to paste/],
      ['b"\\q"', /unknown escape/],
      ['b"\\x4"', /two hex digits/],
    ] as const) {
      const result = parseHexBytes(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    }
  });
});

describe('encodeText', () => {
  it('encodes for pasting in each encoding and refuses what an encoding cannot hold', () => {
    const bytes = (text: string, encoding: Parameters<typeof encodeText>[1]): number[] => {
      const result = encodeText(text, encoding);
      if (!result.ok) throw new Error(result.error);
      return [...result.value];
    };
    expect(bytes('Hé', 'utf8')).toEqual([0x48, 0xc3, 0xa9]);
    expect(bytes('Hé', 'latin1')).toEqual([0x48, 0xe9]);
    expect(bytes('H😀', 'utf16le')).toEqual([...Buffer.from('H😀', 'utf16le')]);
    expect(bytes('H😀', 'utf16be')).toEqual([...Buffer.from('H😀', 'utf16le').swap16()]);
    const refused = encodeText('é', 'ascii');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatch(/no ASCII byte/);
  });
});
