// The wire codec (src-shared/wire.ts): bytes as { "$bytes": base64 } in JSON,
// with the platform's base64, refusing anything that is not canonical.
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64, fromWireJson, toWireJson } from '../../src-shared/wire';

describe('wire JSON', () => {
  it('encodes and decodes every byte value and every padding length like Node does', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (let length = 0; length <= 6; length++) {
      const bytes = all.subarray(250 - length, 250);
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(decodeBase64(encodeBase64(bytes)))).toEqual(Array.from(bytes));
    }
    expect(Array.from(decodeBase64(encodeBase64(all)))).toEqual(Array.from(all));
  });

  it('carries a Uint8Array (and a Buffer, not as its toJSON) inside any value', () => {
    const text = toWireJson({ ranges: [{ offset: 8, bytes: Uint8Array.of(0xca, 0xfe) }], raw: Buffer.from([1, 2]) });
    expect(JSON.parse(text)).toEqual({ ranges: [{ offset: 8, bytes: { $bytes: 'yv4=' } }], raw: { $bytes: 'AQI=' } });
    const back = fromWireJson(text) as { ranges: { bytes: Uint8Array }[]; raw: Uint8Array };
    expect(back.ranges[0]!.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.ranges[0]!.bytes)).toEqual([0xca, 0xfe]);
    expect(Array.from(back.raw)).toEqual([1, 2]);
  });

  it('refuses base64 that is not canonical rather than guess', () => {
    for (const bad of ['A*==', 'AAA', 'A===', '=AAA', 'AA=A', 'AAAA====', 'AA\nA', 'ä===', 'AB==', 'AAB=', ' AA=', 'AQ==AQ==']) {
      expect(() => decodeBase64(bad), bad).toThrow();
    }
    for (const [good, bytes] of [
      ['', []],
      ['AQ==', [1]],
      ['AQI=', [1, 2]],
      ['AQID', [1, 2, 3]],
      ['/+8=', [0xff, 0xef]],
    ] as const) {
      expect(Array.from(decodeBase64(good)), good).toEqual(bytes);
    }
    expect(() => fromWireJson('{"$bytes":"A*=="}')).toThrow();
  });

  it('a decoded value owns its bytes (no view of a shared pool)', () => {
    const decoded = decodeBase64('AQID');
    expect(decoded.byteOffset).toBe(0);
    expect(decoded.buffer.byteLength).toBe(3);
  });
});
