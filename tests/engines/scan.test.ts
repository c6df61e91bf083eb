// Value scan: the real native candidates over real shared blocks, checked
// against a plain JavaScript model of Cheat Engine's rules.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ValueScan, type FirstScan, type NextScan, type ValueScanOptions } from '../../src-main/core/scan';
import { encodeNumber, numberWidth } from '../../src-main/core/search';
import { native, uniqueName, unlinkCreated } from '../native/helpers';

afterEach(unlinkCreated);

function newBlock(size: number): ReturnType<typeof native.openBlock> {
  return native.openBlock({ name: uniqueName('engines-scan'), size });
}

/** The model: a map offset -> previous value, narrowed by the same rules. */
class Model {
  candidates = new Map<number, number | bigint>();
  constructor(private readonly options: ValueScanOptions) {}

  private read(bytes: Buffer, offset: number): number | bigint {
    const le = this.options.endianness === 'little';
    switch (this.options.type) {
      case 'i8':
        return bytes.readInt8(offset);
      case 'u8':
        return bytes.readUInt8(offset);
      case 'i16':
        return le ? bytes.readInt16LE(offset) : bytes.readInt16BE(offset);
      case 'u16':
        return le ? bytes.readUInt16LE(offset) : bytes.readUInt16BE(offset);
      case 'i32':
        return le ? bytes.readInt32LE(offset) : bytes.readInt32BE(offset);
      case 'u32':
        return le ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset);
      case 'i64':
        return le ? bytes.readBigInt64LE(offset) : bytes.readBigInt64BE(offset);
      case 'u64':
        return le ? bytes.readBigUInt64LE(offset) : bytes.readBigUInt64BE(offset);
      case 'f32':
        return le ? bytes.readFloatLE(offset) : bytes.readFloatBE(offset);
      case 'f64':
        return le ? bytes.readDoubleLE(offset) : bytes.readDoubleBE(offset);
    }
  }

  private wrap(value: number | bigint): number | bigint {
    const { type } = this.options;
    const bits = numberWidth(type) * 8;
    if (type.startsWith('f')) return type === 'f32' ? Math.fround(Number(value)) : Number(value);
    const big = BigInt(value);
    const wrapped = type.startsWith('i') ? BigInt.asIntN(bits, big) : BigInt.asUintN(bits, big);
    return bits === 64 ? wrapped : Number(wrapped);
  }

  private keeps(
    now: number | bigint,
    before: number | bigint | undefined,
    criteria: FirstScan | NextScan,
    nowBytes: Buffer,
    beforeBytes?: Buffer,
  ): boolean {
    switch (criteria.mode) {
      case 'unknown':
        return true;
      case 'exact':
        return now === this.wrap(criteria.value);
      case 'range':
        return this.wrap(criteria.min) <= now && now <= this.wrap(criteria.max);
      case 'changed':
        return !nowBytes.equals(beforeBytes!);
      case 'unchanged':
        return nowBytes.equals(beforeBytes!);
      case 'increased':
        return now > before!;
      case 'decreased':
        return now < before!;
      case 'increasedBy':
        return now === this.wrap(typeof before === 'bigint' ? before + BigInt(criteria.by) : Number(before) + Number(criteria.by));
      case 'decreasedBy':
        return before === this.wrap(typeof now === 'bigint' ? now + BigInt(criteria.by) : Number(now) + Number(criteria.by));
    }
  }

  private starts(size: number): number[] {
    const width = numberWidth(this.options.type);
    const step = this.options.aligned ? width : 1;
    const out: number[] = [];
    for (let offset = 0; offset + width <= size; offset += step) out.push(offset);
    return out;
  }

  private bytesAt(bytes: Buffer, offset: number): Buffer {
    return bytes.subarray(offset, offset + numberWidth(this.options.type));
  }

  first(bytes: Buffer, criteria: FirstScan): void {
    this.candidates.clear();
    this.previousBytes = Buffer.from(bytes);
    for (const offset of this.starts(bytes.length)) {
      const now = this.read(bytes, offset);
      if (this.keeps(now, undefined, criteria, this.bytesAt(bytes, offset))) this.candidates.set(offset, now);
    }
  }

  private previousBytes = Buffer.alloc(0);

  next(bytes: Buffer, criteria: NextScan): void {
    const kept = new Map<number, number | bigint>();
    for (const [offset, before] of this.candidates) {
      const now = this.read(bytes, offset);
      if (this.keeps(now, before, criteria, this.bytesAt(bytes, offset), this.bytesAt(this.previousBytes, offset))) kept.set(offset, now);
    }
    this.candidates = kept;
    this.previousBytes = Buffer.from(bytes);
  }
}

async function expectSame(scan: ValueScan, model: Model): Promise<void> {
  const listed = scan.candidates(0, 1 << 20);
  expect(scan.stats().count).toBe(model.candidates.size);
  expect(listed.map((c) => c.offset)).toEqual([...model.candidates.keys()]);
  expect(listed.map((c) => c.previous)).toEqual([...model.candidates.values()]);
}

/** Changes a few random bytes and nudges some values up and down. */
function mutate(bytes: Buffer): void {
  for (let i = 0; i < 40; i++) bytes[Math.floor(Math.random() * bytes.length)] = Math.floor(Math.random() * 256);
  for (let i = 0; i < 40; i++) {
    const at = Math.floor(Math.random() * bytes.length);
    bytes[at] = (bytes[at]! + (i % 2 === 0 ? 1 : 255)) & 0xff;
  }
}

describe('ValueScan agrees with the model', () => {
  const types: ValueScanOptions[] = [
    { type: 'u8', endianness: 'little', aligned: false },
    { type: 'i8', endianness: 'little', aligned: true },
    { type: 'u16', endianness: 'big', aligned: false },
    { type: 'i32', endianness: 'little', aligned: true },
    { type: 'u32', endianness: 'big', aligned: false },
    { type: 'i64', endianness: 'little', aligned: false },
    { type: 'u64', endianness: 'big', aligned: true },
    { type: 'f32', endianness: 'little', aligned: true },
    { type: 'f64', endianness: 'big', aligned: false },
  ];
  for (const options of types) {
    it(`${options.type} ${options.endianness} ${options.aligned ? 'aligned' : 'unaligned'}: unknown, then every next scan`, async () => {
      const size = 3001; // odd, so the last values are cut by the end
      const block = newBlock(size);
      // Few distinct bytes, so exact and unchanged keep many candidates.
      const bytes = Buffer.from(randomBytes(size).map((b) => b & 0x03));
      block.write(0, bytes);
      const scan = new ValueScan(block, options);
      const model = new Model(options);
      // Exact (a byte search for integers) and range first scans, with a value that occurs.
      const present = new Model(options);
      present.first(bytes, { mode: 'unknown' });
      const value = [...present.candidates.values()][7]!;
      for (const first of [
        { mode: 'exact', value },
        { mode: 'range', min: value, max: value },
      ] as FirstScan[]) {
        await scan.firstScan(first, { chunkSize: 64 });
        model.first(bytes, first);
        await expectSame(scan, model);
        expect(model.candidates.size).toBeGreaterThan(0);
      }
      await scan.firstScan({ mode: 'unknown' }, { chunkSize: 64 });
      model.first(bytes, { mode: 'unknown' });
      await expectSame(scan, model);
      expect(scan.stats().dense).toBe(true);
      const steps: NextScan[] = [
        { mode: 'unchanged' },
        { mode: 'changed' },
        { mode: 'increased' },
        { mode: 'decreased' },
        { mode: 'increasedBy', by: 1 },
        { mode: 'decreasedBy', by: 1 },
      ];
      for (const step of steps) {
        // Restart from unknown each time so every mode sees a full candidate set.
        await scan.firstScan({ mode: 'unknown' }, { chunkSize: 64 });
        model.first(bytes, { mode: 'unknown' });
        mutate(bytes);
        block.write(0, bytes);
        await scan.nextScan(step, { chunkSize: 64 });
        model.next(bytes, step);
        await expectSame(scan, model);
        // A second step of the same kind works on the sparse (or dense) result.
        mutate(bytes);
        block.write(0, bytes);
        await scan.nextScan(step, { chunkSize: 136 });
        model.next(bytes, step);
        await expectSame(scan, model);
      }
      scan.dispose();
      block.close();
    });
  }

  it('exact and range first scans, then equal-to and range next scans', async () => {
    const options: ValueScanOptions = { type: 'u16', endianness: 'little', aligned: false };
    const block = newBlock(2048);
    const bytes = Buffer.from(randomBytes(2048).map((b) => b & 0x01));
    block.write(0, bytes);
    const scan = new ValueScan(block, options);
    const model = new Model(options);
    const steps: Array<['first', FirstScan] | ['next', NextScan]> = [
      ['first', { mode: 'exact', value: 0x0101 }],
      ['next', { mode: 'exact', value: 0x0101 }],
      ['first', { mode: 'range', min: 1, max: 256 }],
      ['next', { mode: 'range', min: 0, max: 1 }],
    ];
    for (const [kind, criteria] of steps) {
      if (kind === 'first') {
        await scan.firstScan(criteria as FirstScan, { chunkSize: 512 });
        model.first(bytes, criteria as FirstScan);
      } else {
        mutate(bytes);
        block.write(0, bytes);
        await scan.nextScan(criteria as NextScan, { chunkSize: 512 });
        model.next(bytes, criteria as NextScan);
      }
      await expectSame(scan, model);
      expect(model.candidates.size).toBeGreaterThan(0);
    }
    block.close();
  });
});

describe('ValueScan workflow', () => {
  it('finds a counter that another writer increments among random changes in a 64 KiB block', async () => {
    const block = newBlock(64 * 1024);
    block.write(0, randomBytes(64 * 1024));
    // Aligned, as Cheat Engine's default: unaligned starts 0x1ED..0x1EF hold the
    // counter's low byte as their high byte, so they rise with it too.
    const scan = new ValueScan(block, { type: 'u32', endianness: 'little', aligned: true });
    let counter = 1000;
    const tick = (): void => {
      counter += 1;
      block.write(0x1f0, encodeNumber(counter, 'u32', 'little'));
      for (let i = 0; i < 50; i++) {
        const at = Math.floor(Math.random() * (64 * 1024 - 4));
        if (at + 4 <= 0x1f0 || at >= 0x1f4) block.write(at, randomBytes(4)); // other bytes, never the counter's
      }
    };
    tick();
    await scan.firstScan({ mode: 'unknown' });
    tick();
    await scan.nextScan({ mode: 'increased' });
    tick();
    await scan.nextScan({ mode: 'increased' });
    const found = scan.candidates(0, 10);
    expect(found.length).toBeLessThanOrEqual(3);
    expect(found.map((c) => c.offset)).toContain(0x1f0);
    expect(found.find((c) => c.offset === 0x1f0)?.previous).toBe(counter);
    block.close();
  });

  it('takes dense memory for an unknown scan, compacts to offsets + values when few remain, and reports both', async () => {
    const size = 1 << 20;
    const block = newBlock(size);
    const scan = new ValueScan(block, { type: 'u32', endianness: 'little', aligned: true });
    const first = await scan.firstScan({ mode: 'unknown' });
    expect(first.count).toBe(size / 4);
    expect(first.dense).toBe(true);
    expect(first.memoryBytes).toBeGreaterThanOrEqual(size + size / 4 / 8);
    expect(first.memoryBytes).toBeLessThan(size * 1.2);
    block.write(400, encodeNumber(7, 'u32', 'little'));
    block.write(800, encodeNumber(9, 'u32', 'little'));
    const next = await scan.nextScan({ mode: 'changed' });
    expect(next.count).toBe(2);
    expect(next.dense).toBe(false);
    expect(next.memoryBytes).toBeLessThanOrEqual(2 * (4 + 4) + 64);
    expect(scan.candidates()).toEqual([
      { offset: 400, previous: 7 },
      { offset: 800, previous: 9 },
    ]);
    block.close();
  });

  it('keeps the previous candidates when a step is cancelled, and refuses a second step while one runs', async () => {
    const block = newBlock(1 << 20);
    const scan = new ValueScan(block, { type: 'u8', endianness: 'little', aligned: true });
    await scan.firstScan({ mode: 'exact', value: 0 });
    const before = scan.stats().count;
    expect(before).toBe(1 << 20);
    block.write(5, Uint8Array.of(1));
    const controller = new AbortController();
    let steps = 0;
    const running = scan.nextScan(
      { mode: 'changed' },
      {
        chunkSize: 4096,
        signal: controller.signal,
        onProgress: () => {
          if (++steps === 2) controller.abort(new Error('user cancelled'));
        },
      },
    );
    await expect(scan.nextScan({ mode: 'unchanged' })).rejects.toMatchObject({ code: 'ERR_SCAN_BUSY' });
    expect(() => scan.stats()).toThrow(expect.objectContaining({ code: 'ERR_SCAN_BUSY' }));
    await expect(running).rejects.toThrow('user cancelled');
    expect(scan.stats().count).toBe(before);
    expect((await scan.nextScan({ mode: 'changed' })).count).toBe(1);
    block.close();
  });

  it('refuses values outside the type, a next scan before a first, and use after dispose', async () => {
    const block = newBlock(4096);
    const scan = new ValueScan(block, { type: 'i8', endianness: 'little', aligned: true });
    await expect(scan.nextScan({ mode: 'changed' })).rejects.toMatchObject({ code: 'ERR_SCAN_ORDER' });
    await expect(scan.firstScan({ mode: 'exact', value: 200 })).rejects.toMatchObject({ code: 'ERR_SCAN_VALUE' });
    await expect(scan.firstScan({ mode: 'exact', value: 1.5 })).rejects.toMatchObject({ code: 'ERR_SCAN_VALUE' });
    scan.dispose();
    expect(() => scan.candidates()).toThrow(expect.objectContaining({ code: 'ERR_SCAN_DISPOSED' }));
    block.close();
  });

  it('scans a block whose last chunk is shorter than a value (found by the sanitizer run)', async () => {
    const block = newBlock(2 * 64 + 3); // the last chunk owns 3 starts, none with room for 8 bytes
    block.write(120, encodeNumber(77n, 'u64', 'little'));
    const scan = new ValueScan(block, { type: 'u64', endianness: 'little', aligned: false });
    const stats = await scan.firstScan({ mode: 'exact', value: 77n }, { chunkSize: 64 });
    expect(stats.count).toBe(1);
    expect(scan.candidates()).toEqual([{ offset: 120, previous: 77n }]);
    block.close();
  });

  it('reports a block closed during a scan with its code and keeps the session usable', async () => {
    const block = newBlock(4096);
    const scan = new ValueScan(block, { type: 'u8', endianness: 'little', aligned: true });
    block.close();
    await expect(scan.firstScan({ mode: 'unknown' })).rejects.toMatchObject({ code: 'ERR_SHM_CLOSED' });
    expect(scan.stats().scanned).toBe(false);
  });
});
