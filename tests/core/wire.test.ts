// The wire codecs (src-shared/wire.ts): bytes as { "$bytes": base64 } in JSON,
// with the platform's base64, refusing anything that is not canonical; and as
// frames, the bytes raw after the JSON, refusing anything that is not exactly one.
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64, fromWireFrame, fromWireJson, toWireFrame, toWireJson, WireFrameError } from '../../src-shared/wire';

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

  it('leaves a value without bytes as it is, and copies only the way to bytes', () => {
    // An answer of History times: nothing to replace, so nothing is copied (it was, one array per answer).
    const times = { completeSince: 1.5, times: Array.from({ length: 4096 }, (_, i) => 1_765_000_000_000 + i / 3) };
    for (const encode of [toWireJson, (v: unknown) => new TextDecoder().decode(toWireFrame(v)).slice(8).trimEnd()]) {
      expect(encode(times)).toBe(JSON.stringify(times));
    }
    const shared = { note: 'kept', list: [1, 'two', null, { deep: true }] };
    const value = { shared, ranges: [7, { bytes: Uint8Array.of(9) }, shared] };
    expect(fromWireFrame(toWireFrame(value))).toEqual({ shared, ranges: [7, { bytes: Uint8Array.of(9) }, shared] });
    expect(value.ranges[1]).toEqual({ bytes: Uint8Array.of(9) }); // the caller's value is untouched
  });

  it('an own "__proto__" key with bytes stays a key (JSON.parse makes such keys)', () => {
    const hostile = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;
    (hostile['__proto__'] as Record<string, unknown>)['bytes'] = Uint8Array.of(1, 2);
    for (const back of [fromWireJson(toWireJson(hostile)), fromWireFrame(toWireFrame(hostile))] as Record<string, unknown>[]) {
      expect(Object.keys(back)).toEqual(['__proto__', 'y']);
      expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    }
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

describe('wire frames', () => {
  const frameOf = (json: string, tail: number[] = []): Uint8Array => {
    const text = Buffer.from(json.padEnd(Math.ceil(json.length / 8) * 8));
    const frame = Buffer.alloc(8 + text.length + tail.length);
    frame.write('SHMF', 0, 'latin1');
    frame.writeUInt32LE(text.length, 4);
    text.copy(frame, 8);
    frame.set(tail, 8 + text.length);
    return new Uint8Array(frame.buffer, frame.byteOffset, frame.length);
  };

  it('carries any value with its byte fields raw, each an aligned view of the frame', () => {
    const value = {
      name: 'ä block',
      ranges: [
        { offset: 8, bytes: Uint8Array.of(0xca, 0xfe, 0xba) },
        { offset: 9, bytes: new Uint8Array(0) },
      ],
      raw: Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
      none: null,
    };
    const frame = toWireFrame(value);
    const back = fromWireFrame(frame) as typeof value;
    expect(back.name).toBe('ä block');
    expect(back.none).toBeNull();
    expect(Array.from(back.ranges[0]!.bytes)).toEqual([0xca, 0xfe, 0xba]);
    expect(back.ranges[1]!.bytes.length).toBe(0);
    expect(Array.from(back.raw)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const bytes of [back.ranges[0]!.bytes, back.raw]) {
      expect(bytes.buffer).toBe(frame.buffer); // a view, not a copy
      expect(bytes.byteOffset % 8).toBe(0);
    }
    expect(frame.length).toBeLessThan(200);
  });

  it('a 1 MiB Buffer crosses as 1 MiB, not as its toJSON or base64', () => {
    const big = Buffer.alloc(1 << 20, 0x5a);
    const frame = toWireFrame({ ok: true, value: { offset: 0, bytes: big } });
    expect(frame.length).toBeLessThan((1 << 20) + 128);
    const back = fromWireFrame(frame) as { value: { bytes: Uint8Array } };
    expect(Buffer.from(back.value.bytes).equals(big)).toBe(true);
  });

  it('refuses anything that is not exactly a frame, with a WireFrameError that says what', () => {
    const good = frameOf('{"bytes":{"$frame":[0,3]}}', [1, 2, 3]);
    expect(Array.from((fromWireFrame(good) as { bytes: Uint8Array }).bytes)).toEqual([1, 2, 3]);
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['too short', good.subarray(0, 6), /at least 8 bytes/],
      ['wrong magic', Uint8Array.from(good, (b, i) => (i === 0 ? 0x58 : b)), /SHMF/],
      ['JSON past the end', frameOf('{}').map((b, i) => (i === 4 ? 200 : b)), /runs past its end/],
      ['not UTF-8', frameOf('{"a":"\u00ff"}').map((b) => (b === 0xc3 ? 0xff : b)), /not UTF-8/],
      ['malformed JSON', frameOf('{"a":'), /malformed/],
      ['field not two integers', frameOf('{"b":{"$frame":[0,-1]}}'), /two non-negative integers/],
      ['field not an array', frameOf('{"b":{"$frame":"0,3"}}'), /two non-negative integers/],
      ['field past the end', frameOf('{"b":{"$frame":[0,4]}}', [1, 2, 3]), /past the frame's end/],
      ['field misaligned', frameOf('{"b":{"$frame":[1,2]}}', [0, 1, 2]), /starts at 1, not 0/],
      ['fields out of order', frameOf('{"a":{"$frame":[8,1]},"b":{"$frame":[0,1]}}', [1, 0, 0, 0, 0, 0, 0, 0, 2]), /starts at 8, not 0/],
      ['a byte too many', frameOf('{"bytes":{"$frame":[0,3]}}', [1, 2, 3, 4]), /1 bytes after its last field/],
      ['bytes and no field', frameOf('{}', [0]), /after its last field/],
    ];
    for (const [what, frame, message] of cases) {
      expect(() => fromWireFrame(frame), what).toThrow(WireFrameError);
      expect(() => fromWireFrame(frame), what).toThrow(message);
    }
  });
});
