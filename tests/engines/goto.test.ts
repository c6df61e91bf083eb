import { describe, expect, it } from 'vitest';
import { parseGoto } from '../../src-shared/lib/goto';

const at = (input: string, cursor = 0x100, size = 0x10000) => parseGoto(input, { cursor, size });

describe('parseGoto', () => {
  it('reads bare hex, 0x and h forms, and # decimal', () => {
    expect(at('FA0')).toEqual({ ok: true, value: 0xfa0 });
    expect(at('fa0')).toEqual({ ok: true, value: 0xfa0 });
    expect(at('0xFA0')).toEqual({ ok: true, value: 0xfa0 });
    expect(at('FA0h')).toEqual({ ok: true, value: 0xfa0 });
    expect(at('  10  ')).toEqual({ ok: true, value: 0x10 });
    expect(at('#4000')).toEqual({ ok: true, value: 4000 });
    expect(at('1_000')).toEqual({ ok: true, value: 0x1000 });
  });

  it('reads relative offsets from the cursor, in hex or # decimal', () => {
    expect(at('+10')).toEqual({ ok: true, value: 0x110 });
    expect(at('-10')).toEqual({ ok: true, value: 0xf0 });
    expect(at('+#16')).toEqual({ ok: true, value: 0x110 });
    expect(at('- 0x100')).toEqual({ ok: true, value: 0 });
  });

  it('goes to the last byte with end', () => {
    expect(at('end')).toEqual({ ok: true, value: 0xffff });
    expect(at('END', 0, 4096)).toEqual({ ok: true, value: 4095 });
  });

  it('explains what is wrong', () => {
    const error = (input: string): string => {
      const result = at(input);
      if (result.ok) throw new Error(`${input} was accepted`);
      return result.error;
    };
    expect(error('')).toMatch(/type an offset/);
    expect(error('xyz')).toMatch(/not an offset/);
    expect(error('#12a')).toMatch(/not a decimal/);
    expect(error('10000')).toMatch(/0x10000 is past the end.*0xFFFF/);
    expect(error('-101')).toMatch(/before the start/);
    expect(error('0x')).toMatch(/not an offset/);
    expect(error('FFFFFFFFFFFFFFFFFF')).toMatch(/too large/);
  });
});
