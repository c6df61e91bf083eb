// Data inspector rows: values checked against Node's Buffer readers, the
// DWARF spec's LEB128 examples, Python's uuid, and known dates; every row's
// encoder must give back the bytes its decoder read.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeRow, encodeRow, inspect, ROW_IDS, type RowId } from '../../src-shared/lib/decoders';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const text = (id: RowId, bytes: Uint8Array, little = true): string | undefined => decodeRow(id, bytes, little)?.text;
const encoded = (id: RowId, input: string, little = true): string => {
  const result = encodeRow(id, input, little);
  if (!result.ok) throw new Error(result.error);
  return Buffer.from(result.value).toString('hex');
};

describe('decodeRow', () => {
  it('reads integers and floats of both byte orders as Buffer does', () => {
    for (let trial = 0; trial < 50; trial++) {
      const bytes = randomBytes(8);
      const u8 = Uint8Array.from(bytes);
      expect(text('u8', u8)).toBe(String(bytes.readUInt8(0)));
      expect(text('i8', u8)).toBe(String(bytes.readInt8(0)));
      expect(text('u16', u8)).toBe(String(bytes.readUInt16LE(0)));
      expect(text('i16', u8, false)).toBe(String(bytes.readInt16BE(0)));
      expect(text('u32', u8, false)).toBe(String(bytes.readUInt32BE(0)));
      expect(text('i32', u8)).toBe(String(bytes.readInt32LE(0)));
      expect(text('u64', u8)).toBe(String(bytes.readBigUInt64LE(0)));
      expect(text('i64', u8, false)).toBe(String(bytes.readBigInt64BE(0)));
      expect(text('f32', u8)).toBe(String(bytes.readFloatLE(0)));
      expect(text('f64', u8, false)).toBe(String(bytes.readDoubleBE(0)));
    }
  });

  it('reads ASCII, binary, Unix times and FILETIME', () => {
    expect(text('ascii', hex('41'))).toBe("'A'");
    expect(text('ascii', hex('0a'))).toBe("'\\x0a'");
    expect(text('ascii', hex('e9'))).toBe('not ASCII');
    expect(text('binary', hex('a5'))).toBe('10100101');
    expect(text('unix32', hex('00000000'))).toBe('1970-01-01T00:00:00Z');
    expect(text('unix32', hex('ffffffff'))).toBe('1969-12-31T23:59:59Z');
    expect(text('unix32', hex('5e0be100'), false)).toBe('2020-01-01T00:00:00Z');
    expect(text('unix64', hex('000000005e0be100'), false)).toBe('2020-01-01T00:00:00Z');
    expect(text('unix64', hex('7fffffffffffffff'), false)).toBe('out of range');
    // (1577836800 + 11644473600) * 10^7 ticks, + 1234567 ticks = .1234567 s
    const ticks = 132223104000000000n + 1_234_567n;
    const le = Buffer.alloc(8);
    le.writeBigUInt64LE(ticks);
    expect(text('filetime', Uint8Array.from(le))).toBe('2020-01-01T00:00:00.1234567Z');
    expect(text('filetime', hex('0000000000000000'))).toBe('1601-01-01T00:00:00.0000000Z');
  });

  it("reads GUIDs as Python's uuid does (bytes_le for little endian, bytes for big)", () => {
    const bytes = randomBytes(16);
    const script = `import uuid;b=bytes.fromhex("${bytes.toString('hex')}");print(str(uuid.UUID(bytes_le=b)).upper());print(str(uuid.UUID(bytes=b)).upper())`;
    const [little, big] = spawnSync('python3', ['-c', script]).stdout.toString().trim().split('\n');
    expect(text('guid', Uint8Array.from(bytes), true)).toBe(`{${little}}`);
    expect(text('guid', Uint8Array.from(bytes), false)).toBe(`{${big}}`);
  });

  it("reads LEB128 as in the DWARF specification's examples", () => {
    const unsigned: Array<[string, string]> = [
      ['02', '2'],
      ['7f', '127'],
      ['8001', '128'],
      ['8101', '129'],
      ['8201', '130'],
      ['b964', '12857'],
    ];
    for (const [bytes, value] of unsigned) {
      expect(decodeRow('uleb128', hex(bytes + 'ffff'.slice(0, 0)), true)).toEqual({ text: value, size: bytes.length / 2 });
      expect(encoded('uleb128', value)).toBe(bytes);
    }
    const signed: Array<[string, string]> = [
      ['02', '2'],
      ['7e', '-2'],
      ['ff00', '127'],
      ['817f', '-127'],
      ['8001', '128'],
      ['807f', '-128'],
      ['8101', '129'],
      ['ff7e', '-129'],
    ];
    for (const [bytes, value] of signed) {
      expect(decodeRow('sleb128', hex(bytes + '55'), true)).toEqual({ text: value, size: bytes.length / 2 });
      expect(encoded('sleb128', value)).toBe(bytes);
    }
    expect(decodeRow('uleb128', hex('8080'), true)).toBe(null); // not ended
    expect(decodeRow('uleb128', hex('ffffffffffffffffff7f'), true)).toBe(null); // 70 bits
    expect(decodeRow('sleb128', hex('ffffffffffffffffff7e'), true)).toBe(null); // below int64
    expect(encoded('uleb128', (2n ** 64n - 1n).toString())).toBe('ffffffffffffffffff01');
  });

  it('lists only the rows the bytes are long enough for', () => {
    expect(inspect(hex('01'), true).map((r) => r.id)).toEqual(['u8', 'i8', 'ascii', 'binary', 'uleb128', 'sleb128']);
    expect(inspect(new Uint8Array(16), true).map((r) => r.id)).toEqual(ROW_IDS);
    expect(inspect(new Uint8Array(16), true).find((r) => r.id === 'guid')?.label).toBe('GUID');
  });
});

describe('encodeRow', () => {
  it('gives back the bytes its decoder read, for every row and byte order', () => {
    const lossy = new Set<RowId>(['ascii']);
    for (let trial = 0; trial < 100; trial++) {
      const bytes = Uint8Array.from(randomBytes(16));
      for (const little of [true, false]) {
        for (const id of ROW_IDS) {
          const decoded = decodeRow(id, bytes, little);
          if (!decoded || lossy.has(id) || decoded.text === 'out of range' || decoded.text === 'NaN') continue;
          const result = encodeRow(id, decoded.text, little);
          if (id === 'uleb128' || id === 'sleb128') {
            // Random bytes may be a longer-than-needed LEB128; the encoder writes the shortest.
            if (!result.ok) throw new Error(result.error);
            expect(result.value.length).toBeLessThanOrEqual(decoded.size);
            expect(decodeRow(id, result.value, little)?.text).toBe(decoded.text);
            continue;
          }
          expect(result, `${id} ${little} ${decoded.text}`).toEqual({ ok: true, value: bytes.slice(0, decoded.size) });
        }
      }
    }
  });

  it('reads the forms people type, and refuses out-of-range and malformed values with a reason', () => {
    expect(encoded('u16', '0x1234')).toBe('3412');
    expect(encoded('u16', '0x1234', false)).toBe('1234');
    expect(encoded('i8', '-128')).toBe('80');
    expect(encoded('u8', '0b101')).toBe('05');
    expect(encoded('ascii', 'A')).toBe('41');
    expect(encoded('ascii', "'\\x0a'")).toBe('0a');
    expect(encoded('binary', '1010 0101')).toBe('a5');
    expect(encoded('unix32', '2020-01-01T00:00:00Z', false)).toBe('5e0be100');
    expect(encoded('unix32', '0')).toBe('00000000');
    expect(encoded('guid', '00112233-4455-6677-8899-AABBCCDDEEFF', false)).toBe('00112233445566778899aabbccddeeff');
    expect(encoded('f32', '1.5', false)).toBe('3fc00000');
    const refusals: Array<[RowId, string, RegExp]> = [
      ['u8', '256', /does not fit.*0 to 255/],
      ['i16', '-32769', /does not fit/],
      ['u32', '12abc', /not a whole number/],
      ['f64', 'abc', /not a number/],
      ['ascii', 'é', /one ASCII character/],
      ['binary', '102', /binary digits/],
      ['unix32', 'yesterday', /date like/],
      ['unix32', '2200-01-01T00:00:00Z', /does not fit/],
      ['guid', '{123}', /GUID looks like/],
      ['uleb128', '-1', /cannot be negative/],
    ];
    for (const [id, input, message] of refusals) {
      const result = encodeRow(id, input, true);
      expect(result.ok, `${id} ${input}`).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    }
  });
});
